#include "core/generate/llada_sampler.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"

namespace llada::gen {

namespace {

struct Candidate {
  int position;
  int32_t token;
  float score;
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

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<void> check_options(int V, std::span<const int32_t> prompt, const LladaOptions& opt) {
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
  if (opt.threshold == 0.0f && opt.steps % n_blocks != 0)
    return fail(std::to_string(opt.steps) + " steps cannot be shared evenly by " + std::to_string(n_blocks) + " blocks",
                "choose a number of steps that is a multiple of length / block length");
  if (!(opt.threshold >= 0.0f && opt.threshold <= 1.0f))
    return fail("threshold " + std::to_string(opt.threshold) + " is outside [0, 1]",
                "0 keeps the fixed schedule; e.g. 0.9 commits every position the model is 90 % sure of");
  for (int32_t t : prompt)
    if (t == opt.mask_id) return fail("the prompt contains the [MASK] id", "give a prompt of ordinary tokens");
  if (!(opt.temperature >= 0.0f && std::isfinite(opt.temperature)))
    return fail("temperature must be 0 or more", "0 is deterministic (argmax)");
  std::vector<char> taken(opt.gen_length, 0);
  for (const Pin& p : opt.pins) {
    if (p.position < 0 || p.position >= opt.gen_length)
      return fail("pinned position " + std::to_string(p.position) + " is outside the answer of " +
                      std::to_string(opt.gen_length) + " tokens",
                  "pin positions count from 0 (the first generated token) to length − 1");
    if (p.token < 0 || p.token >= V)
      return fail("pinned token id " + std::to_string(p.token) + " is not one of the model's " + std::to_string(V) +
                      " classes",
                  "pin text written with the model's own tokenizer");
    if (taken[p.position]++)
      return fail("two pins at answer position " + std::to_string(p.position), "pin each position once");
  }
  return {};
}

}  // namespace

const char* remasking_name(Remasking r) {
  switch (r) {
    case Remasking::LowConfidence: return "low-confidence";
    case Remasking::Random: return "random";
    case Remasking::Margin: return "margin";
    case Remasking::Entropy: return "entropy";
  }
  return "?";
}

Result<Remasking> parse_remasking(std::string_view name) {
  for (Remasking r : kAllRemasking)
    if (name == remasking_name(r)) return r;
  return fail("unknown remasking '" + std::string(name) + "'", "choose low-confidence, random, margin or entropy");
}

std::vector<int> LladaResult::commits_per_step() const {
  std::vector<int> out;
  out.reserve(trace.size());
  for (const LladaStep& s : trace) out.push_back(static_cast<int>(s.commits.size()));
  return out;
}

std::vector<int> num_transfer_tokens(int masked, int steps) {
  std::vector<int> out(std::max(steps, 0), 0);
  if (steps <= 0) return out;
  const int base = masked / steps, remainder = masked % steps;
  for (int i = 0; i < steps; ++i) out[i] = base + (i < remainder ? 1 : 0);
  return out;
}

float remasking_score(Remasking r, std::span<const float> probs, int32_t candidate, float uniform) {
  switch (r) {
    case Remasking::LowConfidence: return probs[candidate];
    case Remasking::Random: return uniform;
    case Remasking::Margin: {
      float a = 0, b = 0;  // the two largest probabilities
      for (float p : probs)
        if (p > a) b = a, a = p;
        else if (p > b) b = p;
      return a - b;
    }
    case Remasking::Entropy: {
      double h = 0;
      for (float p : probs)
        if (p > 0) h -= double(p) * std::log(double(p));
      return static_cast<float>(std::exp(-h));
    }
  }
  return 0.0f;
}

std::vector<int> select_commits(std::span<const float> scores, int k, float threshold) {
  std::vector<int> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[a] > scores[b]; });
  if (order.empty()) return order;
  size_t n;
  if (threshold > 0.0f) {
    n = 1;  // at least the best one, so every step makes progress
    while (n < order.size() && scores[order[n]] >= threshold) ++n;
  } else {
    n = static_cast<size_t>(std::clamp<long>(k, 0, static_cast<long>(order.size())));
  }
  order.resize(n);
  return order;
}

