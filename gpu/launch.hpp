// Internal: the boundary between the C++23 wrappers (gpu/*.cpp, returning Result) and the kernels
// (gpu/*.cu, nvcc -std=c++17). Plain types only, so both compilers read it. Each launcher takes host
// buffers, returns nullptr on success or the CUDA error message (a static string).
#pragma once

#include <stdint.h>

namespace llada::gpu::detail {

// Masks B rows of L tokens on the device. All pointers are host memory of the documented sizes:
// x0, tokens, masked (B·L); t, counts (B); histogram (L+1), zero-filled by the callee.
// Arguments are already validated (B ≥ 1, L ≥ 1, t ∈ [0, 1]). Returns nullptr on success, else the
// CUDA error message (a static string).
const char* mask_batch_launch(const int32_t* x0, int B, int L, const float* t, int32_t mask_id, uint64_t seed,
                              uint64_t first_seq, int32_t* tokens, uint8_t* masked, int32_t* counts,
                              int64_t* histogram);

// out (n) = uniform01(seed, stream, first + i) (use_normal = 0) or normal(seed, stream, first + i)
// (use_normal = 1).
// n ≥ 1.
const char* philox_fill_launch(uint64_t seed, uint32_t stream, uint64_t first, int n, int use_normal, float* out);

}  // namespace llada::gpu::detail
