// The forward process: the rule u_i < t, its edges, its monotonicity, and its statistics.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/math/binomial.hpp"
#include "core/math/masking.hpp"

using namespace llada;

static constexpr std::int32_t kMask = 99999;

static std::vector<std::int32_t> iota_tokens(int L) {
  std::vector<std::int32_t> x(L);
  std::iota(x.begin(), x.end(), 100);
  return x;
}

TEST_CASE("a masked token becomes [MASK] exactly when its uniform is below t") {
  const auto x0 = iota_tokens(37);
  auto r = mask_sequence(x0, 0.45f, kMask, 11, 3);
  REQUIRE(r.has_value());
  int count = 0;
  for (int i = 0; i < 37; ++i) {
    CHECK(r->u[i] == mask_uniform(11, 3, std::uint32_t(i)));
    const bool m = r->u[i] < 0.45f;
    CHECK(bool(r->masked[i]) == m);
    CHECK(r->tokens[i] == (m ? kMask : x0[i]));
    count += m;
  }
  CHECK(r->count == count);
  CHECK(count > 0);
  CHECK(count < 37);
}

TEST_CASE("t = 0 masks nothing and t = 1 masks everything") {
  const auto x0 = iota_tokens(1000);
  for (std::uint64_t seq = 0; seq < 5; ++seq) {
    auto none = mask_sequence(x0, 0.0f, kMask, 5, seq);
    auto all = mask_sequence(x0, 1.0f, kMask, 5, seq);
    REQUIRE(none.has_value());
    REQUIRE(all.has_value());
    CHECK(none->count == 0);
    CHECK(none->tokens == x0);
    CHECK(all->count == 1000);
    CHECK(std::all_of(all->tokens.begin(), all->tokens.end(), [](std::int32_t v) { return v == kMask; }));
  }
}

TEST_CASE("for fixed uniforms the masked set only grows as t grows") {
  const auto x0 = iota_tokens(64);
  std::vector<std::uint8_t> prev(64, 0);
  int prev_count = 0;
  for (int s = 0; s <= 200; ++s) {
    const float t = float(s) / 200.0f;
    auto r = mask_sequence(x0, t, kMask, 77, 1);
    REQUIRE(r.has_value());
    for (int i = 0; i < 64; ++i) CHECK(r->masked[i] >= prev[i]);  // once masked, stays masked
    CHECK(r->count >= prev_count);
    prev = r->masked;
    prev_count = r->count;
  }
  CHECK(prev_count == 64);
}

TEST_CASE("a token's uniform does not depend on the sequence length") {
  auto short_r = mask_sequence(iota_tokens(5), 0.5f, kMask, 8, 2);
  auto long_r = mask_sequence(iota_tokens(50), 0.5f, kMask, 8, 2);
  REQUIRE(short_r.has_value());
  REQUIRE(long_r.has_value());
  for (int i = 0; i < 5; ++i) CHECK(short_r->u[i] == long_r->u[i]);
}

TEST_CASE("the four-at-a-time uniforms equal the one-at-a-time ones") {
  for (std::uint32_t j = 0; j < 50; ++j) {
    const Uniform4 u4 = mask_uniform4(3, 12, j);
    for (std::uint32_t r = 0; r < 4; ++r) CHECK(u4.u[r] == mask_uniform(3, 12, 4 * j + r));
  }
}

TEST_CASE("row b of a batch is sequence first_seq + b at its own t") {
  const int B = 4, L = 13;
  std::vector<std::int32_t> x0(B * L);
  std::iota(x0.begin(), x0.end(), 0);
  const std::vector<float> t = {0.1f, 0.5f, 0.9f, 1.0f};
  auto batch = mask_batch(x0, B, L, t, kMask, 21, 1000);
  REQUIRE(batch.has_value());
  for (int b = 0; b < B; ++b) {
    std::vector<std::int32_t> row(x0.begin() + b * L, x0.begin() + (b + 1) * L);
    auto one = mask_sequence(row, t[b], kMask, 21, 1000 + b);
    REQUIRE(one.has_value());
    CHECK(std::equal(one->tokens.begin(), one->tokens.end(), batch->tokens.begin() + b * L));
    CHECK(std::equal(one->masked.begin(), one->masked.end(), batch->masked.begin() + b * L));
    CHECK(batch->counts[b] == one->count);
  }
  auto counts = simulate_mask_counts(L, 0.5f, 21, 1001, 1);
  REQUIRE(counts.has_value());
  CHECK((*counts)[0] == batch->counts[1]);
}

