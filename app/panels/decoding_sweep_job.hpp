// The work behind the "Decoding: quality vs evaluations" panel, off the UI thread: the LLaDA and the GPT
// the Generation panel generated with last (immutable weights copies), private models built from them,
// and core/eval/decoding_sweep run over a grid of strategies, steps and thresholds on the Generation
// panel's prompt. The GPT judges each answer.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/eval/decoding_sweep.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/weights.hpp"
#include "core/util/result.hpp"

namespace llada::app {

struct SweepRequest {
  std::shared_ptr<const train::WeightsCopy> llada, judge;
  std::shared_ptr<const Tokenizer> tok;
  std::string prompt;
  int length = 16;
  std::vector<uint64_t> seeds;
};

struct SweepResult {
  std::vector<eval::DecodingRow> rows;
  std::string llada_origin, judge_origin;
};

// Errors: a missing model, tokenizers that differ, an empty prompt, a context too short.
Result<SweepResult> run_sweep(const SweepRequest& r, const std::function<void(float)>& progress,
                              const std::atomic<bool>* cancel = nullptr);

}  // namespace llada::app
