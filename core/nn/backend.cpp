// The default of the ops a backend may leave to the host: Backend::llada_mask through its own memory calls.
#include "core/nn/backend.hpp"

#include <limits>
#include <vector>

#include "core/train/objective.hpp"

namespace llada::nn {

double Backend::llada_mask(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                           int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) const {
  const size_t n = static_cast<size_t>(B) * L;
  std::vector<int32_t> hx0(n), hin(n), htg(n);
  std::vector<float> hw(n);
  if (!download(hx0.data(), x0, n * sizeof(int32_t))) return std::numeric_limits<double>::quiet_NaN();
  const double sum = train::llada_mask_rows(hin.data(), htg.data(), hw.data(), hx0.data(), B, L, mask_id, seed,
                                            first_seq, eps, inverse_t);
  const bool up = upload(inputs, hin.data(), n * sizeof(int32_t)) && upload(targets, htg.data(), n * sizeof(int32_t)) &&
                  upload(weights, hw.data(), n * sizeof(float));
  return up ? sum : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace llada::nn
