#include "core/train/objective.hpp"

#include <string>

#include "core/math/mask_rule.hpp"
#include "core/math/masking.hpp"

namespace llada::train {

namespace {

Result<void> check_shape(size_t n, int B, int T, const char* what) {
  if (B < 1 || T < 1)
    return fail(std::string("batch shape ") + std::to_string(B) + "×" + std::to_string(T) + " is empty",
                "use at least one row of one token");
  if (n != static_cast<size_t>(B) * T)
    return fail(std::string(what) + " has " + std::to_string(n) + " tokens, expected B×T = " +
                    std::to_string(static_cast<size_t>(B) * T),
                "this is a bug in the caller: report it");
  return {};
}

Result<void> masked_batch(std::span<const int32_t> x0, int B, int L, std::span<const float> t, int32_t mask_id,
                          uint64_t seed, uint64_t first_seq, const LladaObjectiveOptions& opt, PreparedBatch& out) {
  auto mb = mask_batch(x0, B, L, t, mask_id, seed, first_seq);
  if (!mb) return std::unexpected(mb.error());
  out.B = B;
  out.T = L;
  out.t.assign(t.begin(), t.end());
  out.inputs = std::move(mb->tokens);
  out.masked = std::move(mb->masked);
  out.targets.resize(x0.size());
  for (size_t i = 0; i < x0.size(); ++i) out.targets[i] = out.masked[i] ? x0[i] : -1;
  out.weights.resize(x0.size());
  llada_weights(out.masked, out.t, B, L, opt.inverse_t, out.weights);
  return {};
}

}  // namespace

Result<void> prepare_autoregressive(std::span<const int32_t> inputs, std::span<const int32_t> targets, int B, int T,
                                    PreparedBatch& out) {
  if (auto ok = check_shape(inputs.size(), B, T, "the input batch"); !ok) return ok;
  if (auto ok = check_shape(targets.size(), B, T, "the target batch"); !ok) return ok;
  out.B = B;
  out.T = T;
  out.inputs.assign(inputs.begin(), inputs.end());
  out.targets.assign(targets.begin(), targets.end());
  out.weights.assign(inputs.size(), 1.0f / static_cast<float>(static_cast<size_t>(B) * T));
  out.t.clear();
  out.masked.clear();
  return {};
}

Result<void> prepare_llada(std::span<const int32_t> x0, int B, int L, int32_t mask_id, uint64_t seed,
                           uint64_t first_seq, const LladaObjectiveOptions& opt, PreparedBatch& out) {
  if (auto ok = check_shape(x0.size(), B, L, "the LLaDA batch"); !ok) return ok;
  if (!(opt.eps > 0.0f && opt.eps < 1.0f))
    return fail("the smallest diffusion time ε must lie in (0, 1)", "LLaDA uses ε = 1e-3");
  std::vector<float> t(B);
  for (int b = 0; b < B; ++b) t[b] = sample_time(seed, first_seq + b, opt.eps);
  return masked_batch(x0, B, L, t, mask_id, seed, first_seq, opt, out);
}

Result<void> prepare_llada_at(std::span<const int32_t> x0, int B, int L, float t, int32_t mask_id, uint64_t seed,
                              uint64_t first_seq, const LladaObjectiveOptions& opt, PreparedBatch& out) {
  if (auto ok = check_shape(x0.size(), B, L, "the LLaDA batch"); !ok) return ok;
  if (!(t > 0.0f && t <= 1.0f))
    return fail("the probe time t = " + std::to_string(t) + " is outside (0, 1]", "choose t between 0.01 and 1");
  std::vector<float> ts(B, t);
  return masked_batch(x0, B, L, ts, mask_id, seed, first_seq, opt, out);
}

void llada_weights(std::span<const uint8_t> masked, std::span<const float> t, int B, int L, bool inverse_t,
                   std::span<float> weights) {
  for (int b = 0; b < B; ++b) {
    const float w = llada_weight(B, L, t[b], inverse_t);
    for (int i = 0; i < L; ++i) weights[static_cast<size_t>(b) * L + i] = masked[static_cast<size_t>(b) * L + i] ? w : 0.0f;
  }
}

double llada_mask_rows(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                       int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) {
  double sum = 0;
  for (int b = 0; b < B; ++b) {
    const uint64_t seq = first_seq + static_cast<uint64_t>(b);
    const float t = sample_time(seed, seq, eps);
    const float w = llada_weight(B, L, t, inverse_t);
    int count = 0;
    for (int i = 0; i < L; ++i) {
      const size_t k = static_cast<size_t>(b) * L + i;
      const bool m = is_masked(mask_uniform(seed, seq, static_cast<uint32_t>(i)), t);
      const LladaCell c = llada_cell(m, x0[k], mask_id, w);
      inputs[k] = c.input;
      targets[k] = c.target;
      weights[k] = c.weight;
      count += m ? 1 : 0;
    }
    sum += llada_row_weight(count, w);
  }
  return sum;
}

}  // namespace llada::train
