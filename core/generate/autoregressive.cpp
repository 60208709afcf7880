#include "core/generate/autoregressive.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"

namespace llada::gen {

Result<ArResult> generate_ar(const LogitsFn& model, int V, std::span<const int32_t> prompt, const ArOptions& opt) {
  if (V < 1) return fail("the model has no output classes (V = " + std::to_string(V) + ")", "build the model first");
  if (prompt.empty())
    return fail("autoregressive generation needs a prompt of at least one token",
                "type a few words; the first token conditions everything after it");
  if (opt.max_new_tokens < 0) return fail("max_new_tokens is negative", "ask for 0 or more tokens");
  if (!opt.greedy && !(opt.temperature > 0.0f && std::isfinite(opt.temperature)))
    return fail("temperature must be above 0 (got " + std::to_string(opt.temperature) + ")",
                "use greedy decoding for the limit temperature → 0");
  if (opt.top_k < 0) return fail("top-k is negative", "use 0 to switch top-k off");
  if (!(opt.top_p > 0.0f && opt.top_p <= 1.0f)) return fail("top-p must be in (0, 1]", "use 1 to switch top-p off");

  ArResult res;
  res.tokens.assign(prompt.begin(), prompt.end());
  std::vector<float> logits, probs(V);
  for (int s = 0; s < opt.max_new_tokens; ++s) {
    const int n = static_cast<int>(res.tokens.size());
    const int T = opt.context > 0 ? std::min(n, opt.context) : n;  // the window the model sees
    logits.resize(static_cast<size_t>(T) * V);
    model(res.tokens.data() + (n - T), T, logits.data());
    std::span<const float> last(logits.data() + static_cast<size_t>(T - 1) * V, V);
    // Greedy reads the raw distribution (T = 1) so its recorded probabilities are the model's own.
    if (auto ok = softmax(last, opt.greedy ? 1.0f : opt.temperature, probs); !ok)
      return fail("generation step " + std::to_string(s) + ": " + ok.error().what, ok.error().hint);
    if (opt.top_k > 0)
      if (auto ok = top_k_filter(probs, opt.top_k); !ok) return std::unexpected(ok.error());
    if (opt.top_p < 1.0f)
      if (auto ok = top_p_filter(probs, opt.top_p); !ok) return std::unexpected(ok.error());
    Result<int> pick = opt.greedy ? argmax(probs)
                                  : sample_from_uniform(probs, uniform01(opt.seed, stream::sampling, uint64_t(s)));
    if (!pick) return std::unexpected(pick.error());
    ArStep step;
    step.token = *pick;
    step.prob = probs[*pick];
    if (auto h = entropy(probs)) step.entropy = static_cast<float>(*h);
    step.top = top_entries(probs, opt.record_top);
    res.tokens.push_back(*pick);
    res.steps.push_back(std::move(step));
  }
  return res;
}

}  // namespace llada::gen
