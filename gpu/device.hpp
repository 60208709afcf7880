// The device probe: which CUDA devices this process can use, if any.
//
// Any CUDA error, a missing driver, or zero devices all mean "use the CPU"; the reason is kept so the
// program can say it once, in one line. This header is plain C++: the app and tests include it whether
// or not the CUDA backend was built.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace llada::gpu {

struct DeviceInfo {
  int index = 0;
  std::string name;
  std::size_t total_memory = 0;  // bytes
  int cc_major = 0, cc_minor = 0;
};

struct Probe {
  bool cuda_built = false;          // was the CUDA backend compiled into this binary?
  std::vector<DeviceInfo> devices;  // usable devices (empty: use the CPU)
  std::string reason;               // why there is no device, when there is none

  bool has_gpu() const { return !devices.empty(); }
  // One line for the log: "device: CUDA GPU 0 'NVIDIA …' (24.0 GiB)" or "device: CPU (reason)".
  std::string summary() const;
};

// Probes once and caches the answer (thread-safe).
const Probe& probe();

}  // namespace llada::gpu