Result<LladaResult> generate_llada(const LogitsFn& model, int V, std::span<const int32_t> prompt,
                                   const LladaOptions& opt) {
  if (auto ok = check_options(V, prompt, opt); !ok) return std::unexpected(ok.error());
  const int n_blocks = opt.gen_length / opt.block_length;
  const int P = static_cast<int>(prompt.size()), L = P + opt.gen_length;
  const int steps_per_block = opt.steps / n_blocks;
  LladaResult res;
  res.tokens.assign(prompt.begin(), prompt.end());
  res.tokens.resize(L, opt.mask_id);
  res.committed_at.assign(L, kPromptPosition);
  res.commit_rank.assign(L, -1);
  res.confidence.assign(L, std::numeric_limits<float>::quiet_NaN());
  for (int p = P; p < L; ++p) res.committed_at[p] = 0;
  for (const Pin& pin : opt.pins) res.tokens[P + pin.position] = pin.token, res.committed_at[P + pin.position] = kPinnedPosition;
  std::vector<float> logits(static_cast<size_t>(L) * V), probs(V), scores;
  std::vector<Candidate> cands;
  int global_step = 0;
  auto masked_in = [&](int lo, int hi) {
    return static_cast<int>(std::count(res.tokens.begin() + lo, res.tokens.begin() + hi, opt.mask_id));
  };
  for (int b = 0; b < n_blocks; ++b) {
    const int lo = P + b * opt.block_length, hi = lo + opt.block_length;
    const std::vector<int> schedule = num_transfer_tokens(masked_in(lo, hi), steps_per_block);
    for (int i = 0; opt.threshold > 0.0f ? masked_in(lo, hi) > 0 : i < steps_per_block; ++i) {
      if (opt.threshold == 0.0f && schedule[i] == 0) continue;  // nothing to commit: no evaluation
      LladaStep step;
      step.step = global_step;
      step.block = b;
      step.masked_before = masked_in(P, L);
      model(res.tokens.data(), L, logits.data());
      ++res.evaluations;
      cands.clear();
      scores.clear();
      for (int p = lo; p < hi; ++p) {
        if (res.tokens[p] != opt.mask_id) continue;
        const float* row = logits.data() + static_cast<size_t>(p) * V;
        if (auto ok = softmax(std::span<const float>(row, V), 1.0f, probs); !ok)
          return fail("LLaDA step " + std::to_string(global_step) + ", position " + std::to_string(p) + ": " +
                          ok.error().what,
                      ok.error().hint);
        const uint64_t row_id = uint64_t(global_step) * uint64_t(L) + uint64_t(p);
        const int32_t tok = opt.temperature == 0.0f
                                ? static_cast<int32_t>(std::max_element(row, row + V) - row)
                                : gumbel_argmax(row, V, opt.temperature, opt.seed, row_id);
        const float u = opt.remasking == Remasking::Random
                            ? uniform01(opt.seed, stream::sampling, (uint64_t(1) << 62) + row_id)
                            : 0.0f;
        cands.push_back({p, tok, remasking_score(opt.remasking, probs, tok, u)});
        scores.push_back(cands.back().score);
      }
      const int k = opt.threshold > 0.0f ? 0 : schedule[i];
      for (int j : select_commits(scores, k, opt.threshold)) {
        const Candidate& c = cands[j];
        res.tokens[c.position] = c.token;
        res.committed_at[c.position] = global_step;
        res.commit_rank[c.position] = static_cast<int>(step.commits.size());
        res.confidence[c.position] = c.score;
        Commit commit{c.position, c.token, c.score, {}};
        if (opt.record_top > 0) {
          const float* row = logits.data() + static_cast<size_t>(c.position) * V;
          (void)softmax(std::span<const float>(row, V), 1.0f, probs);  // checked above
          commit.top = top_entries(probs, opt.record_top);
        }
        step.commits.push_back(std::move(commit));
      }
      step.state = res.tokens;
      res.trace.push_back(std::move(step));
      ++global_step;
    }
  }
  return res;
}

Result<std::vector<Pin>> parse_pins(std::string_view spec, const EncodeFn& encode) {
  std::vector<Pin> pins;
  const auto bad = [](std::string_view entry, const std::string& why) {
    return fail("pin '" + std::string(entry) + "': " + why,
                "write pins as POSITION:TEXT separated by commas, e.g. \"0:Once, 5:upon\"");
  };
  while (!trim(spec).empty()) {
    const size_t comma = spec.find(',');
    const std::string_view entry = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (entry.empty()) continue;
    const size_t colon = entry.find(':');
    if (colon == std::string_view::npos) return bad(entry, "no ':' between position and text");
    const std::string_view num = trim(entry.substr(0, colon)), text = trim(entry.substr(colon + 1));
    int pos = -1;
    const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), pos);
    if (ec != std::errc() || end != num.data() + num.size() || pos < 0)
      return bad(entry, "'" + std::string(num) + "' is not a position (0, 1, 2, …)");
    if (text.empty()) return bad(entry, "no text after ':'");
    const std::vector<int32_t> ids = encode(text);
    if (ids.empty()) return bad(entry, "the text encodes to no token");
    for (size_t i = 0; i < ids.size(); ++i) {
      const int p = pos + static_cast<int>(i);
      if (std::any_of(pins.begin(), pins.end(), [&](const Pin& q) { return q.position == p; }))
        return bad(entry, "position " + std::to_string(p) + " is pinned twice (the text takes " +
                              std::to_string(ids.size()) + " tokens)");
      pins.push_back({p, ids[i]});
    }
  }
  return pins;
}

}  // namespace llada::gen
