// uniform01_cuda / normal_cuda: argument checks, then the launcher in gpu/random.cu.
#include "gpu/random.hpp"

#include <string>

#include "gpu/launch.hpp"

namespace llada::gpu {

static Result<std::vector<float>> fill(std::uint64_t seed, std::uint32_t stream, std::uint64_t first, int n,
                                       int use_normal) {
  if (n < 0) return fail("asked for " + std::to_string(n) + " random numbers", "ask for 0 or more");
  std::vector<float> out(static_cast<std::size_t>(n));
  if (n == 0) return out;
  if (const char* err = detail::philox_fill_launch(seed, stream, first, n, use_normal, out.data()))
    return fail(std::string("the CUDA random-number kernel failed: ") + err,
                "run on the CPU (--device cpu), or check the GPU with nvidia-smi");
  return out;
}

Result<std::vector<float>> uniform01_cuda(std::uint64_t seed, std::uint32_t stream, std::uint64_t first, int n) {
  return fill(seed, stream, first, n, 0);
}

Result<std::vector<float>> normal_cuda(std::uint64_t seed, std::uint32_t stream, std::uint64_t first, int n) {
  return fill(seed, stream, first, n, 1);
}

}  // namespace llada::gpu
