// LayerNorm over C channels on the device, forward and backward.
//
// CPU reference: core/nn/ops_attention.cpp layernorm_forward / layernorm_backward. Both call the row
// math of core/math/layernorm_row.hpp (μ and σ² in two passes, rstd, x̂, y, dx); what differs is the
// order of the row sums, which tests/kernel_emulation.hpp replays on the host (emu::warp_sum).
// Mapping (llm.c's layernorm kernels, "version 3"): one warp per row; lane l handles channels
// l, l + 32, …; each sum is a butterfly of __shfl_xor_sync, so every lane holds the row's result.
// Backward: each block of 8 warps keeps dweight/dbias partial sums for its rows in shared memory
// (2·C floats) and adds them to the global gradients once, with atomicAdd: the order of those adds
// varies, so dweight/dbias agree with the CPU to float rounding.
#include "core/math/layernorm_row.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

constexpr int kWarps = 8;  // rows per block

__device__ float warp_sum(float v) {
  for (int o = 16; o >= 1; o /= 2) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__global__ void layernorm_forward_kernel(float* out, float* mean, float* rstd,  // (BT,C), (BT), (BT)
                                         const float* inp, const float* weight, const float* bias, int BT, int C) {
  const int lane = threadIdx.x % 32;
  const int row = blockIdx.x * kWarps + threadIdx.x / 32;
  if (row >= BT) return;  // whole warps leave together
  const float* x = inp + size_t(row) * C;
  float s = 0.0f;
  for (int c = lane; c < C; c += 32) s += x[c];
  const float m = warp_sum(s) / C;
  float v = 0.0f;
  for (int c = lane; c < C; c += 32) v += (x[c] - m) * (x[c] - m);
  const float r = layernorm::rstd(warp_sum(v) / C);
  float* o = out + size_t(row) * C;
  for (int c = lane; c < C; c += 32) o[c] = layernorm::out(x[c], m, r, weight[c], bias[c]);
  if (lane == 0) {
    mean[row] = m;
    rstd[row] = r;
  }
}

__global__ void layernorm_backward_kernel(float* dinp, float* dweight, float* dbias, const float* dout,
                                          const float* inp, const float* weight, const float* mean,
                                          const float* rstd, int BT, int C) {
  extern __shared__ float shared[];  // dbias (C), then dweight (C)
  float* sdb = shared;
  float* sdw = shared + C;
  for (int c = threadIdx.x; c < 2 * C; c += blockDim.x) shared[c] = 0.0f;
  __syncthreads();
  const int lane = threadIdx.x % 32;
  const int warps_total = gridDim.x * kWarps;
  for (int row = blockIdx.x * kWarps + threadIdx.x / 32; row < BT; row += warps_total) {
    const float* dy = dout + size_t(row) * C;
    const float* x = inp + size_t(row) * C;
    float* dx = dinp + size_t(row) * C;
    const float m = mean[row], r = rstd[row];
    float g = 0.0f, gx = 0.0f;
    for (int c = lane; c < C; c += 32) {
      const float gc = weight[c] * dy[c];
      g += gc;
      gx += gc * layernorm::xhat(x[c], m, r);
    }
    const float gmean = warp_sum(g) / C, gxmean = warp_sum(gx) / C;
    for (int c = lane; c < C; c += 32) {
      const float xh = layernorm::xhat(x[c], m, r);
      atomicAdd(&sdb[c], dy[c]);
      atomicAdd(&sdw[c], xh * dy[c]);
      dx[c] += layernorm::dx(r, weight[c] * dy[c], xh, gmean, gxmean);
    }
  }
  __syncthreads();
  for (int c = threadIdx.x; c < C; c += blockDim.x) {
    atomicAdd(&dbias[c], sdb[c]);
    atomicAdd(&dweight[c], sdw[c]);
  }
}

}  // namespace

Status layernorm_forward(cudaStream_t stream, float* out, float* mean, float* rstd, const float* inp,
                         const float* weight, const float* bias, int BT, int C) {
  if (BT == 0) return {};
  layernorm_forward_kernel<<<unsigned((BT + kWarps - 1) / kWarps), 32 * kWarps, 0, stream>>>(out, mean, rstd, inp,
                                                                                           weight, bias, BT, C);
  LLADA_LAUNCH_CHECK("layernorm_forward_kernel");
  return {};
}

Status layernorm_backward(cudaStream_t stream, float* dinp, float* dweight, float* dbias, const float* dout,
                          const float* inp, const float* weight, const float* mean, const float* rstd, int BT, int C) {
  if (BT == 0) return {};
  // Enough blocks to fill the device, few enough that the per-block partial sums stay cheap to add.
  const int blocks = (BT + kWarps - 1) / kWarps < 512 ? (BT + kWarps - 1) / kWarps : 512;
  const size_t shared = 2 * size_t(C) * sizeof(float);
  if (shared > 48 * 1024) LLADA_CUDA_CHECK(cudaFuncSetAttribute(layernorm_backward_kernel,
                                                                 cudaFuncAttributeMaxDynamicSharedMemorySize,
                                                                 int(shared)));
  layernorm_backward_kernel<<<unsigned(blocks), 32 * kWarps, shared, stream>>>(dinp, dweight, dbias, dout, inp, weight,
                                                                             mean, rstd, BT, C);
  LLADA_LAUNCH_CHECK("layernorm_backward_kernel");
  return {};
}

}  // namespace llada::gpu::k
