// Token (+ position) embedding on the device, forward and backward, and the one-hot rows.
//
// CPU reference: core/nn/ops.cpp encoder_forward / encoder_backward / one_hot.
//   forward:  out[b,t,:] = wte[inp[b,t],:] + wpe[t,:]   (wpe may be null: the row itself, exactly)
//   backward: dwte[inp[b,t],:] += dout[b,t,:];  dwpe[t,:] += dout[b,t,:]
//   one_hot:  out[i,v] = one_hot_value(ids[i], v)   (core/math/embedding_rule.hpp; exact)
// Mapping: forward and one_hot: one thread per output element (b,t,c) or (i,v), so a warp writes 32
// consecutive entries of one row.
// Backward, in the CPU's order (core/math/embedding_rule.hpp; no atomics, bit for bit the CPU's sums):
//   1. links: one warp per position p; lane l compares ids p+1+l, p+33+l, …, 32 at a time, and the first
//      set bit of the warp's ballot is the nearest later position q with the same id: next[p] = q (or -1),
//      and has_prev[q] = 1 (each q is some p's nearest, at most once: one writer).
//   2. rows: one block per position p with has_prev[p] == 0 (the first of its id); thread c, c + 256, …
//      walks p's chain for channel c (embedding_grad_chain). Each row has one owner: no two threads
//      write one element.
//   3. positions (wpe only): one thread per (t,c) adds the B rows in order (position_grad).
// The links take O(n²/32) warp steps (n = B·T): ~10⁵ at B64×T64, nothing beside the GEMMs.
// tests/kernel_emulation.hpp (emu::embedding_backward) replays the links' ballot on the host.
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

__global__ void embedding_links_kernel(int32_t* next, int32_t* has_prev, const int32_t* ids, int n) {
  const int lane = threadIdx.x % 32;
  const int p = int((size_t(blockIdx.x) * blockDim.x + threadIdx.x) / 32);
  if (p >= n) return;  // whole warps leave together
  const int32_t id = ids[p];
  int found = -1;
  for (int base = p + 1; base < n; base += 32) {  // the same bounds on every lane of the warp
    const int q = base + lane;
    const unsigned hits = __ballot_sync(0xffffffffu, q < n && ids[q] == id);
    if (hits) {
      found = base + __ffs(int(hits)) - 1;
      break;
    }
  }
  if (lane == 0) {
    next[p] = found;
    if (found >= 0) has_prev[found] = 1;
  }
}

__global__ void embedding_rows_kernel(float* dwte, const float* dout, const int32_t* inp, const int32_t* next,
                                      const int32_t* has_prev, int C) {
  const int p = blockIdx.x;
  if (has_prev[p]) return;  // a later link of some earlier position's chain
  float* row = dwte + size_t(inp[p]) * C;
  for (int c = threadIdx.x; c < C; c += blockDim.x) row[c] = embedding_grad_chain(row[c], dout, next, p, C, c);
}

__global__ void position_grad_kernel(float* dwpe, const float* dout, int B, int T, int C) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(T) * C) return;
  dwpe[i] = position_grad(dwpe[i], dout, B, T, C, int(i / C), int(i % C));
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

size_t encoder_backward_scratch_ints(int B, int T) { return 2 * size_t(B) * size_t(T); }

Status encoder_backward(cudaStream_t stream, float* dwte, float* dwpe, const float* dout, const int32_t* inp,
                        int B, int T, int C, int32_t* scratch) {
  const int n = B * T;
  if (n == 0 || C == 0) return {};
  int32_t* next = scratch;
  int32_t* has_prev = scratch + n;
  LLADA_CUDA_CHECK(cudaMemsetAsync(has_prev, 0, size_t(n) * sizeof(int32_t), stream));
  embedding_links_kernel<<<blocks(size_t(n) * 32), kThreads, 0, stream>>>(next, has_prev, inp, n);
  LLADA_LAUNCH_CHECK("embedding_links_kernel");
  embedding_rows_kernel<<<unsigned(n), C < kThreads ? (C + 31) / 32 * 32 : kThreads, 0, stream>>>(dwte, dout, inp, next,
                                                                                                 has_prev, C);
  LLADA_LAUNCH_CHECK("embedding_rows_kernel");
  if (dwpe) {
    position_grad_kernel<<<blocks(size_t(T) * C), kThreads, 0, stream>>>(dwpe, dout, B, T, C);
    LLADA_LAUNCH_CHECK("position_grad_kernel");
  }
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
