#include "core/train/memory.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include <sys/resource.h>

#include "core/models/model.hpp"
#include "core/nn/backend.hpp"

namespace llada::train {

uint64_t parameter_count(const ModelConfig& c) {
  uint64_t n = 0;  // the model's own layout, summed (no second formula to keep in step with model.cpp)
  for (const auto& [name, shape] : Model::param_layout(c)) {
    uint64_t size = 1;
    for (int dim : shape) size *= static_cast<uint64_t>(dim);
    n += size;
  }
  return n;
}

namespace {

std::string gib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  return buf;
}

}  // namespace

uint64_t training_bytes(const ModelConfig& c, int B, int T) {
  const uint64_t BT = static_cast<uint64_t>(std::max(B, 1)) * static_cast<uint64_t>(std::max(T, 1));
  const uint64_t C = static_cast<uint64_t>(c.d), V = static_cast<uint64_t>(c.vocab);
  uint64_t floats = 4 * parameter_count(c);  // params, grads, AdamW m and v
  uint64_t per_pos = 2 * C + 2;          // embedding output, activation / final LayerNorm
  if (c.kind == ModelKind::Transformer)
    per_pos += static_cast<uint64_t>(c.n_layer) * (18 * C + static_cast<uint64_t>(c.n_head) * static_cast<uint64_t>(T));
  floats += 2 * BT * per_pos;  // activations and their gradients
  floats += 2 * BT * V;        // logits and the per-position losses / softmax scratch
  return floats * sizeof(float) + BT * 16;
}

uint64_t available_bytes() {
  uint64_t avail = UINT64_MAX;
  std::ifstream mi("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (mi >> key >> kib >> unit)
    if (key == "MemAvailable:") avail = kib * 1024;
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    uint64_t mapped = 0;  // VmSize: what this process has mapped already counts against the limit
    std::ifstream st("/proc/self/status");
    while (st >> key)
      if (key == "VmSize:" && st >> kib) mapped = kib * 1024;
    const uint64_t lim = static_cast<uint64_t>(rl.rlim_cur);
    avail = std::min(avail, lim > mapped ? lim - mapped : 0);
  }
  return avail;
}

Result<void> check_fits_in_memory(uint64_t bytes, const std::string& what, const nn::Backend& backend) {
  if (std::string(backend.name()) == "cpu") return check_fits_in_memory(bytes, what);
  const uint64_t avail = backend.free_memory();
  if (avail == UINT64_MAX || bytes <= avail) return {};
  return fail(what + " needs about " + gib(bytes) + " of " + backend.name() + " device memory, and " + gib(avail) +
                  " are free there",
              "choose a smaller model (--d, --layers), batch (--batch, --seq) or vocabulary, close other programs "
              "that use the device, or train on the CPU (--device cpu)");
}

Result<void> check_fits_in_memory(uint64_t bytes, const std::string& what) {
  const uint64_t avail = available_bytes();
  if (avail == UINT64_MAX || bytes <= avail) return {};
  return fail(what + " needs about " + gib(bytes) + " of memory, and " + gib(avail) + " are available",
              "choose a smaller model (--d, --layers), batch (--batch, --seq) or vocabulary, or close other programs");
}

}  // namespace llada::train
