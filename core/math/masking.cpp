// The forward process on the CPU: the reference for gpu/masking.cu.
#include "core/math/masking.hpp"

#include <cmath>
#include <string>

namespace llada {

Result<void> check_time(double t, const char* what) {
  if (std::isnan(t) || t < 0.0 || t > 1.0)
    return fail(std::string(what) + " = " + std::to_string(t) + " is not a time in [0, 1]",
                "choose t between 0 (nothing masked) and 1 (everything masked)");
  return {};
}

// Fills one row: x_t, flags and (optionally) the uniforms; returns the mask count. Uses one Philox
// call per 4 positions; mask_uniform4 gives the same values as mask_uniform position by position.
static int mask_row(const std::int32_t* x0, int L, float t, std::int32_t mask_id, std::uint64_t seed,
                    std::uint64_t seq, std::int32_t* xt, std::uint8_t* masked, float* u_out) {
  int count = 0;
  for (int j = 0; 4 * j < L; ++j) {
    const Uniform4 u4 = mask_uniform4(seed, seq, std::uint32_t(j));
    for (int r = 0; r < 4 && 4 * j + r < L; ++r) {
      const int i = 4 * j + r;
      const bool m = is_masked(u4.u[r], t);
      count += m;
      if (xt) xt[i] = m ? mask_id : x0[i];
      if (masked) masked[i] = m;
      if (u_out) u_out[i] = u4.u[r];
    }
  }
  return count;
}

Result<MaskedSequence> mask_sequence(std::span<const std::int32_t> x0, float t, std::int32_t mask_id,
                                     std::uint64_t seed, std::uint64_t seq) {
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  const int L = int(x0.size());
  MaskedSequence out;
  out.tokens.resize(L);
  out.masked.resize(L);
  out.u.resize(L);
  out.count = mask_row(x0.data(), L, t, mask_id, seed, seq, out.tokens.data(), out.masked.data(), out.u.data());
  return out;
}

Result<void> check_batch(std::size_t n_tokens, int B, int L, std::span<const float> t) {
  if (B < 0 || L < 0) return fail("batch shape (" + std::to_string(B) + ", " + std::to_string(L) + ") is negative");
  if (n_tokens != std::size_t(B) * std::size_t(L))
    return fail("the batch holds " + std::to_string(n_tokens) + " tokens but B×L = " + std::to_string(B) + "×" +
                    std::to_string(L),
                "pass B·L token ids, row-major");
  if (t.size() != std::size_t(B))
    return fail("got " + std::to_string(t.size()) + " times for " + std::to_string(B) + " sequences",
                "give one t per sequence");
  for (float tb : t)
    if (auto ok = check_time(tb); !ok) return ok;
  return {};
}

Result<MaskedBatch> mask_batch(std::span<const std::int32_t> x0, int B, int L, std::span<const float> t,
                               std::int32_t mask_id, std::uint64_t seed, std::uint64_t first_seq) {
  if (auto ok = check_batch(x0.size(), B, L, t); !ok) return std::unexpected(ok.error());
  MaskedBatch out;
  out.B = B;
  out.L = L;
  out.tokens.resize(x0.size());
  out.masked.resize(x0.size());
  out.counts.resize(B);
  for (int b = 0; b < B; ++b) {
    const std::size_t off = std::size_t(b) * L;
    out.counts[b] = mask_row(x0.data() + off, L, t[b], mask_id, seed, first_seq + b, out.tokens.data() + off,
                             out.masked.data() + off, nullptr);
  }
  return out;
}

Result<std::vector<std::int32_t>> simulate_mask_counts(int L, float t, std::uint64_t seed, std::uint64_t first_seq,
                                                       int n_seq) {
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  if (L < 0 || n_seq < 0) return fail("sequence length and count must not be negative");
  std::vector<std::int32_t> counts(n_seq);
  for (int s = 0; s < n_seq; ++s)
    counts[s] = mask_row(nullptr, L, t, 0, seed, first_seq + s, nullptr, nullptr, nullptr);
  return counts;
}

Result<std::vector<std::int64_t>> mask_count_histogram(std::span<const std::int32_t> counts, int L) {
  if (L < 0) return fail("sequence length " + std::to_string(L) + " is negative");
  std::vector<std::int64_t> hist(std::size_t(L) + 1, 0);
  for (std::int32_t c : counts) {
    if (c < 0 || c > L)
      return fail("mask count " + std::to_string(c) + " is outside [0, " + std::to_string(L) + "]",
                  "counts must come from sequences of length L");
    ++hist[c];
  }
  return hist;
}

}  // namespace llada
