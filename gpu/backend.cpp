// make_backend: the --device choice, on top of the probe. Built with and without CUDA.
#include "gpu/backend.hpp"

#include "gpu/device.hpp"

namespace llada::gpu {

Result<DeviceKind> parse_device(std::string_view text) {
  if (text == "auto") return DeviceKind::Auto;
  if (text == "cpu") return DeviceKind::Cpu;
  if (text == "cuda") return DeviceKind::Cuda;
  return fail("unknown device '" + std::string(text) + "'", "use --device auto, cpu or cuda");
}

const char* device_kind_name(DeviceKind k) {
  switch (k) {
    case DeviceKind::Auto: return "auto";
    case DeviceKind::Cpu: return "cpu";
    case DeviceKind::Cuda: return "cuda";
  }
  return "?";
}

Result<BackendChoice> make_backend(DeviceKind kind) {
  if (kind == DeviceKind::Cpu)
    return BackendChoice{&nn::cpu_backend(), "device: CPU (chosen with --device cpu)", false};
  const Probe& p = probe();
  if (p.has_gpu()) {
    auto be = cuda_backend(p.devices.front().index);
    if (be) return BackendChoice{*be, p.summary(), false};
    if (kind == DeviceKind::Cuda)
      return fail("--device cuda, but the CUDA backend could not start: " + be.error().what,
                  "use --device auto or --device cpu");
    return BackendChoice{&nn::cpu_backend(), "device: CPU (the GPU could not start: " + be.error().what + ")", true};
  }
  if (kind == DeviceKind::Cuda)
    return fail("--device cuda, but no CUDA device is usable: " + p.reason, "use --device auto or --device cpu");
  return BackendChoice{&nn::cpu_backend(), p.summary(), true};
}

}  // namespace llada::gpu
