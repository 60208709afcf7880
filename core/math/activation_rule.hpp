// The activations of the models, one element at a time, shared by the CPU reference
// (core/nn/ops.cpp activation_forward/backward) and the CUDA kernels (gpu/activation.cu):
// header-only, C++17, host/device (core/math/host_device.hpp).
//
//   GELU (exact, torch nn.GELU()):   gelu(x) = x·Φ(x) = ½x(1 + erf(x/√2))
//                                    gelu'(x) = Φ(x) + x·φ(x),  φ(x) = e^{−x²/2}/√(2π)
//   GELU (tanh form, GPT-2):         ½x(1 + tanh(u)),  u = √(2/π)(x + 0.044715x³)
//                                    derivative ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
//   ReLU:                            max(x, 0); ReLU'(0) = 0, as PyTorch.
//
// Edges: gelu(+∞) = +∞ and gelu(−∞) = −∞·0 = NaN (as torch's float GELU); finite inputs never give
// NaN. For |x| > ~10, gelu'(x) is exactly 1 (x > 0) or 0 (x < 0) in float. The ReLU backward selects
// dout or 0 instead of multiplying by 0/1, so an infinite dout at x ≤ 0 gives 0, not NaN.
#pragma once

#include <math.h>

#include "core/math/host_device.hpp"

namespace llada::act {

constexpr float kInvSqrt2 = 0.70710678118654752440f;
constexpr float kInvSqrt2Pi = 0.39894228040143267794f;   // 1/√(2π)
constexpr float kSqrt2OverPi = 0.79788456080286535588f;  // √(2/π)
constexpr float kGeluCubic = 0.044715f;

LLADA_HD inline float gelu(float x) { return 0.5f * x * (1.0f + erff(x * kInvSqrt2)); }
LLADA_HD inline float gelu_grad(float x) {
  const float cdf = 0.5f * (1.0f + erff(x * kInvSqrt2));
  const float pdf = kInvSqrt2Pi * expf(-0.5f * x * x);
  return cdf + x * pdf;
}

LLADA_HD inline float gelu_tanh(float x) {
  return 0.5f * x * (1.0f + tanhf(kSqrt2OverPi * (x + kGeluCubic * x * x * x)));
}
LLADA_HD inline float gelu_tanh_grad(float x) {
  const float u = kSqrt2OverPi * (x + kGeluCubic * x * x * x);
  const float th = tanhf(u);
  const float sech2 = 1.0f - th * th;
  const float du = kSqrt2OverPi * (1.0f + 3.0f * kGeluCubic * x * x);
  return 0.5f * (1.0f + th) + 0.5f * x * sech2 * du;
}

LLADA_HD inline float relu(float x) { return x > 0.0f ? x : 0.0f; }
LLADA_HD inline float relu_backward(float x, float dout) { return x > 0.0f ? dout : 0.0f; }

// The activation named by `kind` (nn::Activation's values: 0 Gelu, 1 GeluTanh, 2 Relu), and what its
// backward adds to dinp for one element (f'(x)·dout). Kernels take the kind as a plain int; the CPU
// loops switch once, outside the loop, and call the functions above.
LLADA_HD inline float apply(int kind, float x) {
  return kind == 0 ? gelu(x) : kind == 1 ? gelu_tanh(x) : relu(x);
}
LLADA_HD inline float apply_backward(int kind, float x, float dout) {
  return kind == 0 ? gelu_grad(x) * dout : kind == 1 ? gelu_tanh_grad(x) * dout : relu_backward(x, dout);
}

}  // namespace llada::act