TEST_CASE("times below 0 or above 1, NaN and mis-sized buffers are rejected with a hint") {
  const auto x0 = iota_tokens(4);
  for (float bad : {-0.01f, 1.01f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    auto r = mask_sequence(x0, bad, kMask, 1);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("not a time in [0, 1]") != std::string::npos);
    CHECK_FALSE(r.error().hint.empty());
  }
  const std::vector<float> t2 = {0.5f, 0.5f};
  CHECK_FALSE(mask_batch(x0, 2, 3, t2, kMask, 1).has_value());          // 4 tokens for 2×3
  CHECK_FALSE(mask_batch(x0, 2, 2, std::span(t2).first(1), kMask, 1).has_value());  // one t for two rows
  CHECK(mask_batch(x0, 2, 2, t2, kMask, 1).has_value());
  const std::vector<std::int32_t> counts = {0, 3, 4};
  CHECK_FALSE(mask_count_histogram(counts, 3).has_value());
  auto h = mask_count_histogram(counts, 4);
  REQUIRE(h.has_value());
  CHECK(*h == std::vector<std::int64_t>{1, 0, 0, 1, 1});
}

TEST_CASE("the mean mask fraction is t") {
  // 4000 sequences × 50 tokens = 200k Bernoulli(t) draws: the standard error of the fraction is
  // sqrt(t(1−t)/200000) ≤ 1.12e-3, so 5 standard errors is 5.6e-3 (fixed seed: deterministic).
  for (float t : {0.05f, 0.3f, 0.5f, 0.8f}) {
    auto counts = simulate_mask_counts(50, t, 314, 0, 4000);
    REQUIRE(counts.has_value());
    const double frac = std::accumulate(counts->begin(), counts->end(), 0.0) / (4000.0 * 50.0);
    CHECK(std::abs(frac - t) < 5.6e-3);
  }
}

// Total variation between the empirical mask-count histogram of N sequences and Binomial(L, t).
static double tv_to_binomial(const std::vector<std::int64_t>& hist, int N, int L, double t) {
  const auto pmf = Binomial::make(L, t)->pmf_table();
  double tv = 0;
  for (int k = 0; k <= L; ++k) tv += std::abs(double(hist[k]) / N - pmf[k]);
  return tv / 2;
}

// Why this bound is honest: E|p̂_k − p_k| ≤ sqrt(p_k(1−p_k)/N) (Jensen), so E[TV] ≤ ½ Σ sqrt(p_k(1−p_k)/N).
// TV moves by at most 1/N when one of the N independent sequences changes, so by McDiarmid
// P(TV ≥ E[TV] + ε) ≤ exp(−2Nε²); with N = 20000 and ε = 0.025 that is e^-25 ≈ 1e-11.
static double tv_bound(int N, int L, double t) {
  const auto pmf = Binomial::make(L, t)->pmf_table();
  double e = 0;
  for (double p : pmf) e += std::sqrt(p * (1 - p) / N);
  return e / 2 + 0.025;
}

TEST_CASE("the mask-count histogram of many sequences matches the Binomial(L, t) pmf") {
  const int N = 20000;
  for (auto [L, t] : {std::pair{32, 0.3f}, std::pair{8, 0.5f}, std::pair{100, 0.9f}}) {
    CAPTURE(L);
    CAPTURE(t);
    auto counts = simulate_mask_counts(L, t, 2718, 0, N);
    REQUIRE(counts.has_value());
    auto hist = mask_count_histogram(*counts, L);
    REQUIRE(hist.has_value());
    CHECK(tv_to_binomial(*hist, N, L, t) < tv_bound(N, L, t));
    // The test can tell t apart from t + 0.05: the same histogram is far from that law.
    CHECK(tv_to_binomial(*hist, N, L, t + 0.05) > tv_bound(N, L, t + 0.05));
  }
}

TEST_CASE("training times are uniform on eps to 1 and never reach 0") {
  const int n = 100000;
  double s = 0, lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const float t = sample_time(5, std::uint64_t(i), 1e-3f);
    s += t;
    lo = std::min(lo, double(t));
    hi = std::max(hi, double(t));
  }
  CHECK(lo >= 1e-3f);
  CHECK(hi <= 1.0);
  CHECK(hi > 0.999);  // 100k draws reach the top 0.1 % (P(miss) = 0.999^100000 ≈ e^-100)
  // Mean (1 + eps)/2; SE = 0.999/sqrt(12 n) = 9.1e-4, so 5 SE = 4.6e-3.
  CHECK(std::abs(s / n - 0.5005) < 4.6e-3);
  CHECK(sample_time(5, 7) == sample_time(5, 7));  // replayable: a pure function of (seed, seq)
}

