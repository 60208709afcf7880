// Multi-head scaled dot-product attention on the device (causal for GPT, bidirectional for LLaDA's
// mask predictor), forward and backward, as llm.c's attention_forward: the heads are split out of the
// packed qkv into (B,NH,T,hs) blocks, the two products per head are cuBLAS strided-batched SGEMMs over
// all B·NH heads at once, and a softmax kernel works between them.
//
// CPU reference: core/nn/ops_attention.cpp attention_forward / attention_backward.
//   forward:  s = q·kᵀ/√hs;  att = softmax over keys 0..t (causal) or 0..T−1, 0 elsewhere;  y = att·v
//   backward: datt = dy·vᵀ;  dv += attᵀ·dy;  ds = att ⊙ (datt − Σ_keys att⊙datt)/√hs;
//             dq += ds·k;  dk += dsᵀ·q
// The softmax rows use the online accumulator of core/math/softmax_row.hpp: one warp per row, lane l
// pushes keys l, l + 32, …, a butterfly merges the lanes (tests/kernel_emulation.hpp, emu::warp_softmax,
// replays it against the CPU on the host). The masked keys of a causal row are written as exact zeros,
// so the full T×T products that follow add nothing from them.
// The backward overwrites datt (scratch, as on the CPU: it ends holding ds) and ADDS into dinp.
// Scratch (device floats, from the backend): forward 4·B·T·C (q, k, v, y), backward 7·B·T·C
// (q, k, v, dy, dq, dk, dv).
#include <math.h>

#include "core/math/softmax_row.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

constexpr int kThreads = 256;

// Element i of a (B,NH,T,hs) head block → its index in packed rows (B·T rows of `ld` floats, head h at
// off + h·hs).
__device__ size_t packed_index(size_t i, int ld, int off, int T, int NH, int hs) {
  const int d = int(i % hs);
  const int t = int((i / hs) % T);
  const int h = int((i / (size_t(hs) * T)) % NH);
  const size_t b = i / (size_t(hs) * T * NH);
  return (b * T + t) * ld + off + h * hs + d;
}

// dst (B,NH,T,hs) = the head slices of src rows (ld floats, head h at off + h·hs).
__global__ void split_heads_kernel(float* dst, const float* src, int ld, int off, int T, int NH, int hs, size_t N) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= N) return;
  dst[i] = src[packed_index(i, ld, off, T, NH, hs)];
}

// The inverse: dst rows (ld floats, head h at off + h·hs) = src (B,NH,T,hs), or += when accumulate.
__global__ void merge_heads_kernel(float* dst, const float* src, int ld, int off, int T, int NH, int hs, size_t N,
                                   bool accumulate) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= N) return;
  float& o = dst[packed_index(i, ld, off, T, NH, hs)];
  o = accumulate ? o + src[i] : src[i];
}

