// Built instead of the CUDA sources when the CUDA backend is not built (LLADA_CUDA=OFF, or AUTO with
// no CUDA compiler found): the probe offers no device and the kernels' entry points say why.
#include "gpu/backend.hpp"
#include "gpu/device.hpp"
#include "gpu/masking.hpp"
#include "gpu/random.hpp"

namespace llada::gpu {

static const char* const kNoCuda =
    "this build has no CUDA backend (configured with LLADA_CUDA=OFF, or no CUDA compiler was found)";

const Probe& probe() {
  static const Probe p = [] {
    Probe r;
    r.cuda_built = false;
    r.reason = kNoCuda;
    return r;
  }();
  return p;
}

Result<MaskedBatchHistogram> mask_batch_cuda(std::span<const std::int32_t>, int, int, std::span<const float>,
                                             std::int32_t, std::uint64_t, std::uint64_t) {
  return fail(std::string("GPU masking is unavailable: ") + kNoCuda,
              "use llada::mask_batch on the CPU, or rebuild with nvcc on PATH and LLADA_CUDA=ON");
}

static Result<std::vector<float>> no_random() {
  return fail(std::string("GPU random numbers are unavailable: ") + kNoCuda,
              "use llada::uniform01 / llada::normal on the CPU (core/math/philox.hpp)");
}
Result<std::vector<float>> uniform01_cuda(std::uint64_t, std::uint32_t, std::uint64_t, int) { return no_random(); }
Result<std::vector<float>> normal_cuda(std::uint64_t, std::uint32_t, std::uint64_t, int) { return no_random(); }

Result<const nn::Backend*> cuda_backend(int) {
  return fail(std::string("the CUDA backend is unavailable: ") + kNoCuda,
              "use --device cpu, or rebuild with nvcc on PATH and LLADA_CUDA=ON");
}

}  // namespace llada::gpu
