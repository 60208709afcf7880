// The embedding's per-element rules, shared by the CPU reference (core/nn/ops.cpp) and the CUDA kernels
// (gpu/encoder.cu): header-only, C++17, host/device.
//
// One-hot rows: out (N, V) with out[i, v] = one_hot_value(ids[i], v), 1 where v is the row's id and 0
// everywhere else (an id outside [0, V) gives a row of zeros). Exact on every backend.
#pragma once

#include <stdint.h>

#include "core/math/host_device.hpp"

namespace llada {

LLADA_HD inline float one_hot_value(int32_t id, long long v) { return v == (long long)id ? 1.0f : 0.0f; }

}  // namespace llada
