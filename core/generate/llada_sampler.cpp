#include "core/generate/llada_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"

namespace llada::gen {

namespace {

struct Candidate {
  int position;
  int32_t token;
  float confidence;
};

// argmax_v (logit_v − temperature · ln(−ln u_v)): the Gumbel-max trick, i.e. a draw from
// softmax(logits / temperature). The reference writes it as exp(logit) / (−ln u)^temperature in
// float64; taking logs gives the same argmax without overflow. u = 0 gives −inf (never chosen).
int32_t gumbel_argmax(const float* logits, int V, float temperature, uint64_t seed, uint64_t row) {
  const uint64_t V4 = (uint64_t(V) + 3) / 4;  // rows start on a Philox block: one call per 4 entries
  int32_t best = 0;
  double best_score = -INFINITY;
  for (uint64_t j = 0; j < V4; ++j) {
    const Uniform4 u = uniform01x4(seed, stream::sampling, row * V4 + j);
    for (int k = 0; k < 4; ++k) {
      const uint64_t v = j * 4 + k;
      if (v >= uint64_t(V)) break;
      const double g = -std::log(-std::log(static_cast<double>(u.u[k])));
      const double score = static_cast<double>(logits[v]) + temperature * g;
      if (score > best_score) {
        best_score = score;
        best = static_cast<int32_t>(v);
      }
    }
  }
  return best;
}

}  // namespace

std::vector<int> num_transfer_tokens(int masked, int steps) {
  std::vector<int> out(std::max(steps, 0), 0);
  if (steps <= 0) return out;
  const int base = masked / steps, remainder = masked % steps;
  for (int i = 0; i < steps; ++i) out[i] = base + (i < remainder ? 1 : 0);
  return out;
}

Result<LladaResult> generate_llada(const LogitsFn& model, int V, std::span<const int32_t> prompt,
                                   const LladaOptions& opt) {
  if (V < 1) return fail("the model has no output classes (V = " + std::to_string(V) + ")", "build the model first");
  if (opt.mask_id < V)
    return fail("the [MASK] id " + std::to_string(opt.mask_id) + " is one of the model's output classes (V = " +
                    std::to_string(V) + ")",
                "use a LLaDA mask predictor, whose [MASK] input id is V");
  if (opt.gen_length < 1 || opt.block_length < 1 || opt.steps < 1)
    return fail("gen_length, block_length and steps must all be at least 1", "e.g. --length 32 --block 32 --steps 32");
  if (opt.gen_length % opt.block_length != 0)
    return fail("block length " + std::to_string(opt.block_length) + " does not divide the generation length " +
                    std::to_string(opt.gen_length),
                "choose a block length that divides the length (or equal to it for one block)");
  const int n_blocks = opt.gen_length / opt.block_length;
  if (opt.steps % n_blocks != 0)
    return fail(std::to_string(opt.steps) + " steps cannot be shared evenly by " + std::to_string(n_blocks) + " blocks",
                "choose a number of steps that is a multiple of length / block length");
  for (int32_t t : prompt)
    if (t == opt.mask_id) return fail("the prompt contains the [MASK] id", "give a prompt of ordinary tokens");
  if (!(opt.temperature >= 0.0f && std::isfinite(opt.temperature)))
    return fail("temperature must be 0 or more", "0 is deterministic (argmax)");

  const int P = static_cast<int>(prompt.size()), L = P + opt.gen_length;
  const int steps_per_block = opt.steps / n_blocks;
  LladaResult res;
  res.tokens.assign(prompt.begin(), prompt.end());
  res.tokens.resize(L, opt.mask_id);
  std::vector<float> logits(static_cast<size_t>(L) * V), probs(V);
  std::vector<Candidate> cands;
  int global_step = 0;
  for (int b = 0; b < n_blocks; ++b) {
    const int lo = P + b * opt.block_length, hi = lo + opt.block_length;
    const int masked_in_block =
        static_cast<int>(std::count(res.tokens.begin() + lo, res.tokens.begin() + hi, opt.mask_id));
    const std::vector<int> schedule = num_transfer_tokens(masked_in_block, steps_per_block);
    for (int i = 0; i < steps_per_block; ++i, ++global_step) {
      LladaStep step;
      step.step = global_step;
      step.block = b;
      step.masked_before = static_cast<int>(std::count(res.tokens.begin() + P, res.tokens.end(), opt.mask_id));
      model(res.tokens.data(), L, logits.data());
      cands.clear();
      for (int p = lo; p < hi; ++p) {
        if (res.tokens[p] != opt.mask_id) continue;
        const float* row = logits.data() + static_cast<size_t>(p) * V;
        if (auto ok = softmax(std::span<const float>(row, V), 1.0f, probs); !ok)
          return fail("LLaDA step " + std::to_string(global_step) + ", position " + std::to_string(p) + ": " +
                          ok.error().what,
                      ok.error().hint);
        const uint64_t row_id = uint64_t(global_step) * uint64_t(L) + uint64_t(p);
        int32_t tok;
        if (opt.temperature == 0.0f) {
          tok = static_cast<int32_t>(std::max_element(row, row + V) - row);
        } else {
          tok = gumbel_argmax(row, V, opt.temperature, opt.seed, row_id);
        }
        const float conf = opt.remasking == Remasking::LowConfidence
                               ? probs[tok]
                               : uniform01(opt.seed, stream::sampling, (uint64_t(1) << 62) + row_id);
        cands.push_back({p, tok, conf});
      }
      std::stable_sort(cands.begin(), cands.end(),
                       [](const Candidate& a, const Candidate& c) { return a.confidence > c.confidence; });
      const int k = std::min<int>(schedule[i], static_cast<int>(cands.size()));
      for (int j = 0; j < k; ++j) {
        const Candidate& c = cands[j];
        res.tokens[c.position] = c.token;
        Commit commit{c.position, c.token, c.confidence, {}};
        if (opt.record_top > 0) {
          const float* row = logits.data() + static_cast<size_t>(c.position) * V;
          (void)softmax(std::span<const float>(row, V), 1.0f, probs);  // checked above
          commit.top = top_entries(probs, opt.record_top);
        }
        step.commits.push_back(std::move(commit));
      }
      step.state = res.tokens;
      res.trace.push_back(std::move(step));
    }
  }
  return res;
}

}  // namespace llada::gen
