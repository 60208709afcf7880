// Token (+ position) embedding on the device, forward and backward.
//
// CPU reference: core/nn/ops.cpp encoder_forward / encoder_backward.
//   forward:  out[b,t,:] = wte[inp[b,t],:] + wpe[t,:]   (wpe may be null: the row itself, exactly)
//   backward: dwte[inp[b,t],:] += dout[b,t,:];  dwpe[t,:] += dout[b,t,:]
//   one_hot:  out[i,v] = one_hot_value(ids[i], v)   (core/math/embedding_rule.hpp; exact)
// Mapping: one thread per output element (b,t,c) (one_hot: (i,v)), so a warp writes 32 consecutive
// entries of one row.
// The backward adds with atomicAdd: a token repeated in the batch sends several gradients to one row,
// in an order the hardware picks, so the sums agree with the CPU's to float rounding, not bit for bit
// (llm.c sorts the tokens for determinism; here the rows of one batch rarely repeat many times).
#include "core/math/embedding_rule.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

constexpr int kThreads = 256;

__global__ void encoder_forward_kernel(float* out,                      // (B,T,C)
                                       const int32_t* inp,              // (B,T)
                                       const float* wte,                // (Vin,C)
                                       const float* wpe,                // (maxT,C) or null
                                       int T, int C, size_t N) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= N) return;
  const size_t bt = i / C;
  const int c = int(i % C), t = int(bt % T);
  const float e = wte[size_t(inp[bt]) * C + c];
  out[i] = wpe ? e + wpe[size_t(t) * C + c] : e;
}

__global__ void encoder_backward_kernel(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int T,
                                        int C, size_t N) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= N) return;
  const size_t bt = i / C;
  const int c = int(i % C), t = int(bt % T);
  const float d = dout[i];
  atomicAdd(&dwte[size_t(inp[bt]) * C + c], d);
  if (dwpe) atomicAdd(&dwpe[size_t(t) * C + c], d);
}

__global__ void one_hot_kernel(float* out, const int32_t* ids, int V, size_t N) {  // out (rows,V), N = rows·V
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < N) out[i] = one_hot_value(ids[i / V], (long long)(i % V));
}

unsigned blocks(size_t n) { return unsigned((n + kThreads - 1) / kThreads); }

}  // namespace

Status encoder_forward(cudaStream_t stream, float* out, const int32_t* inp, const float* wte, const float* wpe,
                       int B, int T, int C) {
  const size_t N = size_t(B) * T * C;
  if (N == 0) return {};
  encoder_forward_kernel<<<blocks(N), kThreads, 0, stream>>>(out, inp, wte, wpe, T, C, N);
  LLADA_LAUNCH_CHECK("encoder_forward_kernel");
  return {};
}

Status encoder_backward(cudaStream_t stream, float* dwte, float* dwpe, const float* dout, const int32_t* inp,
                        int B, int T, int C) {
  const size_t N = size_t(B) * T * C;
  if (N == 0) return {};
  encoder_backward_kernel<<<blocks(N), kThreads, 0, stream>>>(dwte, dwpe, dout, inp, T, C, N);
  LLADA_LAUNCH_CHECK("encoder_backward_kernel");
  return {};
}

Status one_hot(cudaStream_t stream, float* out, const int32_t* ids, int N, int V) {
  const size_t n = size_t(N) * size_t(V);
  if (n == 0) return {};
  if ((n + kThreads - 1) / kThreads > 0x7fffffffu) return Status{"one_hot_kernel<<<...>>>", "more than 2^39 entries"};
  one_hot_kernel<<<blocks(n), kThreads, 0, stream>>>(out, ids, V, n);
  LLADA_LAUNCH_CHECK("one_hot_kernel");
  return {};
}

}  // namespace llada::gpu::k
