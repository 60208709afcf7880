// What the benchmark reports about the CUDA backend beyond time: device memory in use, and the speed of
// plain cuBLAS SGEMMs to compare a training step with. Plain C++: in a build without CUDA every function
// returns an error saying so.
#pragma once

#include <cstdint>

#include "core/nn/backend.hpp"
#include "core/util/result.hpp"

namespace llada::gpu {

// (The bytes moved host↔device and the memory the backend holds are nn::Backend::traffic(), on every
// backend.)
struct CudaStats {
  std::uint64_t device_used_bytes = 0;  // cudaMemGetInfo: total − free (all processes)
  std::uint64_t device_total_bytes = 0;
};

// Error when `backend` is not a CUDA backend.
Result<CudaStats> cuda_stats(const nn::Backend& backend);

// Milliseconds per row-major SGEMM C (M,N) = op(A)·op(B) on `backend`'s device (median of `reps`,
// after a warm-up), on buffers it allocates and frees.
Result<double> cuda_gemm_ms(const nn::Backend& backend, bool transA, bool transB, int M, int N, int K, int reps);

}  // namespace llada::gpu
