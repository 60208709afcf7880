// The LLaDA forward process q(x_t | x_0) on the CPU: replace each token by [MASK] independently with
// probability t, using the per-token rule of core/math/mask_rule.hpp (masked ⇔ u_i < t). This is the
// reference the CUDA kernel (gpu/masking.hpp) must match bit for bit.
//
// Shapes: B sequences (batch), L tokens each, row-major (B, L). Token ids are int32.
// Errors: t outside [0, 1] or NaN, B or L < 0, a buffer of the wrong size → Result error.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/math/mask_rule.hpp"
#include "core/util/result.hpp"

namespace llada {

// One masked sentence, for the window's "Forward process" panel.
struct MaskedSequence {
  std::vector<std::int32_t> tokens;  // (L) x_t: x_0 with masked positions replaced by mask_id
  std::vector<std::uint8_t> masked;  // (L) 1 where x_t = [MASK]
  std::vector<float> u;              // (L) the uniforms u_i (show them on the chips)
  int count = 0;                     // number of masked tokens
};

// Masks sequence number `seq` (the uniforms are those of (seed, seq): "resample" = another seq or seed).
Result<MaskedSequence> mask_sequence(std::span<const std::int32_t> x0, float t, std::int32_t mask_id,
                                     std::uint64_t seed, std::uint64_t seq = 0);

struct MaskedBatch {
  int B = 0, L = 0;
  std::vector<std::int32_t> tokens;  // (B, L) x_t
  std::vector<std::uint8_t> masked;  // (B, L) 1 where masked
  std::vector<std::int32_t> counts;  // (B) masked tokens per sequence
};

// Masks a batch: row b is sequence number first_seq + b, at time t[b] (t has B entries, one per
// sequence, as in LLaDA training; pass a span of B equal values for a single t).
Result<MaskedBatch> mask_batch(std::span<const std::int32_t> x0, int B, int L, std::span<const float> t,
                               std::int32_t mask_id, std::uint64_t seed, std::uint64_t first_seq = 0);

// Only the mask counts of sequences first_seq … first_seq+n_seq−1 of length L at time t, without
// tokens (the "Mask counts" panel simulates many; cost n_seq·L/4 Philox calls).
Result<std::vector<std::int32_t>> simulate_mask_counts(int L, float t, std::uint64_t seed, std::uint64_t first_seq,
                                                       int n_seq);

// hist[k] = number of counts equal to k, k = 0 … L (size L+1). Counts outside [0, L] are an error.
Result<std::vector<std::int64_t>> mask_count_histogram(std::span<const std::int32_t> counts, int L);

// Ok when t is a number in [0, 1]; otherwise an error naming `what` (e.g. "t") and the value.
Result<void> check_time(double t, const char* what = "t");

// The checks mask_batch makes on its arguments (B, L ≥ 0; n_tokens = B·L; B times, each in [0, 1]),
// for other backends of it (gpu/masking.hpp).
Result<void> check_batch(std::size_t n_tokens, int B, int L, std::span<const float> t);

}  // namespace llada
