// Linear layers on the device: cuBLAS SGEMMs (plain FP32: no TF32, so the numbers stay those of the
// CPU reference to float rounding) plus two small kernels for the bias.
//
// CPU reference: core/nn/ops.cpp matmul_forward / matmul_backward.
//   forward:  out (BT,OC) = inp (BT,C) · weightᵀ + bias     (bias written first, the GEMM adds, β = 1)
//   backward: dinp (BT,C) += dout·weight;  dweight (OC,C) += doutᵀ·inp;  dbias (OC) += Σ_rows dout
// Our buffers are row-major and cuBLAS is column-major: a row-major (M,N) matrix read column-major is
// its transpose, so row-major C = op(A)·op(B) is computed as column-major Cᵀ = op(B)ᵀ·op(A)ᵀ by
// swapping the operands (gemm_rm below).
// The bias gradient: one block per 32 columns, a 32×32 thread tile that walks the rows (each warp reads
// 32 consecutive floats of a row), partial sums reduced in shared memory, one += per column: no atomics,
// deterministic.
#include "gpu/kernels.hpp"

namespace llada::gpu::k {
namespace {

__global__ void bias_broadcast_kernel(float* out, const float* bias, int OC, size_t N) {  // out (BT,OC)
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < N) out[i] = bias[i % OC];
}

__global__ void bias_backward_kernel(float* dbias, const float* dout, int BT, int OC) {  // dout (BT,OC)
  __shared__ float part[32][33];
  const int col = blockIdx.x * 32 + threadIdx.x;
  float s = 0.0f;
  if (col < OC)
    for (int r = threadIdx.y; r < BT; r += 32) s += dout[size_t(r) * OC + col];
  part[threadIdx.y][threadIdx.x] = s;
  __syncthreads();
  if (threadIdx.y == 0 && col < OC) {
    float t = 0.0f;
    for (int y = 0; y < 32; ++y) t += part[y][threadIdx.x];
    dbias[col] += t;
  }
}

}  // namespace

Status gemm_rm(cublasHandle_t blas, bool transA, bool transB, int M, int N, int K, float alpha, const float* A,
               int lda, long long strideA, const float* B, int ldb, long long strideB, float beta, float* C, int ldc,
               long long strideC, int batch) {
  const cublasOperation_t opA = transA ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t opB = transB ? CUBLAS_OP_T : CUBLAS_OP_N;
  if (batch == 1) {
    LLADA_CUBLAS_CHECK(cublasSgemm(blas, opB, opA, N, M, K, &alpha, B, ldb, A, lda, &beta, C, ldc));
  } else {
    LLADA_CUBLAS_CHECK(cublasSgemmStridedBatched(blas, opB, opA, N, M, K, &alpha, B, ldb, strideB, A, lda, strideA,
                                                 &beta, C, ldc, strideC, batch));
  }
  return {};
}

Status matmul_forward(cublasHandle_t blas, cudaStream_t stream, float* out, const float* inp, const float* weight,
                      const float* bias, int BT, int C, int OC) {
  float beta = 0.0f;
  if (bias) {
    const size_t N = size_t(BT) * OC;
    bias_broadcast_kernel<<<unsigned((N + 255) / 256), 256, 0, stream>>>(out, bias, OC, N);
    LLADA_LAUNCH_CHECK("bias_broadcast_kernel");
    beta = 1.0f;
  }
  // out (BT,OC) = inp (BT,C) · weightᵀ, weight stored (OC,C)
  return gemm_rm(blas, false, true, BT, OC, C, 1.0f, inp, C, 0, weight, C, 0, beta, out, OC, 0, 1);
}

Status matmul_backward(cublasHandle_t blas, cudaStream_t stream, float* dinp, float* dweight, float* dbias,
                       const float* dout, const float* inp, const float* weight, int BT, int C, int OC) {
  if (dinp) {  // dinp (BT,C) += dout (BT,OC) · weight (OC,C)
    const Status s = gemm_rm(blas, false, false, BT, C, OC, 1.0f, dout, OC, 0, weight, C, 0, 1.0f, dinp, C, 0, 1);
    if (!s.ok()) return s;
  }
  if (dweight) {  // dweight (OC,C) += doutᵀ (OC,BT) · inp (BT,C)
    const Status s = gemm_rm(blas, true, false, OC, C, BT, 1.0f, dout, OC, 0, inp, C, 0, 1.0f, dweight, C, 0, 1);
    if (!s.ok()) return s;
  }
  if (dbias) {
    bias_backward_kernel<<<unsigned((OC + 31) / 32), dim3(32, 32), 0, stream>>>(dbias, dout, BT, OC);
    LLADA_LAUNCH_CHECK("bias_backward_kernel");
  }
  return {};
}

}  // namespace llada::gpu::k
