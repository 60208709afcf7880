// The optimizer's ops on the device: one AdamW step (then zero gradients), and Σ x² for the global
// gradient norm. (Scaling for clipping is gpu/elementwise.cu's scale.)
//
// CPU reference: core/train/optim.cpp adamw_update_zero_grad (with its live-block skip) and sum_squares.
// AdamW: the element rule is core/math/adamw_rule.hpp with the step's scalars computed once on the host
// (adamw_coeffs, the CPU's powf), so the two sides differ only where nvcc fuses a multiply-add (an ulp).
// Mapping: one block of kAdamBlock = 64 threads per 64-weight block, so the live byte and the "is this
// block's gradient all +0.0" test (__syncthreads_or over the raw bits: −0.0 counts as non-zero, as on the
// CPU) are one block's decision: a dead block with a zero gradient is only scaled by 1 − lr·wd; any
// other block is updated, its gradient zeroed and its byte set to 1.
// Σ x²: in the fixed order of core/math/sum_squares_rule.hpp (no atomics: bit-reproducible): a grid-stride
// loop accumulating in double per thread, a shared-memory tree per block, each block's sum written to
// the scratch, then one thread adds the blocks' sums in block order. The CPU adds 2048-float chunks in
// float; here every square is added in double: equal to 1e-6 relative (the CPU's float chunks).
#include "core/math/sum_squares_rule.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

constexpr int kBlock = 64;  // = nn::kAdamBlock

__global__ void adamw_kernel(float* params, float* grads, float* m, float* v, unsigned char* live, size_t n,
                             AdamWCoeffs k) {
  const size_t b = blockIdx.x;
  const size_t i = b * kBlock + threadIdx.x;
  const bool in = i < n;
  const float g = in ? grads[i] : 0.0f;
  if (live && !live[b]) {
    const int nonzero = __syncthreads_or(in && __float_as_uint(g) != 0u);
    if (!nonzero) {
      if (in && k.keep != 1.0f) params[i] *= k.keep;
      return;
    }
  }
  if (in) {
    float p = params[i], mi = m[i], vi = v[i];
    adamw_element(p, g, mi, vi, k);
    params[i] = p;
    m[i] = mi;
    v[i] = vi;
    grads[i] = 0.0f;
  }
  if (live && threadIdx.x == 0) live[b] = 1;
}

__global__ void sum_squares_kernel(double* block_sums, const float* x, size_t n) {
  __shared__ double part[kSumSquaresThreads];
  double s = 0.0;
  for (size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += size_t(gridDim.x) * blockDim.x)
    s = add_square(s, x[i]);
  part[threadIdx.x] = s;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (int(threadIdx.x) < w) part[threadIdx.x] += part[threadIdx.x + w];
    __syncthreads();
  }
  if (threadIdx.x == 0) block_sums[blockIdx.x] = part[0];
}

__global__ void sum_blocks_kernel(double* out, const double* block_sums, unsigned blocks) {
  double s = 0.0;
  for (unsigned b = 0; b < blocks; ++b) s += block_sums[b];
  *out = s;
}

}  // namespace

Status adamw_step(cudaStream_t stream, float* params, float* grads, float* m, float* v, unsigned char* live,
                  size_t n, AdamWCoeffs k) {
  if (n == 0) return {};
  const size_t blocks = (n + kBlock - 1) / kBlock;
  if (blocks > 0x7fffffffu) return Status{"adamw_kernel<<<...>>>", "more than 2^37 weights"};
  adamw_kernel<<<unsigned(blocks), kBlock, 0, stream>>>(params, grads, m, v, live, n, k);
  LLADA_LAUNCH_CHECK("adamw_kernel");
  return {};
}

size_t sum_squares_scratch_doubles() { return kSumSquaresMaxBlocks; }

Status sum_squares(cudaStream_t stream, double* out, const float* x, size_t n, double* scratch) {
  if (n == 0) {
    LLADA_CUDA_CHECK(cudaMemsetAsync(out, 0, sizeof(double), stream));
    return {};
  }
  const unsigned blocks = sum_squares_blocks(n);
  sum_squares_kernel<<<blocks, kSumSquaresThreads, 0, stream>>>(scratch, x, n);
  LLADA_LAUNCH_CHECK("sum_squares_kernel");
  sum_blocks_kernel<<<1, 1, 0, stream>>>(out, scratch, blocks);
  LLADA_LAUNCH_CHECK("sum_blocks_kernel");
  return {};
}

}  // namespace llada::gpu::k
