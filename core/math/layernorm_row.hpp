// One LayerNorm row (C channels), the pieces that do not depend on how a row is split among threads:
// shared by the CPU reference (core/nn/ops_attention.cpp layernorm_*) and the CUDA kernels
// (gpu/layernorm.cu). Header-only, C++17, host/device.
//
// Forward over a row x (C):  μ = Σx/C,  σ² = Σ(x − μ)²/C (biased, two passes: no cancellation when
// |μ| ≫ σ),  rstd = 1/√(σ² + ε) with ε = 1e-5 (torch),  x̂ = (x − μ)·rstd,  y = x̂·w + b.
// Backward, with g = dy·w:  dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)),  dw += x̂·dy,  db += dy.
// The sums (Σx, Σ(x − μ)², Σg, Σg·x̂) are the part the thread mapping decides: the CPU adds the
// channels in order, a warp adds 32 strided partial sums by a butterfly; they agree to float rounding.
#pragma once

#include <math.h>

#include "core/math/host_device.hpp"

namespace llada::layernorm {

constexpr float kEps = 1e-5f;

LLADA_HD inline float rstd(float var) { return 1.0f / sqrtf(var + kEps); }
LLADA_HD inline float xhat(float x, float mean, float rstd) { return (x - mean) * rstd; }
LLADA_HD inline float out(float x, float mean, float rstd, float w, float b) { return (x - mean) * rstd * w + b; }

// What dx of one channel receives, given the row's gmean = mean(g) and gxmean = mean(g·x̂).
LLADA_HD inline float dx(float rstd, float g, float xhat, float gmean, float gxmean) {
  return rstd * (g - gmean - xhat * gxmean);
}

// The parameter gradients dweight (C) += Σ_rows x̂·dy and dbias (C) += Σ_rows dy, in a fixed order (no
// atomics, so a run is bit-reproducible): the rows are cut into chunks of kParamChunkRows; chunk k's
// partial sums for channel c add its rows in order, chunk 0 onto the gradients' current values (dw, db),
// the others onto 0 (param_chunk); the result is partial 0 + partial 1 + … in chunk order
// (the caller's loop). With one chunk (rows ≤ 64) that is the CPU reference's order exactly (the current
// value, then each row's term in row order), so the bits are the CPU's; with more chunks it is a fixed
// regrouping of the same terms, within float rounding of the CPU's sum (tests/test_kernel_math.cpp).
// x̂·dy is added with one fused multiply-add on both sides (add_product: fmaf on the host, __fmaf_rn on
// the device), so neither compiler's choice to contract a·b + c (g++ does in C++ by default, nvcc too)
// can make them differ; the CPU reference calls the same function.
constexpr int kParamChunkRows = 64;
LLADA_HD inline int param_chunks(int rows) { return (rows + kParamChunkRows - 1) / kParamChunkRows; }

LLADA_HD inline float add_product(float acc, float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fmaf_rn(a, b, acc);
#else
  return fmaf(a, b, acc);
#endif
}

// Chunk k's partial sums for channel c, onto (dw, db). dout, inp (rows, C); mean, rstd (rows).
LLADA_HD inline void param_chunk(float& dw, float& db, int k, int rows, int C, int c, const float* dout,
                                 const float* inp, const float* mean, const float* rstd) {
  const int r1 = rows < (k + 1) * kParamChunkRows ? rows : (k + 1) * kParamChunkRows;
  for (int r = k * kParamChunkRows; r < r1; ++r) {
    const size_t i = (size_t)r * (size_t)C + (size_t)c;
    db += dout[i];
    dw = add_product(dw, xhat(inp[i], mean[r], rstd[r]), dout[i]);
  }
}

}  // namespace llada::layernorm
