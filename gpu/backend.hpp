// Choosing the backend a model computes on: --device auto|cpu|cuda, everywhere (window, train,
// generate, experiment, bench).
//
//   auto  the first GPU the probe (device.hpp) finds, else the CPU; `fell_back` says so, and the
//         caller says it once ("device: CPU (reason)").
//   cpu   the CPU reference backend.
//   cuda  the first GPU, or an error with the probe's reason and a HINT (never a silent CPU).
//
// Backends live as long as the process (models and buffers keep plain pointers to them). This header is
// plain C++: it builds with or without CUDA; without it, cuda_backend() reports why.
#pragma once

#include <string>
#include <string_view>

#include "core/nn/backend.hpp"
#include "core/util/result.hpp"

namespace llada::gpu {

enum class DeviceKind { Auto, Cpu, Cuda };

// "auto", "cpu" or "cuda"; anything else is an error naming the three.
Result<DeviceKind> parse_device(std::string_view text);
const char* device_kind_name(DeviceKind k);  // "auto", "cpu", "cuda"

struct BackendChoice {
  const nn::Backend* backend = nullptr;  // never null in a successful choice
  std::string summary;                   // one line: "device: CUDA GPU 0 '…' (…)" or "device: CPU (…)"
  bool fell_back = false;                // auto found no usable GPU and chose the CPU
};

Result<BackendChoice> make_backend(DeviceKind kind);

// The CUDA backend on device `index`, created on first use and kept for the process. Implemented by
// gpu/cuda_backend.cu; without CUDA (no_cuda.cpp) an error saying the build has none.
Result<const nn::Backend*> cuda_backend(int index);

}  // namespace llada::gpu
