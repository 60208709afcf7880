// The forward-process kernels: masks B sequences of L tokens and builds their mask-count histogram
// (mask_batch_cuda), and LLaDA's training objective in backend memory (nn::Backend::llada_mask).
//
// CPU references: llada::mask_batch (core/math/masking.cpp) and train::llada_mask_rows
// (core/train/objective.cpp). All call the same host/device rule (core/math/mask_rule.hpp): u = Philox
// uniform of (seed, stream::mask, seq·2^32 + pos), masked ⇔ u < t compared as floats, so the masks are
// bit-identical. Version 1, the naive port: one thread block per sequence, each thread masks 4
// consecutive positions from one Philox call and strides by the block (tests/kernel_emulation.hpp
// replays the objective's mapping on the host).
#include <cuda_runtime.h>

#include "core/math/mask_rule.hpp"
#include "gpu/kernels.hpp"
#include "gpu/launch.hpp"

namespace llada::gpu::detail {
namespace {

constexpr int kThreads = 256;

// The positions of row `seq` (L tokens at time t) this thread takes: Philox blocks j = threadIdx.x,
// threadIdx.x + blockDim.x, …, each giving positions 4j … 4j+3 from one call. Calls f(i, masked) for
// each and returns how many it masked.
template <class F>
__device__ int mask_row(uint64_t seed, uint64_t seq, int L, float t, F&& f) {
  int local = 0;
  for (long long j = threadIdx.x; 4 * j < L; j += blockDim.x) {
    const Uniform4 u4 = mask_uniform4(seed, seq, uint32_t(j));
    for (int r = 0; r < 4; ++r) {
      const long long i = 4 * j + r;
      if (i >= L) break;
      const bool m = is_masked(u4.u[r], t);
      f(size_t(i), m);
      local += m ? 1 : 0;
    }
  }
  return local;
}

__global__ void mask_batch_kernel(const int32_t* x0,      // (B, L)
                                  int L, const float* t,  // (B)
                                  int32_t mask_id, uint64_t seed, uint64_t first_seq,
                                  int32_t* tokens,                  // (B, L) out: x_t
                                  uint8_t* masked,                  // (B, L) out: 1 where masked
                                  int32_t* counts,                  // (B) out
                                  unsigned long long* histogram) {  // (L+1) accumulated
  __shared__ int row_count;
  if (threadIdx.x == 0) row_count = 0;
  __syncthreads();

  const int b = blockIdx.x;
  const size_t row = size_t(b) * size_t(L);
  const float tb = t[b];
  const uint64_t seq = first_seq + uint64_t(b);
  const int local = mask_row(seed, seq, L, tb, [&](size_t i, bool m) {
    tokens[row + i] = m ? mask_id : x0[row + i];
    masked[row + i] = m ? 1 : 0;
  });
  atomicAdd(&row_count, local);
  __syncthreads();
  if (threadIdx.x == 0) {
    counts[b] = row_count;
    atomicAdd(&histogram[row_count], 1ull);
  }
}

// nn::Backend::llada_mask, block b = row b: t_b drawn by sample_time (the CPU's bits), the row's cells by
// llada_cell, its mask count by an integer atomic (exact in any order); thread 0 writes the row's
// llada_row_weight to row_sums[b].
__global__ void llada_mask_kernel(int32_t* inputs, int32_t* targets, float* weights,  // (B, L) out
                                  double* row_sums,                                   // (B) out
                                  const int32_t* x0, int B, int L, int32_t mask_id, uint64_t seed,
                                  uint64_t first_seq, float eps, bool inverse_t) {
  __shared__ int row_count;
  if (threadIdx.x == 0) row_count = 0;
  __syncthreads();

  const int b = blockIdx.x;
  const size_t row = size_t(b) * size_t(L);
  const uint64_t seq = first_seq + uint64_t(b);
  const float tb = sample_time(seed, seq, eps);
  const float w = llada_weight(B, L, tb, inverse_t);
  const int local = mask_row(seed, seq, L, tb, [&](size_t i, bool m) {
    const LladaCell c = llada_cell(m, x0[row + i], mask_id, w);
    inputs[row + i] = c.input;
    targets[row + i] = c.target;
    weights[row + i] = c.weight;
  });
  atomicAdd(&row_count, local);
  __syncthreads();
  if (threadIdx.x == 0) row_sums[b] = llada_row_weight(row_count, w);
}

// Σ weights: the rows' sums added in row order, in double, by one thread (the CPU's order; B is a batch,
// not a vocabulary).
__global__ void sum_rows_kernel(double* total, const double* row_sums, int B) {
  double s = 0.0;
  for (int b = 0; b < B; ++b) s += row_sums[b];
  *total = s;
}

// Frees a device allocation when the launch returns, whichever way it returns.
struct DeviceBuffer {
  void* p = nullptr;
  ~DeviceBuffer() {
    if (p) cudaFree(p);
  }
  cudaError_t alloc(size_t bytes) { return cudaMalloc(&p, bytes); }
};

}  // namespace

#define LLADA_CUDA_TRY(call)                          \
  do {                                                \
    const cudaError_t err_ = (call);                  \
    if (err_ != cudaSuccess) {                        \
      cudaGetLastError(); /* clear a sticky error */  \
      return cudaGetErrorString(err_);                \
    }                                                 \
  } while (0)

const char* mask_batch_launch(const int32_t* x0, int B, int L, const float* t, int32_t mask_id, uint64_t seed,
                              uint64_t first_seq, int32_t* tokens, uint8_t* masked, int32_t* counts,
                              int64_t* histogram) {
  const size_t n = size_t(B) * size_t(L);
  DeviceBuffer d_x0, d_t, d_tokens, d_masked, d_counts, d_hist;
  LLADA_CUDA_TRY(d_x0.alloc(n * sizeof(int32_t)));
  LLADA_CUDA_TRY(d_t.alloc(size_t(B) * sizeof(float)));
  LLADA_CUDA_TRY(d_tokens.alloc(n * sizeof(int32_t)));
  LLADA_CUDA_TRY(d_masked.alloc(n * sizeof(uint8_t)));
  LLADA_CUDA_TRY(d_counts.alloc(size_t(B) * sizeof(int32_t)));
  LLADA_CUDA_TRY(d_hist.alloc(size_t(L + 1) * sizeof(unsigned long long)));
  LLADA_CUDA_TRY(cudaMemcpy(d_x0.p, x0, n * sizeof(int32_t), cudaMemcpyHostToDevice));
  LLADA_CUDA_TRY(cudaMemcpy(d_t.p, t, size_t(B) * sizeof(float), cudaMemcpyHostToDevice));
  LLADA_CUDA_TRY(cudaMemset(d_hist.p, 0, size_t(L + 1) * sizeof(unsigned long long)));

  mask_batch_kernel<<<B, kThreads>>>(static_cast<const int32_t*>(d_x0.p), L, static_cast<const float*>(d_t.p),
                                     mask_id, seed, first_seq, static_cast<int32_t*>(d_tokens.p),
                                     static_cast<uint8_t*>(d_masked.p), static_cast<int32_t*>(d_counts.p),
                                     static_cast<unsigned long long*>(d_hist.p));
  LLADA_CUDA_TRY(cudaGetLastError());
  LLADA_CUDA_TRY(cudaDeviceSynchronize());

  LLADA_CUDA_TRY(cudaMemcpy(tokens, d_tokens.p, n * sizeof(int32_t), cudaMemcpyDeviceToHost));
  LLADA_CUDA_TRY(cudaMemcpy(masked, d_masked.p, n * sizeof(uint8_t), cudaMemcpyDeviceToHost));
  LLADA_CUDA_TRY(cudaMemcpy(counts, d_counts.p, size_t(B) * sizeof(int32_t), cudaMemcpyDeviceToHost));
  // unsigned long long and int64_t have the same size; counts ≤ B < 2^31 read the same either way.
  static_assert(sizeof(unsigned long long) == sizeof(int64_t), "histogram element size");
  LLADA_CUDA_TRY(cudaMemcpy(histogram, d_hist.p, size_t(L + 1) * sizeof(int64_t), cudaMemcpyDeviceToHost));
  return nullptr;
}

#undef LLADA_CUDA_TRY

}  // namespace llada::gpu::detail

namespace llada::gpu::k {

Status llada_mask(cudaStream_t stream, int32_t* inputs, int32_t* targets, float* weights, double* total,
                  double* row_sums, const int32_t* x0, int B, int L, int32_t mask_id, uint64_t seed,
                  uint64_t first_seq, float eps, bool inverse_t) {
  if (B <= 0 || L <= 0) {  // no positions: Σ = 0 (+0.0 is all zero bits)
    LLADA_CUDA_CHECK(cudaMemsetAsync(total, 0, sizeof(double), stream));
    return {};
  }
  detail::llada_mask_kernel<<<B, detail::kThreads, 0, stream>>>(inputs, targets, weights, row_sums, x0, B, L,
                                                                 mask_id, seed, first_seq, eps, inverse_t);
  LLADA_LAUNCH_CHECK("llada_mask_kernel");
  detail::sum_rows_kernel<<<1, 1, 0, stream>>>(total, row_sums, B);
  LLADA_LAUNCH_CHECK("sum_rows_kernel");
  return {};
}

}  // namespace llada::gpu::k
