// Σ x² for the gradient norm on a device, in a fixed order (no atomics, so a run is bit-reproducible),
// shared by the CUDA kernel (gpu/optim.cu) and its host replay (tests/kernel_emulation.hpp
// emu::sum_squares_blocks): header-only, C++17, host/device.
//
// The order: sum_squares_blocks(n) blocks of kSumSquaresThreads threads; thread i of block b (global
// index g = b·256 + i) adds the squares of x[g], x[g + stride], … (stride = blocks·256) in double, each
// with one fused multiply-add (add_square: exact product, one rounding, the same on both sides); the
// block halves its 256 sums in a tree (slot i += slot i + w for w = 128, 64, …, 1); the blocks' sums are
// added in block order. The CPU reference (core/train/optim.cpp) adds 2048-float chunks in float and the
// chunks in double: the two agree to 1e-6 relative (the CPU's float chunks), not bit for bit.
#pragma once

#include <math.h>
#include <stddef.h>

#include "core/math/host_device.hpp"

namespace llada {

constexpr int kSumSquaresThreads = 256;
constexpr size_t kSumSquaresMaxBlocks = 1024;

LLADA_HD inline unsigned sum_squares_blocks(size_t n) {
  const size_t want = (n + kSumSquaresThreads - 1) / kSumSquaresThreads;
  return unsigned(want < kSumSquaresMaxBlocks ? want : kSumSquaresMaxBlocks);
}

LLADA_HD inline double add_square(double s, float x) {
#if defined(__CUDA_ARCH__)
  return __fma_rn(double(x), double(x), s);
#else
  return fma(double(x), double(x), s);
#endif
}

}  // namespace llada
