// The forward-process rule for one token, shared by the CPU (core/math/masking.hpp) and the CUDA
// kernel (gpu/masking.cu): header-only, C++17, host/device.
//
// Token `pos` of sequence `seq` gets the uniform
//     u = uniform01(seed, stream::mask, seq · 2^32 + pos)
// and is masked at time t exactly when u < t (both floats, compared as floats on both sides, so CPU
// and GPU agree bit for bit). Consequences the lab relies on:
//   - for fixed (seed, seq) the masked set only grows with t (u < t ⇒ u < t' for t' ≥ t);
//   - t = 0 masks nothing (u ≥ 0), t = 1 masks everything (u ≤ 1 − 2^-24 < 1);
//   - P(masked) = P(u < t) = ceil(t·2^24)/2^24, which is t up to 6e-8: independent Bernoulli(t).
//   - a token's u does not depend on the sequence length, so editing the end of a sentence never
//     redraws the uniforms of the words before it.
// seq is taken modulo 2^32 (seq ≥ 2^32 repeats earlier sequences); pos < 2^32.
#pragma once

#include "core/math/philox.hpp"

namespace llada {

LLADA_HD inline uint64_t mask_uniform_index(uint64_t seq, uint32_t pos) { return (seq << 32) | uint64_t(pos); }

// u_i of token `pos` of sequence `seq`.
LLADA_HD inline float mask_uniform(uint64_t seed, uint64_t seq, uint32_t pos) {
  return uniform01(seed, stream::mask, mask_uniform_index(seq, pos));
}

// Uniforms of positions 4·j … 4·j+3 of sequence `seq` in one Philox call (same values as mask_uniform).
LLADA_HD inline Uniform4 mask_uniform4(uint64_t seed, uint64_t seq, uint32_t j) {
  return uniform01x4(seed, stream::mask, (seq << 30) | uint64_t(j));
}

LLADA_HD inline bool is_masked(float u, float t) { return u < t; }

// The diffusion time of training sequence `seq`: t = eps + (1 − eps)·u with u = uniform01(seed,
// stream::time, seq), so t ∈ [eps, 1] (1 only through float rounding) and the 1/t of the loss stays
// finite (LLaDA uses eps = 1e-3).
LLADA_HD inline float sample_time(uint64_t seed, uint64_t seq, float eps = 1e-3f) {
  return eps + (1.0f - eps) * uniform01(seed, stream::time, seq);
}

}  // namespace llada
