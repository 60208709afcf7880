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

}  // namespace llada::layernorm
