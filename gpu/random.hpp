// The lab's random numbers computed on the GPU: the same Philox function (core/math/philox.hpp) run
// in a kernel. Uniforms are bit-identical to the CPU's; normals agree to within float rounding
// (the device's log/cos/sqrt may differ from the host's in the last bits). Used to check the generator
// on the device (tests/gpu/) and by device-side initialisation. Plain C++; in a build without the
// CUDA backend both functions return an error saying so.
#pragma once

#include <cstdint>
#include <vector>

#include "core/util/result.hpp"

namespace llada::gpu {

// out[i] = uniform01(seed, stream, first + i), i = 0 … n−1. Errors: n < 0, any CUDA error.
Result<std::vector<float>> uniform01_cuda(std::uint64_t seed, std::uint32_t stream, std::uint64_t first, int n);
// out[i] = normal(seed, stream, first + i), i = 0 … n−1. Errors: n < 0, any CUDA error.
Result<std::vector<float>> normal_cuda(std::uint64_t seed, std::uint32_t stream, std::uint64_t first, int n);

}  // namespace llada::gpu
