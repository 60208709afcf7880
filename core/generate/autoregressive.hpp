// Autoregressive generation (the zero-layer GPT of the seeds, or a causal Transformer): take the last
// position's logits, softmax with temperature, optionally keep the top-k / top-p, then sample
// (multinomial) or take the argmax (greedy); append; repeat.
//
// Randomness: the draw of step s is uniform01(seed, stream::sampling, s), so a seed replays exactly.
// Every step records the distribution it sampled from (its top entries) for the window.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/generate/common.hpp"
#include "core/util/result.hpp"

namespace llada::gen {

struct ArOptions {
  int max_new_tokens = 20;
  float temperature = 1.0f;  // > 0; ignored when greedy
  bool greedy = false;       // argmax instead of sampling
  int top_k = 0;             // 0: off
  float top_p = 1.0f;        // 1: off
  uint64_t seed = 0;
  int context = 0;           // the window: at most this many last tokens go to the model (0: all)
  int record_top = 10;       // entries of each step's distribution kept in the result
};

struct ArStep {
  int32_t token = 0;           // the token chosen
  float prob = 0.0f;           // its probability in the (filtered) distribution it was drawn from
  float entropy = 0.0f;        // of that distribution, in nats
  std::vector<TokenProb> top;  // its most probable entries
};

struct ArResult {
  std::vector<int32_t> tokens;  // prompt followed by the generated tokens
  std::vector<ArStep> steps;    // one per generated token
};

// V: the model's output classes. Errors: empty prompt, V < 1, bad options, non-finite logits.
Result<ArResult> generate_ar(const LogitsFn& model, int V, std::span<const int32_t> prompt, const ArOptions& opt);

}  // namespace llada::gen
