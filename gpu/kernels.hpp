// Internal: the CUDA ops, one launcher per op, over DEVICE pointers, enqueued on `stream` (cuBLAS calls
// on `blas`, already bound to that stream). Same shapes, same accumulate-or-write rules as
// nn::Backend (core/nn/backend.hpp), which CudaBackend (gpu/cuda_backend.cpp) forwards to these.
// Launchers return at once (the work is asynchronous) with a Status naming the first call that failed.
// C++17 and plain: nvcc compiles the .cu files that define them, the C++23 backend includes this.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/math/adamw_rule.hpp"
#include "gpu/cuda_status.hpp"

namespace llada::gpu::k {

// gpu/encoder.cu
Status encoder_forward(cudaStream_t stream, float* out, const int32_t* inp, const float* wte, const float* wpe,
                       int B, int T, int C);
// scratch: encoder_backward_scratch_ints(B, T) ints of device memory (the positions' links).
size_t encoder_backward_scratch_ints(int B, int T);
Status encoder_backward(cudaStream_t stream, float* dwte, float* dwpe, const float* dout, const int32_t* inp,
                        int B, int T, int C, int32_t* scratch);
Status one_hot(cudaStream_t stream, float* out, const int32_t* ids, int N, int V);

// gpu/matmul.cu (cuBLAS)
Status matmul_forward(cublasHandle_t blas, cudaStream_t stream, float* out, const float* inp, const float* weight,
                      const float* bias, int BT, int C, int OC);
Status matmul_backward(cublasHandle_t blas, cudaStream_t stream, float* dinp, float* dweight, float* dbias,
                       const float* dout, const float* inp, const float* weight, int BT, int C, int OC);
// Row-major C (M,N) = alpha·op(A)·op(B) + beta·C for `batch` matrices `stride*` floats apart; op(A) is
// (M,K), op(B) is (K,N); lda/ldb/ldc are the row strides of A, B, C as stored.
Status gemm_rm(cublasHandle_t blas, bool transA, bool transB, int M, int N, int K, float alpha, const float* A,
               int lda, long long strideA, const float* B, int ldb, long long strideB, float beta, float* C, int ldc,
               long long strideC, int batch);

// gpu/elementwise.cu: activations (kind = nn::Activation), residual, scale, fill.
Status activation_forward(cudaStream_t stream, float* out, const float* inp, size_t N, int kind);
Status activation_backward(cudaStream_t stream, float* dinp, const float* inp, const float* dout, size_t N, int kind);
Status residual_forward(cudaStream_t stream, float* out, const float* a, const float* b, size_t N);
Status residual_backward(cudaStream_t stream, float* da, float* db, const float* dout, size_t N);
Status scale(cudaStream_t stream, float* x, float s, size_t n);
Status fill(cudaStream_t stream, float* dst, float value, size_t n);

// gpu/layernorm.cu
Status layernorm_forward(cudaStream_t stream, float* out, float* mean, float* rstd, const float* inp,
                         const float* weight, const float* bias, int BT, int C);
// scratch: layernorm_backward_scratch_floats(BT, C) floats of device memory (the chunks' partial sums).
size_t layernorm_backward_scratch_floats(int BT, int C);
Status layernorm_backward(cudaStream_t stream, float* dinp, float* dweight, float* dbias, const float* dout,
                          const float* inp, const float* weight, const float* mean, const float* rstd, int BT, int C,
                          float* scratch);

// gpu/attention.cu. scratch: attention_scratch_floats(B, T, C) floats of device memory.
size_t attention_scratch_floats(int B, int T, int C);
Status attention_forward(cublasHandle_t blas, cudaStream_t stream, float* out, float* att, const float* inp, int B,
                         int T, int C, int NH, bool causal, float* scratch);
Status attention_backward(cublasHandle_t blas, cudaStream_t stream, float* dinp, float* datt, const float* dout,
                          const float* inp, const float* att, int B, int T, int C, int NH, bool causal,
                          float* scratch);

// gpu/crossentropy.cu. total: one device double, set to Σ_rows-with-target weights_i · losses_i.
Status crossentropy_forward(cudaStream_t stream, float* losses, double* total, const float* logits,
                            const int32_t* targets, const float* weights, int BT, int V);
Status crossentropy_backward(cudaStream_t stream, float* dlogits, const float* logits, const int32_t* targets,
                             const float* weights, int BT, int V);

// gpu/optim.cu. live: adam_live_blocks(n) bytes or nullptr (dense update); see nn::Backend::adamw_step.
// out: one device double, set to Σ x².
Status adamw_step(cudaStream_t stream, float* params, float* grads, float* m, float* v, unsigned char* live,
                  size_t n, AdamWCoeffs k);
// scratch: sum_squares_scratch_doubles() doubles of device memory (the blocks' sums).
size_t sum_squares_scratch_doubles();
Status sum_squares(cudaStream_t stream, double* out, const float* x, size_t n, double* scratch);

// gpu/masking.cu: nn::Backend::llada_mask. row_sums: B doubles of device scratch; total: one device
// double, set to Σ weights (the rows' sums in row order).
Status llada_mask(cudaStream_t stream, int32_t* inputs, int32_t* targets, float* weights, double* total,
                  double* row_sums, const int32_t* x0, int B, int L, int32_t mask_id, uint64_t seed,
                  uint64_t first_seq, float eps, bool inverse_t);

}  // namespace llada::gpu::k
