#include "app/cli/device_option.hpp"

#include "core/util/log.hpp"
#include "gpu/backend.hpp"

namespace llada::cli {

const char* device_option_help() {
  return "  --device auto|cpu|cuda   where to compute (default auto: the first GPU when there is one, else the CPU)\n";
}

std::string read_device_option(Args& a) { return a.get_or("--device", "auto"); }

Result<const nn::Backend*> choose_backend(const std::string& device) {
  auto kind = gpu::parse_device(device);
  if (!kind) return std::unexpected(kind.error());
  auto choice = gpu::make_backend(*kind);
  if (!choice) return std::unexpected(choice.error());
  log_once("device", choice->summary);
  return choice->backend;
}

}  // namespace llada::cli
