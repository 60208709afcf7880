// LayerNorm over C channels on the device, forward and backward.
//
// CPU reference: core/nn/ops_attention.cpp layernorm_forward / layernorm_backward. Both call the row
// math of core/math/layernorm_row.hpp (μ and σ² in two passes, rstd, x̂, y, dx); what differs is the
// order of the row sums, which tests/kernel_emulation.hpp replays on the host (emu::warp_sum).
// Mapping (llm.c's layernorm kernels, "version 3"): one warp per row; lane l handles channels
// l, l + 32, …; each sum is a butterfly of __shfl_xor_sync, so every lane holds the row's result.
// Backward: dinp as the forward, a warp per row. dweight/dbias in the fixed order of layernorm_row.hpp
// (no atomics: bit-reproducible, and the CPU's bits up to 64 rows): thread (c, chunk k) of a 2-D grid
// writes chunk k's partial sums for channel c into the scratch (param_chunk; a warp reads 32 consecutive
// channels of a row), then one thread per channel adds the partials in chunk order into the gradients.
// tests/emulated_cuda_backend.hpp replays that order on the host.
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

__global__ void layernorm_backward_kernel(float* dinp, const float* dout, const float* inp, const float* weight,
                                          const float* mean, const float* rstd, int BT, int C) {
  const int lane = threadIdx.x % 32;
  const int row = blockIdx.x * kWarps + threadIdx.x / 32;
  if (row >= BT) return;  // whole warps leave together
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
    dx[c] += layernorm::dx(r, weight[c] * dy[c], xh, gmean, gxmean);
  }
}

// partial (2, chunks, C): [0] dweight's, [1] dbias's partial sums of each chunk.
__global__ void layernorm_param_partials_kernel(float* partial, const float* dweight, const float* dbias,
                                                const float* dout, const float* inp, const float* mean,
                                                const float* rstd, int BT, int C, int chunks) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= C) return;
  for (int k = blockIdx.y; k < chunks; k += gridDim.y) {
    float dw = k == 0 ? dweight[c] : 0.0f, db = k == 0 ? dbias[c] : 0.0f;
    layernorm::param_chunk(dw, db, k, BT, C, c, dout, inp, mean, rstd);
    partial[size_t(k) * C + c] = dw;
    partial[(size_t(chunks) + k) * C + c] = db;
  }
}

__global__ void layernorm_param_total_kernel(float* dweight, float* dbias, const float* partial, int C, int chunks) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= C) return;
  float dw = partial[c], db = partial[size_t(chunks) * C + c];
  for (int k = 1; k < chunks; ++k) {
    dw += partial[size_t(k) * C + c];
    db += partial[(size_t(chunks) + k) * C + c];
  }
  dweight[c] = dw;
  dbias[c] = db;
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

size_t layernorm_backward_scratch_floats(int BT, int C) { return 2 * size_t(layernorm::param_chunks(BT)) * size_t(C); }

Status layernorm_backward(cudaStream_t stream, float* dinp, float* dweight, float* dbias, const float* dout,
                          const float* inp, const float* weight, const float* mean, const float* rstd, int BT, int C,
                          float* scratch) {
  if (BT == 0 || C == 0) return {};
  layernorm_backward_kernel<<<unsigned((BT + kWarps - 1) / kWarps), 32 * kWarps, 0, stream>>>(dinp, dout, inp, weight,
                                                                                            mean, rstd, BT, C);
  LLADA_LAUNCH_CHECK("layernorm_backward_kernel");
  const int chunks = layernorm::param_chunks(BT);
  constexpr int kChannels = 128;
  const dim3 grid(unsigned((C + kChannels - 1) / kChannels), unsigned(chunks < 65535 ? chunks : 65535));
  layernorm_param_partials_kernel<<<grid, kChannels, 0, stream>>>(scratch, dweight, dbias, dout, inp, mean, rstd, BT, C,
                                                                  chunks);
  LLADA_LAUNCH_CHECK("layernorm_param_partials_kernel");
  layernorm_param_total_kernel<<<unsigned((C + kChannels - 1) / kChannels), kChannels, 0, stream>>>(dweight, dbias,
                                                                                                 scratch, C, chunks);
  LLADA_LAUNCH_CHECK("layernorm_param_total_kernel");
  return {};
}

}  // namespace llada::gpu::k