TEST_CASE("a token whose uniform equals t exactly stays clean, and is masked just above it (u < t, not u <= t)") {
  // The rule's edge, where `u <= t` would differ: t = 0 with u = 0 must mask nothing (the header's
  // promise), and t = u_i leaves token i clean on every path (one sequence, a batch, the counts).
  CHECK_FALSE(is_masked(0.0f, 0.0f));
  CHECK(is_masked(0.0f, std::nextafter(0.0f, 1.0f)));
  CHECK_FALSE(is_masked(0.5f, 0.5f));
  const auto x0 = iota_tokens(16);
  auto r = mask_sequence(x0, 0.5f, kMask, 4, 9);
  REQUIRE(r.has_value());
  for (int i = 0; i < 16; ++i) {
    const float u = r->u[i];
    auto at = mask_sequence(x0, u, kMask, 4, 9);
    auto above = mask_sequence(x0, std::nextafter(u, 2.0f), kMask, 4, 9);
    REQUIRE(at.has_value());
    REQUIRE(above.has_value());
    CHECK_FALSE(at->masked[i]);
    CHECK(above->masked[i]);
    const std::vector<float> t_row = {u};
    auto batch = mask_batch(x0, 1, 16, t_row, kMask, 4, 9);
    REQUIRE(batch.has_value());
    CHECK_FALSE(batch->masked[i]);
    // The counts path: exactly the tokens with u < t.
    int below = 0;
    for (int k = 0; k < 16; ++k) below += r->u[k] < u;
    CHECK(simulate_mask_counts(16, u, 4, 9, 1).value()[0] == below);
  }
}

TEST_CASE("the four-at-a-time uniforms equal the one-at-a-time ones for sequence numbers beyond 2^32") {
  // Validation (2^40…) and probe (2^41…) rows, and the 64-bit edges: mask_uniform4 and mask_uniform
  // used to disagree there (one shifted seq by 32 bits, the other by 30).
  const std::uint64_t seqs[] = {(1ull << 32), (1ull << 32) + 5, (1ull << 34) + 1, 1ull << 40, (1ull << 41) + 3,
                                0x8000000000000001ull, ~0ull};
  for (std::uint64_t seq : seqs)
    for (std::uint32_t j : {0u, 1u, 7u, (1u << 30) - 1}) {
      const Uniform4 u4 = mask_uniform4(3, seq, j);
      for (std::uint32_t r = 0; r < 4; ++r) CHECK(u4.u[r] == mask_uniform(3, seq, 4 * j + r));
    }
}

TEST_CASE("validation and probe rows draw uniforms of their own, not those of training sequences") {
  // Training rows are sequences step·B + b (small); validation rows 2^40 + i, probe rows 2^41 + s. With
  // the old 32-bit shift, 2^40 + i wrapped onto training sequence i.
  for (std::uint64_t i : {0ull, 1ull, 12ull}) {
    int same_val = 0, same_probe = 0;
    for (std::uint32_t pos = 0; pos < 64; ++pos) {
      const float train = mask_uniform(5, i, pos);
      same_val += mask_uniform(5, (1ull << 40) + i, pos) == train;
      same_probe += mask_uniform(5, (1ull << 41) + i, pos) == train;
    }
    CHECK(same_val < 3);  // independent 24-bit uniforms coincide with probability 2^-24 each
    CHECK(same_probe < 3);
  }
  // Below 2^32 the uniforms are those the lab always showed: uniform01 at seq·2^32 + pos.
  for (std::uint64_t seq : {0ull, 3ull, 4000000000ull})
    for (std::uint32_t pos : {0u, 5u, 1000u}) CHECK(mask_uniform(11, seq, pos) == uniform01(11, stream::mask, (seq << 32) | pos));
}

TEST_CASE("at t = 1 a row of any length has exactly L masks counted, the last partial block included") {
  // Uniforms come four to a Philox block; a row whose length is not a multiple of four must stop at
  // its own end and not count (or write) the rest of its last block.
  for (int L : {1, 2, 3, 4, 5, 6, 7, 9, 130}) {
    CAPTURE(L);
    auto counts = simulate_mask_counts(L, 1.0f, 7, 0, 5);
    REQUIRE(counts);
    for (int32_t c : *counts) CHECK(c == L);
    std::vector<int32_t> x0(size_t(L), 3);
    auto one = mask_sequence(x0, 1.0f, 99, 7, 0);
    REQUIRE(one);
    CHECK(one->count == L);
    CHECK(std::count(one->masked.begin(), one->masked.end(), 1) == L);
  }
}
