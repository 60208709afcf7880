// Internal: how the CUDA code reports a failure. C++17 and plain, so the kernels' files (nvcc) and the
// backend (C++23) both read it.
//
// A Status names the call that failed and the library's message ("cudaMalloc(&p, bytes): out of
// memory"); ok() when nothing failed. The CHECK macros return such a Status from the enclosing function
// at the first failing call: nothing aborts, and the backend turns the Status into a Result error.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>

namespace llada::gpu {

struct Status {
  const char* call = nullptr;  // the failing call as written in the source; nullptr when ok
  const char* what = nullptr;  // the CUDA or cuBLAS message
  bool ok() const { return call == nullptr; }
};

}  // namespace llada::gpu

// A CUDA runtime call. A failed call's error is cleared (cudaGetLastError) so the next check does not
// report it again; a sticky error (a lost device) keeps failing every call after it anyway.
#define LLADA_CUDA_CHECK(expr)                                             \
  do {                                                                     \
    const cudaError_t llada_err_ = (expr);                                 \
    if (llada_err_ != cudaSuccess) {                                       \
      (void)cudaGetLastError();                                            \
      return ::llada::gpu::Status{#expr, cudaGetErrorString(llada_err_)}; \
    }                                                                      \
  } while (0)

// A cuBLAS call.
#define LLADA_CUBLAS_CHECK(expr)                                              \
  do {                                                                        \
    const cublasStatus_t llada_st_ = (expr);                                  \
    if (llada_st_ != CUBLAS_STATUS_SUCCESS)                                   \
      return ::llada::gpu::Status{#expr, cublasGetStatusString(llada_st_)}; \
  } while (0)

// After a kernel launch: a bad configuration or a previous asynchronous fault shows up here.
#define LLADA_LAUNCH_CHECK(kernel_name)                                                    \
  do {                                                                                     \
    const cudaError_t llada_err_ = cudaGetLastError();                                     \
    if (llada_err_ != cudaSuccess)                                                         \
      return ::llada::gpu::Status{kernel_name "<<<...>>>", cudaGetErrorString(llada_err_)}; \
  } while (0)
