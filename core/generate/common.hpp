// What both generators share: the model seen as a logits callback, and a token with its probability.
//
// Generation is written against a callback rather than a Model so that it is testable with toy
// "models" and works with any backend: the callback receives T token ids and writes T×V logits.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace llada::gen {

// tokens (T) → logits (T, V), row t = the model's scores for position t. For a causal model row t
// predicts token t+1; for the LLaDA mask predictor row t predicts the token AT position t.
using LogitsFn = std::function<void(const int32_t* tokens, int T, float* logits)>;

struct TokenProb {
  int32_t token = 0;
  float prob = 0.0f;
};

// The n most probable entries of probs (V), most probable first (ties: lower id first).
std::vector<TokenProb> top_entries(std::span<const float> probs, int n);

}  // namespace llada::gen
