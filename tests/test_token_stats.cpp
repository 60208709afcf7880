#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "core/data/token_stats.hpp"

using llada::TokenCount;
using llada::token_stats;

static bool same(const std::vector<TokenCount>& a, const std::vector<std::pair<int, long>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].id != b[i].first || a[i].count != b[i].second) return false;
  return true;
}

TEST_CASE("counts, vocabulary coverage, and the common, rare and never-used tokens of a small stream") {
  const std::vector<std::int32_t> ids = {3, 3, 3, 1, 1, 7};
  auto s = token_stats(ids, 10);
  CHECK(s.total == 6);
  CHECK(s.counts[3] == 3);
  CHECK(s.counts[1] == 2);
  CHECK(s.counts[0] == 0);
  CHECK(s.used == 3);
  CHECK(s.vocab_tokens == 10);
  CHECK(s.coverage == doctest::Approx(0.3));
  CHECK(same(llada::most_common(s, 2), {{3, 3}, {1, 2}}));
  CHECK(same(llada::least_common(s, 2), {{7, 1}, {1, 2}}));
  CHECK(same(llada::least_common(s, 50), {{7, 1}, {1, 2}, {3, 3}}));  // n larger than used: all of them
  CHECK(llada::never_used(s, 3) == std::vector<std::int32_t>{0, 2, 4});
}

TEST_CASE("ties in count are broken by the lower id, in both directions") {
  auto s = token_stats(std::vector<std::int32_t>{5, 2, 5, 2, 9, 8}, 10);
  CHECK(same(llada::most_common(s, 4), {{2, 2}, {5, 2}, {8, 1}, {9, 1}}));
  CHECK(same(llada::least_common(s, 4), {{8, 1}, {9, 1}, {2, 2}, {5, 2}}));
}

TEST_CASE("ids outside the vocabulary (holes, special tokens) are never counted as never used") {
  // As for cl100k: id 4 names no token and id 9 is a special token.
  auto in_vocab = [](std::int32_t id) { return id != 4 && id != 9; };
  auto s = token_stats(std::vector<std::int32_t>{1, 1, 2}, 10, in_vocab);
  CHECK(s.vocab_tokens == 8);
  CHECK(s.coverage == doctest::Approx(2.0 / 8.0));
  CHECK(s.unused == std::vector<std::int32_t>{0, 3, 5, 6, 7, 8});
  CHECK(llada::never_used(s, 100) == s.unused);
}

TEST_CASE("a seeded draw of never-used ids is reproducible, distinct, unused, and differs by seed") {
  std::vector<std::int32_t> ids;
  for (int i = 0; i < 1000; i += 2) ids.push_back(i);  // evens used, odds never
  auto s = token_stats(ids, 1000);
  auto a = llada::never_used(s, 100, 42), b = llada::never_used(s, 100, 42), c = llada::never_used(s, 100, 43);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(std::is_sorted(a.begin(), a.end()));
  CHECK(std::set<std::int32_t>(a.begin(), a.end()).size() == 100);
  for (auto id : a) CHECK(id % 2 == 1);
  CHECK(a != llada::never_used(s, 100, 0));  // seed 0 means "lowest ids", a different rule
}

TEST_CASE("the seeded never-used draw is uniform over the unused ids") {
  std::vector<std::int32_t> ids = {0};
  auto s = token_stats(ids, 1001);  // unused: 1..1000
  long low = 0, total = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed)
    for (auto id : llada::never_used(s, 100, seed)) low += id <= 500, ++total;
  // Each pick lands in 1..500 with probability 1/2: over 20,000 picks the count has standard deviation
  // ≤ sqrt(20000·0.25) ≈ 71 (draws without replacement only shrink it), so ±5σ = ±355 is a safe bound,
  // while a draw biased to low ids (e.g. always the first ones) would give ~20,000.
  CHECK(total == 20000);
  CHECK(std::abs(low - 10000) < 355);
}

TEST_CASE("Zipf data of a 1/rank distribution fits an exponent of 1") {
  // count(rank) = 100000 / rank, ranks 1..1000, given to ids in shuffled order (id = (rank·7919) % 1000).
  std::vector<std::int32_t> ids;
  for (int r = 1; r <= 1000; ++r)
    ids.insert(ids.end(), static_cast<std::size_t>(100000 / r), static_cast<std::int32_t>((r * 7919) % 1000));
  auto s = token_stats(ids, 1000);
  CHECK(s.used == 1000);
  auto pts = llada::zipf_points(s, 100);
  REQUIRE(pts.size() <= 100);
  REQUIRE(pts.size() > 50);
  CHECK(pts.front().log10_rank == 0.0);
  CHECK(pts.front().log10_count == doctest::Approx(5.0));
  CHECK(pts.back().log10_rank == doctest::Approx(3.0));  // the last rank is always shown
  for (std::size_t i = 1; i < pts.size(); ++i) CHECK(pts[i].log10_rank > pts[i - 1].log10_rank);
  auto fit = llada::zipf_fit(pts);
  CHECK(fit.exponent == doctest::Approx(1.0).epsilon(0.01));  // integer division moves counts < 1 %
  CHECK(fit.intercept == doctest::Approx(5.0).epsilon(0.01));
  CHECK(fit.r2 > 0.999);
}

TEST_CASE("Zipf data lists every rank when there are few, and a steeper law fits a larger exponent") {
  std::vector<std::int32_t> ids;
  for (int r = 1; r <= 20; ++r) ids.insert(ids.end(), static_cast<std::size_t>(40000 / (r * r)), r - 1);
  auto s = token_stats(ids, 20);
  auto pts = llada::zipf_points(s, 200);
  CHECK(pts.size() == 20);
  CHECK(llada::zipf_fit(pts).exponent == doctest::Approx(2.0).epsilon(0.02));
  CHECK(llada::zipf_points(llada::token_stats(std::vector<std::int32_t>{}, 5)).empty());
}
