// Philox4x32-10: the one random generator of LLaDA Lab, counter-based, identical on CPU and GPU.
//
// Salmon, Moraes, Dror, Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3" (SC'11). A counter-based
// generator has no state: the random words are a pure function of (key, counter). So every consumer
// (masks, t, initialisation, sampling, shuffling, dropout) asks for "the index-th number of stream s
// under seed k" and gets the same answer on any thread, on the GPU, in the window and on the command
// line, in any order.
//
// Keying (fixed; changing it changes every mask and every initial weight the lab ever showed):
//   key     = (lo32(seed), hi32(seed))
//   counter = (lo32(block), hi32(block), stream, 0)      with block = index / 4
//   uniform01(seed, stream, index) = word[index % 4] of philox(counter, key), mapped to [0,1) below.
// So one Philox call yields the four consecutive indices 4b..4b+3, and uniform01x4(seed, stream, b)
// returns exactly { uniform01(.., 4b), uniform01(.., 4b+1), uniform01(.., 4b+2), uniform01(.., 4b+3) }.
//
// The word → float mapping is exact: u = (w >> 8) · 2^-24, i.e. the top 24 bits of the word as a
// multiple of 2^-24. Every value is exactly representable in float, u ∈ {0, 2^-24, …, 1 − 2^-24}:
// never 1, so `u < 1` always holds (t = 1 masks everything) and `u < 0` never (t = 0 masks nothing).
//
// Header-only and C++17 so that nvcc (-std=c++17) compiles it into kernels; LLADA_HD marks functions
// callable from both sides. Known-answer tests against Random123's kat_vectors: tests/test_philox.cpp.
#pragma once

#include <math.h>
#include <stdint.h>

#include "core/math/host_device.hpp"

namespace llada {

// Named streams: each consumer of randomness draws from its own stream, so e.g. changing how many
// weights are initialised never shifts the masks. Values are part of the reproducibility contract.
namespace stream {
constexpr uint32_t mask = 1;      // forward-process uniforms u_i (core/math/mask_rule.hpp)
constexpr uint32_t time = 2;      // the diffusion time t of each training sequence
constexpr uint32_t init = 3;      // weight initialisation
constexpr uint32_t sampling = 4;  // generation: multinomial draws, remasking choices
constexpr uint32_t shuffle = 5;   // data order
constexpr uint32_t dropout = 6;   // dropout masks
// 7 is unused (kept free so the numbers below never change meaning).
constexpr uint32_t likelihood = 8;  // Monte Carlo likelihood bounds: t / l and mask uniforms (core/eval/likelihood)
}  // namespace stream

struct PhiloxWords {
  uint32_t w[4];
};

struct Uniform4 {
  float u[4];
};

namespace philox_detail {
constexpr uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;  // round multipliers
constexpr uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;  // key schedule (golden ratio, sqrt(3) - 1)

LLADA_HD inline void philox_round(uint32_t c[4], const uint32_t k[2]) {
  const uint64_t p0 = uint64_t(M0) * c[0];
  const uint64_t p1 = uint64_t(M1) * c[2];
  const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
  const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
  const uint32_t c1 = c[1], c3 = c[3];
  c[0] = hi1 ^ c1 ^ k[0];
  c[1] = lo1;
  c[2] = hi0 ^ c3 ^ k[1];
  c[3] = lo0;
}
}  // namespace philox_detail

// The raw block function: Philox4x32 with 10 rounds on a 128-bit counter and a 64-bit key, exactly
// Random123's philox4x32_R(10, ctr, key) (the key is bumped between rounds, not before the first).
LLADA_HD inline PhiloxWords philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                                          uint32_t k1) {
  uint32_t c[4] = {c0, c1, c2, c3};
  uint32_t k[2] = {k0, k1};
  philox_detail::philox_round(c, k);
  for (int r = 1; r < 10; ++r) {
    k[0] += philox_detail::W0;
    k[1] += philox_detail::W1;
    philox_detail::philox_round(c, k);
  }
  return PhiloxWords{{c[0], c[1], c[2], c[3]}};
}

// The four words of block `block` of stream `stream` under `seed` (keying in the file comment).
LLADA_HD inline PhiloxWords philox_block(uint64_t seed, uint32_t stream, uint64_t block) {
  return philox4x32_10(uint32_t(block), uint32_t(block >> 32), stream, 0u, uint32_t(seed), uint32_t(seed >> 32));
}

// Exact map of a 32-bit word to [0, 1): the top 24 bits times 2^-24.
LLADA_HD inline float word_to_unit(uint32_t w) { return float(w >> 8) * (1.0f / 16777216.0f); }

// The index-th uniform of a stream, in [0, 1) with 24 random bits.
LLADA_HD inline float uniform01(uint64_t seed, uint32_t stream, uint64_t index) {
  const PhiloxWords b = philox_block(seed, stream, index >> 2);
  return word_to_unit(b.w[index & 3u]);
}

// Uniforms 4·block … 4·block+3 of a stream from one Philox call (the fast path for long runs).
LLADA_HD inline Uniform4 uniform01x4(uint64_t seed, uint32_t stream, uint64_t block) {
  const PhiloxWords b = philox_block(seed, stream, block);
  return Uniform4{{word_to_unit(b.w[0]), word_to_unit(b.w[1]), word_to_unit(b.w[2]), word_to_unit(b.w[3])}};
}

// The index-th standard normal N(0, 1) of a stream (Box–Muller on one pair of words): index i uses
// block i/2, words 2·(i%2) and 2·(i%2)+1; u1 = ((w_a >> 8) + 1)·2^-24 ∈ (0, 1] so the log is finite,
// u2 = (w_b >> 8)·2^-24, z = sqrt(−2 ln u1)·cos(2π u2). |z| ≤ sqrt(2·24·ln 2) ≈ 5.77.
// Computed in double; CPU and GPU may differ in the last bits (the math library differs), which
// is fine for initialisation. Masks never depend on it.
LLADA_HD inline float normal(uint64_t seed, uint32_t stream, uint64_t index) {
  const PhiloxWords b = philox_block(seed, stream, index >> 1);
  const unsigned j = unsigned(index & 1u) * 2u;
  const double u1 = double((b.w[j] >> 8) + 1u) * (1.0 / 16777216.0);
  const double u2 = double(b.w[j + 1] >> 8) * (1.0 / 16777216.0);
  return float(sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925 * u2));
}

}  // namespace llada
