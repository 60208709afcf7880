// Softmax cross-entropy with per-row weights on the device, forward (losses and their weighted sum)
// and backward (dlogits, in place allowed), for rows as wide as cl100k's V = 100 277.
//
// CPU reference: core/nn/ops.cpp crossentropy_forward / crossentropy_backward.
//   losses_i = −log softmax(z_i)[y_i] (0 where y_i < 0);  total = Σ_{i: y_i ≥ 0} w_i · losses_i
//   dlogits_ij = w_i · (softmax(z_i)_j − 1[j = y_i]), 0 for rows with y_i < 0 or w_i = 0
// A row is never held anywhere: one block of 1024 threads per row streams it once through the online
// softmax accumulator of core/math/softmax_row.hpp (thread i pushes elements i, i + 1024, …; warps merge
// by butterfly, then warp 0 merges the 32 warps), so nothing spills whatever V is. The backward streams
// the row a second time to write w·exp(z − max)/sum, each thread reading then writing its own elements
// (hence in place is safe). tests/kernel_emulation.hpp (emu::block_softmax) replays this order on the
// host against the CPU reference. A target ≥ V (a caller's bug; the CPU asserts) gives a NaN loss so
// the trainer sees it, and a zero gradient row.
// The total is summed in double by one block over the BT losses; the caller downloads that one double.
#include "core/math/softmax_row.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

constexpr int kThreads = 1024;

__device__ SoftmaxAcc shfl_merge(SoftmaxAcc a) {
  for (int o = 16; o >= 1; o /= 2) {
    SoftmaxAcc b;
    b.max = __shfl_xor_sync(0xffffffffu, a.max, o);
    b.sum = __shfl_xor_sync(0xffffffffu, a.sum, o);
    a = softmax_acc_merge(a, b);
  }
  return a;
}

// The row's (max, sum), the same in every thread of the block.
__device__ SoftmaxAcc block_row_softmax(const float* z, int V) {
  __shared__ SoftmaxAcc warps[32];
  SoftmaxAcc a = softmax_acc_empty();
  for (int j = threadIdx.x; j < V; j += blockDim.x) a = softmax_acc_push(a, z[j]);
  a = shfl_merge(a);
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  if (lane == 0) warps[warp] = a;
  __syncthreads();
  a = lane < int(blockDim.x / 32) ? warps[lane] : softmax_acc_empty();
  a = shfl_merge(a);  // every warp merges the same 32 values: all threads agree
  __syncthreads();    // warps[] may be reused by a caller's next row
  return a;
}

__global__ void crossentropy_forward_kernel(float* losses, const float* logits, const int32_t* targets, int V) {
  const int row = blockIdx.x;
  const int y = targets[row];
  if (y < 0) {  // uniform over the block: nothing to stream
    if (threadIdx.x == 0) losses[row] = 0.0f;
    return;
  }
  const float* z = logits + size_t(row) * V;
  const SoftmaxAcc a = block_row_softmax(z, V);
  if (threadIdx.x == 0) losses[row] = y < V ? crossentropy_loss(a, z[y]) : NAN;
}

__global__ void weighted_sum_kernel(double* total, const float* losses, const int32_t* targets, const float* weights,
                                    int BT) {
  __shared__ double part[kThreads];
  double s = 0.0;
  for (int i = threadIdx.x; i < BT; i += blockDim.x)
    if (targets[i] >= 0) s += (weights ? double(weights[i]) : 1.0) * double(losses[i]);
  part[threadIdx.x] = s;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (int(threadIdx.x) < w) part[threadIdx.x] += part[threadIdx.x + w];
    __syncthreads();
  }
  if (threadIdx.x == 0) *total = part[0];
}

__global__ void crossentropy_backward_kernel(float* dlogits, const float* logits, const int32_t* targets,
                                             const float* weights, int V) {
  const int row = blockIdx.x;
  const int y = targets[row];
  const float w = weights ? weights[row] : 1.0f;
  float* d = dlogits + size_t(row) * V;
  if (y < 0 || y >= V || w == 0.0f) {
    for (int j = threadIdx.x; j < V; j += blockDim.x) d[j] = 0.0f;
    return;
  }
  const float* z = logits + size_t(row) * V;
  const SoftmaxAcc a = block_row_softmax(z, V);
  const float w_over_sum = w / a.sum;
  for (int j = threadIdx.x; j < V; j += blockDim.x) d[j] = crossentropy_dlogit(z[j], a.max, w_over_sum, w, j == y);
}

}  // namespace

Status crossentropy_forward(cudaStream_t stream, float* losses, double* total, const float* logits,
                            const int32_t* targets, const float* weights, int BT, int V) {
  if (BT > 0) {
    crossentropy_forward_kernel<<<unsigned(BT), kThreads, 0, stream>>>(losses, logits, targets, V);
    LLADA_LAUNCH_CHECK("crossentropy_forward_kernel");
  }
  weighted_sum_kernel<<<1, kThreads, 0, stream>>>(total, losses, targets, weights, BT);
  LLADA_LAUNCH_CHECK("weighted_sum_kernel");
  return {};
}

Status crossentropy_backward(cudaStream_t stream, float* dlogits, const float* logits, const int32_t* targets,
                             const float* weights, int BT, int V) {
  if (BT == 0) return {};
  crossentropy_backward_kernel<<<unsigned(BT), kThreads, 0, stream>>>(dlogits, logits, targets, weights, V);
  LLADA_LAUNCH_CHECK("crossentropy_backward_kernel");
  return {};
}

}  // namespace llada::gpu::k
