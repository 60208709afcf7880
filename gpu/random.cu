// Philox on the device: fills a buffer with uniform01 or normal draws of one stream.
// CPU reference: llada::uniform01 / llada::normal themselves (core/math/philox.hpp, host/device).
#include <cuda_runtime.h>

#include "core/math/philox.hpp"
#include "gpu/launch.hpp"

namespace llada::gpu::detail {
namespace {

__global__ void philox_fill_kernel(uint64_t seed, uint32_t stream, uint64_t first, int n, int use_normal,
                                   float* out) {  // (n)
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[i] = use_normal ? normal(seed, stream, first + uint64_t(i)) : uniform01(seed, stream, first + uint64_t(i));
}

}  // namespace

const char* philox_fill_launch(uint64_t seed, uint32_t stream, uint64_t first, int n, int use_normal, float* out) {
  float* d_out = nullptr;
  cudaError_t err = cudaMalloc(&d_out, size_t(n) * sizeof(float));
  if (err == cudaSuccess) {
    const int threads = 256;
    const int blocks = int((n + threads - 1) / threads);
    philox_fill_kernel<<<blocks, threads>>>(seed, stream, first, n, use_normal, d_out);
    err = cudaGetLastError();
    if (err == cudaSuccess) err = cudaDeviceSynchronize();
    if (err == cudaSuccess) err = cudaMemcpy(out, d_out, size_t(n) * sizeof(float), cudaMemcpyDeviceToHost);
  }
  if (d_out) cudaFree(d_out);
  if (err == cudaSuccess) return nullptr;
  cudaGetLastError();  // clear a sticky error
  return cudaGetErrorString(err);
}

}  // namespace llada::gpu::detail
