// The benchmark's CUDA figures in a build without the CUDA backend: each says why there are none.
#include "gpu/cuda_stats.hpp"

namespace llada::gpu {

static constexpr const char* kNone = "this build has no CUDA backend";
static constexpr const char* kHint = "rebuild with nvcc on PATH and LLADA_CUDA=ON";

Result<CudaStats> cuda_stats(const nn::Backend&) { return fail(kNone, kHint); }
Result<double> cuda_gemm_ms(const nn::Backend&, bool, bool, int, int, int, int) { return fail(kNone, kHint); }

}  // namespace llada::gpu
