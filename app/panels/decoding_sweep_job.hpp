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
  std::string command;  // sweep_command of the request: the same rows from the command line
};

// The grid the panel sweeps for an answer of `length` tokens: every remasking strategy, one block of the
// whole length, the fixed schedule at length, length/2, length/4 and length/8 steps (those ≥ 1), and
// thresholds 0.5, 0.7 and 0.9.
struct SweepGrid {
  std::vector<int> steps, blocks;
  std::vector<float> thresholds;  // 0 = the fixed schedule
};
SweepGrid sweep_grid(int length);

// The command that computes the same rows as the panel (core/eval's run_decoding_sweep on the same prompt,
// seeds and grid): `llada-lab experiment decoding --model … --judge … --csv decoding.csv`. Checkpoint paths
// where the weights came from a file, LLADA.ckpt / GPT.ckpt (save them first) for a live trainer's.
std::string sweep_command(const SweepRequest& r);

// Errors: a missing model, tokenizers that differ, an empty prompt, a context too short.
Result<SweepResult> run_sweep(const SweepRequest& r, const std::function<void(float)>& progress,
                              const std::atomic<bool>* cancel = nullptr);

}  // namespace llada::app
