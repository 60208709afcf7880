// Built instead of the CUDA sources when no CUDA compiler was found: the probe offers no device.
#include "gpu/device.hpp"

namespace llada::gpu {

const Probe& probe() {
  static const Probe p = [] {
    Probe r;
    r.cuda_built = false;
    r.reason = "this build has no CUDA backend (no CUDA compiler was found when it was configured)";
    return r;
  }();
  return p;
}

}  // namespace llada::gpu
