// One AdamW element (decoupled weight decay, bias correction; Loshchilov & Hutter), shared by the
// CUDA optimizer kernel (gpu/optim.cu) and the host tests that compare it with the CPU reference
// (core/train/optim.cpp adamw_update, which runs the same expression as Eigen array statements).
// Header-only, C++17, host/device.
//
//   m = b1·m + (1 − b1)·g ;  v = b2·v + (1 − b2)·g² ;  p = keep·p − lr·(m·c1) / (√(v·c2) + eps)
// with c1 = 1/(1 − b1^t), c2 = 1/(1 − b2^t) (t the 1-based step) and keep = 1 − lr·wd, computed once
// per step on the host (adamw_coeffs) with the CPU's float powf, so both sides use the same scalars.
// Where a compiler fuses a multiply and an add (nvcc always may; GCC with -march=native may) the
// result differs from the unfused one by an ulp or two: the GPU optimizer agrees to float rounding.
#pragma once

#include <math.h>

#include "core/math/host_device.hpp"

namespace llada {

struct AdamWCoeffs {
  float b1, b2, c1, c2, keep, lr, eps;
};

// The step's scalars (host side: powf of the CPU reference).
inline AdamWCoeffs adamw_coeffs(float lr, float beta1, float beta2, float eps, float weight_decay, int t) {
  return AdamWCoeffs{beta1,
                     beta2,
                     1.0f / (1.0f - powf(beta1, static_cast<float>(t))),
                     1.0f / (1.0f - powf(beta2, static_cast<float>(t))),
                     1.0f - lr * weight_decay,
                     lr,
                     eps};
}

// Updates one weight p and its moments m, v from its gradient g.
LLADA_HD inline void adamw_element(float& p, float g, float& m, float& v, const AdamWCoeffs& k) {
  m = k.b1 * m + (1.0f - k.b1) * g;
  v = k.b2 * v + (1.0f - k.b2) * (g * g);
  p = k.keep * p - k.lr * (m * k.c1) / (sqrtf(v * k.c2) + k.eps);
}

}  // namespace llada
