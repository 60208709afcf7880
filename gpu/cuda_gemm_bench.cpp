// cuda_gemm_ms: the cuBLAS reference the training benchmark sets its steps beside (cuda_stats.hpp).
#include <cuda_runtime.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gpu/cuda_stats.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu {

Result<double> cuda_gemm_ms(const nn::Backend& backend, bool transA, bool transB, int M, int N, int K, int reps) {
  if (std::string(backend.name()) != "cuda") return fail("cuda_gemm_ms needs the CUDA backend", "use --device cuda");
  auto a = backend.alloc(sizeof(float) * size_t(M) * K);
  auto b = backend.alloc(sizeof(float) * size_t(K) * N);
  auto c = backend.alloc(sizeof(float) * size_t(M) * N);
  if (!a || !b || !c) {
    for (auto* r : {&a, &b, &c})
      if (*r) backend.free(**r);
    return fail("could not allocate the GEMM benchmark's buffers", "choose a smaller shape");
  }
  float *A = static_cast<float*>(*a), *B = static_cast<float*>(*b), *Cm = static_cast<float*>(*c);
  std::vector<double> ms;
  const Status st = [&]() -> Status {
    cublasHandle_t h = nullptr;
    cudaEvent_t e0 = nullptr, e1 = nullptr;
    struct Cleanup {
      cublasHandle_t& h;
      cudaEvent_t &e0, &e1;
      ~Cleanup() {
        if (h) cublasDestroy(h);
        if (e0) cudaEventDestroy(e0);
        if (e1) cudaEventDestroy(e1);
      }
    } cleanup{h, e0, e1};
    LLADA_CUBLAS_CHECK(cublasCreate(&h));
    LLADA_CUDA_CHECK(cudaEventCreate(&e0));
    LLADA_CUDA_CHECK(cudaEventCreate(&e1));
    LLADA_CUDA_CHECK(cudaMemset(A, 0, sizeof(float) * size_t(M) * K));
    LLADA_CUDA_CHECK(cudaMemset(B, 0, sizeof(float) * size_t(K) * N));
    const int lda = transA ? M : K, ldb = transB ? K : N;
    for (int r = -2; r < reps; ++r) {  // two warm-up runs
      LLADA_CUDA_CHECK(cudaEventRecord(e0));
      const Status s = k::gemm_rm(h, transA, transB, M, N, K, 1.0f, A, lda, 0, B, ldb, 0, 0.0f, Cm, N, 0, 1);
      if (!s.ok()) return s;
      LLADA_CUDA_CHECK(cudaEventRecord(e1));
      LLADA_CUDA_CHECK(cudaEventSynchronize(e1));
      float t = 0;
      LLADA_CUDA_CHECK(cudaEventElapsedTime(&t, e0, e1));
      if (r >= 0) ms.push_back(t);
    }
    return {};
  }();
  backend.free(A);
  backend.free(B);
  backend.free(Cm);
  if (!st.ok()) return fail(std::string("the cuBLAS benchmark failed: ") + st.call + ": " + st.what, "check the GPU");
  std::sort(ms.begin(), ms.end());
  return ms.empty() ? 0.0 : ms[ms.size() / 2];
}

}  // namespace llada::gpu
