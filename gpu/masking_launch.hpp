// Internal: the boundary between gpu/masking.cpp (C++23, Result) and gpu/masking.cu (nvcc, C++17).
// Plain types only, so both compilers read it.
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

}  // namespace llada::gpu::detail
