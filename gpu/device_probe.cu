// The CUDA device probe (runtime API only: linking the driver API would stop the program from
// starting on a machine without a driver).
#include "gpu/device.hpp"

#include <cuda_runtime.h>

namespace llada::gpu {

const Probe& probe() {
  static const Probe p = [] {
    Probe r;
    r.cuda_built = true;
    int count = 0;
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
      r.reason = std::string("CUDA reports no usable GPU: ") + cudaGetErrorString(err);
      cudaGetLastError();  // clear the sticky error
      return r;
    }
    if (count == 0) {
      r.reason = "CUDA found zero GPUs";
      return r;
    }
    for (int i = 0; i < count; ++i) {
      cudaDeviceProp prop{};
      if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
      r.devices.push_back(DeviceInfo{i, prop.name, prop.totalGlobalMem, prop.major, prop.minor});
    }
    if (r.devices.empty()) r.reason = "CUDA could not read the properties of any GPU";
    return r;
  }();
  return p;
}

}  // namespace llada::gpu