// att rows (B·NH·T rows of T scores, already scaled) → softmax probabilities in place.
__global__ void softmax_forward_kernel(float* att, int T, size_t rows, bool causal) {
  const size_t row = size_t(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32;
  if (row >= rows) return;
  const int lane = threadIdx.x % 32;
  const int t = int(row % T);
  const int n = causal ? t + 1 : T;  // keys 0..n−1 are seen
  float* a = att + row * T;
  SoftmaxAcc acc = softmax_acc_empty();
  for (int j = lane; j < n; j += 32) acc = softmax_acc_push(acc, a[j]);
  for (int o = 16; o >= 1; o /= 2) {
    SoftmaxAcc other;
    other.max = __shfl_xor_sync(0xffffffffu, acc.max, o);
    other.sum = __shfl_xor_sync(0xffffffffu, acc.sum, o);
    acc = softmax_acc_merge(acc, other);
  }
  const float inv = 1.0f / acc.sum;
  for (int j = lane; j < T; j += 32) a[j] = j < n ? expf(a[j] - acc.max) * inv : 0.0f;
}

// datt rows → ds = att ⊙ (datt − Σ att⊙datt) · scale, in place; masked keys 0.
__global__ void softmax_backward_kernel(float* datt, const float* att, int T, size_t rows, bool causal, float scale) {
  const size_t row = size_t(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32;
  if (row >= rows) return;
  const int lane = threadIdx.x % 32;
  const int t = int(row % T);
  const int n = causal ? t + 1 : T;
  float* da = datt + row * T;
  const float* a = att + row * T;
  float dot = 0.0f;
  for (int j = lane; j < n; j += 32) dot += a[j] * da[j];
  for (int o = 16; o >= 1; o /= 2) dot += __shfl_xor_sync(0xffffffffu, dot, o);
  for (int j = lane; j < T; j += 32) da[j] = j < n ? a[j] * (da[j] - dot) * scale : 0.0f;
}

unsigned blocks(size_t n) { return unsigned((n + kThreads - 1) / kThreads); }

Status split(cudaStream_t stream, float* dst, const float* src, int ld, int off, int B, int T, int NH, int hs) {
  const size_t N = size_t(B) * T * NH * hs;
  split_heads_kernel<<<blocks(N), kThreads, 0, stream>>>(dst, src, ld, off, T, NH, hs, N);
  LLADA_LAUNCH_CHECK("split_heads_kernel");
  return {};
}

Status merge(cudaStream_t stream, float* dst, const float* src, int ld, int off, int B, int T, int NH, int hs,
             bool accumulate) {
  const size_t N = size_t(B) * T * NH * hs;
  merge_heads_kernel<<<blocks(N), kThreads, 0, stream>>>(dst, src, ld, off, T, NH, hs, N, accumulate);
  LLADA_LAUNCH_CHECK("merge_heads_kernel");
  return {};
}

#define LLADA_TRY(expr)            \
  do {                             \
    const Status llada_s_ = (expr); \
    if (!llada_s_.ok()) return llada_s_; \
  } while (0)

}  // namespace

size_t attention_scratch_floats(int B, int T, int C) { return 7 * size_t(B) * T * C; }

Status attention_forward(cublasHandle_t blas, cudaStream_t stream, float* out, float* att, const float* inp, int B,
                         int T, int C, int NH, bool causal, float* scratch) {
  if (size_t(B) * T == 0) return {};
  const int hs = C / NH, C3 = 3 * C, heads = B * NH;
  const size_t n = size_t(B) * T * C;
  float *q = scratch, *k = q + n, *v = k + n, *y = v + n;
  LLADA_TRY(split(stream, q, inp, C3, 0, B, T, NH, hs));
  LLADA_TRY(split(stream, k, inp, C3, C, B, T, NH, hs));
  LLADA_TRY(split(stream, v, inp, C3, 2 * C, B, T, NH, hs));
  const long long sq = (long long)T * hs, sa = (long long)T * T;
  // att (T,T) = q (T,hs) · kᵀ / √hs, per head
  LLADA_TRY(gemm_rm(blas, false, true, T, T, hs, 1.0f / sqrtf(float(hs)), q, hs, sq, k, hs, sq, 0.0f, att, T, sa,
                    heads));
  const size_t rows = size_t(heads) * T;
  softmax_forward_kernel<<<unsigned((rows + 7) / 8), 256, 0, stream>>>(att, T, rows, causal);
  LLADA_LAUNCH_CHECK("softmax_forward_kernel");
  // y (T,hs) = att (T,T) · v (T,hs)
  LLADA_TRY(gemm_rm(blas, false, false, T, hs, T, 1.0f, att, T, sa, v, hs, sq, 0.0f, y, hs, sq, heads));
  return merge(stream, out, y, C, 0, B, T, NH, hs, false);
}

Status attention_backward(cublasHandle_t blas, cudaStream_t stream, float* dinp, float* datt, const float* dout,
                          const float* inp, const float* att, int B, int T, int C, int NH, bool causal,
                          float* scratch) {
  if (size_t(B) * T == 0) return {};
  const int hs = C / NH, C3 = 3 * C, heads = B * NH;
  const size_t n = size_t(B) * T * C;
  float *q = scratch, *k = q + n, *v = k + n, *dy = v + n, *dq = dy + n, *dk = dq + n, *dv = dk + n;
  LLADA_TRY(split(stream, q, inp, C3, 0, B, T, NH, hs));
  LLADA_TRY(split(stream, k, inp, C3, C, B, T, NH, hs));
  LLADA_TRY(split(stream, v, inp, C3, 2 * C, B, T, NH, hs));
  LLADA_TRY(split(stream, dy, dout, C, 0, B, T, NH, hs));
  const long long sq = (long long)T * hs, sa = (long long)T * T;
  // datt (T,T) = dy (T,hs) · vᵀ;  dv (T,hs) = attᵀ (T,T) · dy
  LLADA_TRY(gemm_rm(blas, false, true, T, T, hs, 1.0f, dy, hs, sq, v, hs, sq, 0.0f, datt, T, sa, heads));
  LLADA_TRY(gemm_rm(blas, true, false, T, hs, T, 1.0f, att, T, sa, dy, hs, sq, 0.0f, dv, hs, sq, heads));
  const size_t rows = size_t(heads) * T;
  softmax_backward_kernel<<<unsigned((rows + 7) / 8), 256, 0, stream>>>(datt, att, T, rows, causal,
                                                                        1.0f / sqrtf(float(hs)));
  LLADA_LAUNCH_CHECK("softmax_backward_kernel");
  // dq (T,hs) = ds (T,T) · k;  dk (T,hs) = dsᵀ · q
  LLADA_TRY(gemm_rm(blas, false, false, T, hs, T, 1.0f, datt, T, sa, k, hs, sq, 0.0f, dq, hs, sq, heads));
  LLADA_TRY(gemm_rm(blas, true, false, T, hs, T, 1.0f, datt, T, sa, q, hs, sq, 0.0f, dk, hs, sq, heads));
  LLADA_TRY(merge(stream, dinp, dq, C3, 0, B, T, NH, hs, true));
  LLADA_TRY(merge(stream, dinp, dk, C3, C, B, T, NH, hs, true));
  return merge(stream, dinp, dv, C3, 2 * C, B, T, NH, hs, true);
}

}  // namespace llada::gpu::k
