// The work behind the "Likelihood" panel, off the UI thread: LLaDA's bound on −log p of a text by the
// four estimators of core/eval/likelihood.hpp, and the GPT's exact −log p of the same tokens, from the
// weights the Generation panel generated with last.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/likelihood.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/weights.hpp"
#include "core/util/result.hpp"

namespace llada::app {

struct LikelihoodRequest {
  std::shared_ptr<const train::WeightsCopy> llada, gpt;  // gpt may be null
  std::shared_ptr<const Tokenizer> tok;
  std::string text;
  int samples = 256;
  uint64_t seed = 1;
};

struct LikelihoodResult {
  std::vector<eval::BoundSeries> series;  // one per estimator
  std::optional<double> gpt_nll;          // the GPT's exact −log p, when a GPT with the same tokenizer exists
  int tokens = 0, scored = 0;
  double bytes = 0;                       // of the scored tokens
  uint64_t seed = 1;                      // the request's (the masks and times)
};

// `cancel` (may be null) is checked before each sample: set → an error "cancelled".
Result<LikelihoodResult> run_likelihood(const LikelihoodRequest& r, const std::function<void(float)>& progress,
                                        const std::atomic<bool>* cancel = nullptr);

}  // namespace llada::app
