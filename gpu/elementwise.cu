// Element-by-element ops on the device: activations (GELU erf and tanh forms, ReLU) and their
// backward, residual add and its backward, scale, fill.
//
// CPU reference: core/nn/ops.cpp (activation_*, residual_*), core/train/optim.cpp (scale). The
// activations call the same host/device functions (core/math/activation_rule.hpp); the device's erff,
// expf and tanhf may differ from glibc's by an ulp or two, so outputs agree to float rounding.
// Mapping: one thread per element, a grid-stride loop (any n, including n > 2^31).
#include "core/math/activation_rule.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

constexpr int kThreads = 256;

unsigned grid_for(size_t n) {
  const size_t blocks = (n + kThreads - 1) / kThreads;
  return unsigned(blocks < 65535u * 16u ? blocks : 65535u * 16u);  // the grid-stride loop covers the rest
}

#define LLADA_GRID_STRIDE(i, n) \
  for (size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < (n); i += size_t(gridDim.x) * blockDim.x)

template <int Kind>
__global__ void activation_forward_kernel(float* out, const float* inp, size_t N) {  // (N), (N)
  LLADA_GRID_STRIDE(i, N) out[i] = act::apply(Kind, inp[i]);
}

template <int Kind>
__global__ void activation_backward_kernel(float* dinp, const float* inp, const float* dout, size_t N) {
  LLADA_GRID_STRIDE(i, N) dinp[i] += act::apply_backward(Kind, inp[i], dout[i]);
}

__global__ void residual_forward_kernel(float* out, const float* a, const float* b, size_t N) {
  LLADA_GRID_STRIDE(i, N) out[i] = a[i] + b[i];
}

__global__ void residual_backward_kernel(float* da, float* db, const float* dout, size_t N) {
  LLADA_GRID_STRIDE(i, N) {
    da[i] += dout[i];
    db[i] += dout[i];
  }
}

__global__ void scale_kernel(float* x, float s, size_t n) {
  LLADA_GRID_STRIDE(i, n) x[i] *= s;
}

__global__ void fill_kernel(float* x, float value, size_t n) {
  LLADA_GRID_STRIDE(i, n) x[i] = value;
}

}  // namespace

Status activation_forward(cudaStream_t stream, float* out, const float* inp, size_t N, int kind) {
  if (N == 0) return {};
  if (kind == 0) activation_forward_kernel<0><<<grid_for(N), kThreads, 0, stream>>>(out, inp, N);
  else if (kind == 1) activation_forward_kernel<1><<<grid_for(N), kThreads, 0, stream>>>(out, inp, N);
  else activation_forward_kernel<2><<<grid_for(N), kThreads, 0, stream>>>(out, inp, N);
  LLADA_LAUNCH_CHECK("activation_forward_kernel");
  return {};
}

Status activation_backward(cudaStream_t stream, float* dinp, const float* inp, const float* dout, size_t N, int kind) {
  if (N == 0) return {};
  if (kind == 0) activation_backward_kernel<0><<<grid_for(N), kThreads, 0, stream>>>(dinp, inp, dout, N);
  else if (kind == 1) activation_backward_kernel<1><<<grid_for(N), kThreads, 0, stream>>>(dinp, inp, dout, N);
  else activation_backward_kernel<2><<<grid_for(N), kThreads, 0, stream>>>(dinp, inp, dout, N);
  LLADA_LAUNCH_CHECK("activation_backward_kernel");
  return {};
}

Status residual_forward(cudaStream_t stream, float* out, const float* a, const float* b, size_t N) {
  if (N == 0) return {};
  residual_forward_kernel<<<grid_for(N), kThreads, 0, stream>>>(out, a, b, N);
  LLADA_LAUNCH_CHECK("residual_forward_kernel");
  return {};
}

Status residual_backward(cudaStream_t stream, float* da, float* db, const float* dout, size_t N) {
  if (N == 0) return {};
  residual_backward_kernel<<<grid_for(N), kThreads, 0, stream>>>(da, db, dout, N);
  LLADA_LAUNCH_CHECK("residual_backward_kernel");
  return {};
}

Status scale(cudaStream_t stream, float* x, float s, size_t n) {
  if (n == 0) return {};
  scale_kernel<<<grid_for(n), kThreads, 0, stream>>>(x, s, n);
  LLADA_LAUNCH_CHECK("scale_kernel");
  return {};
}

Status fill(cudaStream_t stream, float* dst, float value, size_t n) {
  if (n == 0) return {};
  fill_kernel<<<grid_for(n), kThreads, 0, stream>>>(dst, value, n);
  LLADA_LAUNCH_CHECK("fill_kernel");
  return {};
}

}  // namespace llada::gpu::k
