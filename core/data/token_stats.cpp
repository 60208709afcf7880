// Token statistics (contract in token_stats.hpp).
#include "core/data/token_stats.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/math/philox.hpp"

namespace llada {

TokenStats token_stats(std::span<const std::int32_t> ids, std::int32_t vocab_size,
                       const std::function<bool(std::int32_t)>& in_vocab) {
  TokenStats s;
  s.vocab_size = vocab_size;
  s.counts.assign(static_cast<std::size_t>(vocab_size), 0);
  for (std::int32_t id : ids) {
    assert(id >= 0 && id < vocab_size);
    ++s.counts[static_cast<std::size_t>(id)];
  }
  s.total = static_cast<std::int64_t>(ids.size());
  for (std::int32_t id = 0; id < vocab_size; ++id) {
    const std::int64_t c = s.counts[static_cast<std::size_t>(id)];
    // A token that occurs is in the vocabulary whatever in_vocab says (it was produced by the tokenizer).
    if (c > 0) {
      s.by_rank.push_back({id, c});
    } else if (!in_vocab || in_vocab(id)) {
      s.unused.push_back(id);
    }
  }
  s.used = static_cast<std::int64_t>(s.by_rank.size());
  s.vocab_tokens = s.used + static_cast<std::int64_t>(s.unused.size());
  s.coverage = s.vocab_tokens ? double(s.used) / double(s.vocab_tokens) : 0.0;
  std::stable_sort(s.by_rank.begin(), s.by_rank.end(),
                   [](const TokenCount& a, const TokenCount& b) { return a.count > b.count; });  // ids stay ascending within a count
  return s;
}

std::vector<TokenCount> most_common(const TokenStats& s, std::size_t n) {
  n = std::min(n, s.by_rank.size());
  return {s.by_rank.begin(), s.by_rank.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<TokenCount> least_common(const TokenStats& s, std::size_t n) {
  std::vector<TokenCount> v = s.by_rank;
  std::stable_sort(v.begin(), v.end(), [](const TokenCount& a, const TokenCount& b) {
    return a.count != b.count ? a.count < b.count : a.id < b.id;
  });
  v.resize(std::min(n, v.size()));
  return v;
}

std::vector<std::int32_t> never_used(const TokenStats& s, std::size_t n, std::uint64_t seed) {
  std::vector<std::int32_t> pool = s.unused;
  n = std::min(n, pool.size());
  if (seed != 0) {
    // Partial Fisher–Yates: position i takes a uniform pick among pool[i..m). The index uses the i-th
    // 32-bit Philox word w as floor(w·(m−i) / 2^32): bias below (m−i)/2^32 < 3e-5, invisible here.
    const std::uint64_t m = pool.size();
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint32_t w = philox_block(seed, stream::shuffle, i >> 2).w[i & 3u];
      const std::uint64_t j = i + ((std::uint64_t(w) * (m - i)) >> 32);
      std::swap(pool[i], pool[j]);
    }
  }
  pool.resize(n);
  std::sort(pool.begin(), pool.end());
  return pool;
}

std::vector<ZipfPoint> zipf_points(const TokenStats& s, std::size_t max_points) {
  std::vector<ZipfPoint> pts;
  const std::size_t R = s.by_rank.size();
  if (R == 0 || max_points == 0) return pts;
  auto add = [&](std::size_t rank) {  // rank is 1-based
    pts.push_back({std::log10(double(rank)), std::log10(double(s.by_rank[rank - 1].count))});
  };
  if (R <= max_points || max_points == 1) {
    for (std::size_t r = 1; r <= std::min(R, max_points); ++r) add(r);
    return pts;
  }
  std::size_t last = 0;
  const double lr = std::log(double(R));
  for (std::size_t k = 0; k < max_points; ++k) {
    std::size_t r = static_cast<std::size_t>(std::llround(std::exp(lr * double(k) / double(max_points - 1))));
    r = std::clamp<std::size_t>(r, 1, R);
    if (r > last) add(r), last = r;  // low ranks round to the same integer: keep one each
  }
  return pts;
}

ZipfFit zipf_fit(std::span<const ZipfPoint> p) {
  ZipfFit f;
  const double n = double(p.size());
  if (p.size() < 2) return f;
  double sx = 0, sy = 0;
  for (const auto& q : p) sx += q.log10_rank, sy += q.log10_count;
  const double mx = sx / n, my = sy / n;
  double sxx = 0, sxy = 0, syy = 0;
  for (const auto& q : p) {
    const double dx = q.log10_rank - mx, dy = q.log10_count - my;
    sxx += dx * dx, sxy += dx * dy, syy += dy * dy;
  }
  if (sxx == 0) return f;
  const double slope = sxy / sxx;
  f.exponent = -slope;
  f.intercept = my - slope * mx;
  f.r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1.0;
  return f;
}

}  // namespace llada
