#include "gpu/device.hpp"

#include <cstdio>

namespace llada::gpu {

std::string Probe::summary() const {
  if (devices.empty()) return "device: CPU (" + reason + ")";
  const DeviceInfo& d = devices.front();
  char buf[256];
  std::snprintf(buf, sizeof buf, "device: CUDA GPU %d '%s' (%.1f GiB, sm_%d%d)", d.index, d.name.c_str(),
                double(d.total_memory) / (1024.0 * 1024.0 * 1024.0), d.cc_major, d.cc_minor);
  return buf;
}

}  // namespace llada::gpu
