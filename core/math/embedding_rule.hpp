// The embedding's per-element rules, shared by the CPU reference (core/nn/ops.cpp) and the CUDA kernels
// (gpu/encoder.cu): header-only, C++17, host/device.
//
// One-hot rows: out (N, V) with out[i, v] = one_hot_value(ids[i], v), 1 where v is the row's id and 0
// everywhere else (an id outside [0, V) gives a row of zeros). Exact on every backend.
//
// The gradient, in a fixed order (no atomics, so a run is bit-reproducible): the CPU reference adds the
// gradient row of position p = b·T + t into dwte[ids[p]] for p = 0, 1, … in turn, so element (v, c) gets its
// terms in increasing p. The device adds in that same order: next_same_id links each position to the next
// one holding the same id, the first position of an id (no earlier position holds it) owns the id's row,
// and for each channel it walks the chain from the row's value (embedding_grad_chain). dwpe[t, c] gets
// its B terms in increasing b (position_grad). Same additions in the same order, and additions only (no
// product nvcc could fuse): the CPU's bits exactly.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/math/host_device.hpp"

namespace llada {

LLADA_HD inline float one_hot_value(int32_t id, long long v) { return v == (long long)id ? 1.0f : 0.0f; }

// The next position after p (of n) with the same id, or -1.
LLADA_HD inline int next_same_id(const int32_t* ids, int n, int p) {
  for (int q = p + 1; q < n; ++q)
    if (ids[q] == ids[p]) return q;
  return -1;
}

// Channel c of the row owned by position `first`: acc (the row's current value) plus dout[p, c] for p =
// first, next[first], … in order. dout (n, C).
LLADA_HD inline float embedding_grad_chain(float acc, const float* dout, const int32_t* next, int first, int C, int c) {
  for (int p = first; p >= 0; p = next[p]) acc += dout[(size_t)p * (size_t)C + (size_t)c];
  return acc;
}

// dwpe[t, c] = acc (its current value) plus dout[b, t, c] for b = 0 … B-1 in order. dout (B, T, C).
LLADA_HD inline float position_grad(float acc, const float* dout, int B, int T, int C, int t, int c) {
  for (int b = 0; b < B; ++b) acc += dout[((size_t)b * (size_t)T + (size_t)t) * (size_t)C + (size_t)c];
  return acc;
}

}  // namespace llada
