// The forward process of a whole batch on the GPU, and its mask-count histogram.
//
// Same contract, same random numbers as llada::mask_batch (core/math/masking.hpp): the kernel calls
// the same host/device rule (core/math/mask_rule.hpp), so masks, tokens and counts are bit-identical
// to the CPU's (tests/gpu/ checks it where a GPU exists). Plain C++: include it from anywhere.
// In a build without the CUDA backend (LLADA_HAVE_CUDA == 0) the function exists and returns an
// error saying so; check llada::gpu::probe().has_gpu() before choosing it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/math/masking.hpp"
#include "core/util/result.hpp"

namespace llada::gpu {

struct MaskedBatchHistogram {
  MaskedBatch batch;                  // as llada::mask_batch returns it
  std::vector<std::int64_t> histogram;  // (L+1): histogram[k] = number of rows with k masks
};

// x0: (B, L) token ids, row-major; t: (B), one time per row; row b is sequence first_seq + b.
// Errors: as llada::mask_batch (shapes, t outside [0, 1] or NaN), plus any CUDA error (no device,
// out of memory, launch failure), reported with its CUDA message.
Result<MaskedBatchHistogram> mask_batch_cuda(std::span<const std::int32_t> x0, int B, int L,
                                             std::span<const float> t, std::int32_t mask_id, std::uint64_t seed,
                                             std::uint64_t first_seq = 0);

}  // namespace llada::gpu
