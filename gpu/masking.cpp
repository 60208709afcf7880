// mask_batch_cuda: validates like the CPU version, then hands plain buffers to the kernel launcher.
#include "gpu/masking.hpp"

#include <string>

#include "gpu/launch.hpp"

namespace llada::gpu {

Result<MaskedBatchHistogram> mask_batch_cuda(std::span<const std::int32_t> x0, int B, int L,
                                             std::span<const float> t, std::int32_t mask_id, std::uint64_t seed,
                                             std::uint64_t first_seq) {
  if (auto ok = check_batch(x0.size(), B, L, t); !ok) return std::unexpected(ok.error());

  MaskedBatchHistogram out;
  out.batch.B = B;
  out.batch.L = L;
  out.batch.tokens.resize(x0.size());
  out.batch.masked.resize(x0.size());
  out.batch.counts.resize(B);
  out.histogram.assign(std::size_t(L) + 1, 0);
  if (B == 0) return out;
  if (L == 0) {  // nothing to launch: every row has zero masks
    out.histogram[0] = B;
    return out;
  }
  if (const char* err = detail::mask_batch_launch(x0.data(), B, L, t.data(), mask_id, seed, first_seq,
                                                  out.batch.tokens.data(), out.batch.masked.data(),
                                                  out.batch.counts.data(), out.histogram.data()))
    return fail(std::string("the CUDA masking kernel failed: ") + err,
                "run on the CPU (--device cpu), or check the GPU with nvidia-smi");
  return out;
}

}  // namespace llada::gpu
