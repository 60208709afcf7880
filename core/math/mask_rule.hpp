// The forward-process rule for one token, shared by the CPU (core/math/masking.hpp) and the CUDA
// kernel (gpu/masking.cu): header-only, C++17, host/device.
//
// Token `pos` of sequence `seq` gets the uniform
//     u = uniform01(seed, stream::mask, seq · 2^32 + pos)       (for seq < 2^32; mask_block below
//                                                                extends the counter to every seq)
// and is masked at time t exactly when u < t (both floats, compared as floats on both sides, so CPU
// and GPU agree bit for bit). Consequences the lab relies on:
//   - for fixed (seed, seq) the masked set only grows with t (u < t ⇒ u < t' for t' ≥ t);
//   - t = 0 masks nothing (u ≥ 0), t = 1 masks everything (u ≤ 1 − 2^-24 < 1);
//   - P(masked) = P(u < t) = ceil(t·2^24)/2^24, which is t up to 6e-8: independent Bernoulli(t).
//   - a token's u does not depend on the sequence length, so editing the end of a sentence never
//     redraws the uniforms of the words before it.
// Every 64-bit seq has its own uniforms (no wrap: validation rows from 2^40 and probe rows from 2^41
// never repeat a training sequence's); pos < 2^32.
#pragma once

#include "core/math/philox.hpp"

namespace llada {

// The Philox block holding positions 4j … 4j+3 of sequence `seq`: the 128-bit counter is
// (lo32(b), hi32(b), stream::mask, seq >> 34) with b = seq·2^30 + j mod 2^64, so every (seq, j) with
// j < 2^30 (pos < 2^32) has a block of its own for all 2^64 sequence numbers. For seq < 2^34 the last word
// is 0 and this is philox_block(seed, stream::mask, b): uniform01(seed, stream::mask, seq·2^32 + pos).
LLADA_HD inline PhiloxWords mask_block(uint64_t seed, uint64_t seq, uint32_t j) {
  const uint64_t b = (seq << 30) | uint64_t(j);
  return philox4x32_10(uint32_t(b), uint32_t(b >> 32), stream::mask, uint32_t(seq >> 34), uint32_t(seed),
                       uint32_t(seed >> 32));
}

// u_i of token `pos` of sequence `seq`.
LLADA_HD inline float mask_uniform(uint64_t seed, uint64_t seq, uint32_t pos) {
  return word_to_unit(mask_block(seed, seq, pos >> 2).w[pos & 3u]);
}

// Uniforms of positions 4·j … 4·j+3 of sequence `seq` in one Philox call (same values as mask_uniform,
// for every seq). j < 2^30.
LLADA_HD inline Uniform4 mask_uniform4(uint64_t seed, uint64_t seq, uint32_t j) {
  const PhiloxWords b = mask_block(seed, seq, j);
  return Uniform4{{word_to_unit(b.w[0]), word_to_unit(b.w[1]), word_to_unit(b.w[2]), word_to_unit(b.w[3])}};
}

LLADA_HD inline bool is_masked(float u, float t) { return u < t; }

// The loss weight of a masked token of a row at time t, in a batch of B rows of L tokens: 1/(B·L)·1/t
// (LLaDA's normalisation; without inverse_t, 1/(B·L)), computed in double and rounded once.
LLADA_HD inline float llada_weight(int B, int L, float t, bool inverse_t) {
  const double norm = 1.0 / (static_cast<double>(B) * L);
  return static_cast<float>(norm * (inverse_t ? 1.0 / t : 1.0));
}

// The diffusion time of training sequence `seq`: t = eps + (1 − eps)·u with u = uniform01(seed,
// stream::time, seq), so t ∈ [eps, 1] (1 only through float rounding) and the 1/t of the loss stays
// finite (LLaDA uses eps = 1e-3). The product and the sum are rounded one at a time on both sides (nvcc
// would otherwise fuse them into one FMA), so a kernel draws the same t as the CPU, bit for bit.
LLADA_HD inline float sample_time(uint64_t seed, uint64_t seq, float eps = 1e-3f) {
  const float u = uniform01(seed, stream::time, seq);
#if defined(__CUDA_ARCH__)
  return __fadd_rn(eps, __fmul_rn(1.0f - eps, u));
#else
  return eps + (1.0f - eps) * u;
#endif
}

// One position of LLaDA's objective (nn::Backend::llada_mask): a masked token becomes [MASK] in the
// input, its clean id the target, w its loss weight; any other keeps its id, has no target (-1) and
// weight 0.
struct LladaCell {
  int32_t input, target;
  float weight;
};
LLADA_HD inline LladaCell llada_cell(bool masked, int32_t x0, int32_t mask_id, float w) {
  return masked ? LladaCell{mask_id, x0, w} : LladaCell{x0, -1, 0.0f};
}

// Σ weights of one row with `count` masked positions of weight w, in double: exact (w has 24 significant
// bits, count < 2^29), so it equals adding w count times in any order. The batch's Σ adds the rows'
// sums in row order, on the CPU and on a device alike.
LLADA_HD inline double llada_row_weight(int count, float w) { return static_cast<double>(count) * static_cast<double>(w); }

}  // namespace llada
