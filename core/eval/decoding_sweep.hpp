// How decoding settings trade model evaluations for quality: LLaDA's reverse process run over a grid of
// (remasking, steps, block length, threshold) on a few prompts and seeds, each answer judged by a causal
// GPT trained on the same corpus.
//
// Quality of an answer (the generated tokens after the prompt):
//   nll_per_token   −(1/n) Σ log p_GPT(answer_i | prompt, answer_<i), in nats (lower: more like the corpus)
//   eot_share       share of answer tokens that are the end-of-text token (NaN when the tokenizer has none)
//   repeat_share    share of answer tokens equal to the token just before them ("the the the")
// A setting's row averages them over every (prompt, seed) run, and sums evaluations and wall time.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/generate/common.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/csv.hpp"
#include "core/util/result.hpp"

namespace llada::eval {

struct AnswerQuality {
  double nll_per_token = 0, eot_share = 0, repeat_share = 0;
  int tokens = 0;
};

// The tokenizer's end-of-text id (<|endoftext|>: gpt2 50256, cl100k 100257), or -1 when it has none (byte,
// a trained bpe-N): the eot_share's token, the same in the window and on the command line.
int32_t end_of_text_id(const Tokenizer& tok);

// x = prompt ++ answer; the answer starts at prompt_len (≥ 1: the GPT needs a token to start from).
// eot_id < 0: no end-of-text token (eot_share NaN). context: the GPT's window (0: all).
Result<AnswerQuality> judge_answer(const gen::LogitsFn& gpt, int V, std::span<const int32_t> x, int prompt_len,
                                   int context, int32_t eot_id);

struct DecodingSetting {
  gen::Remasking remasking = gen::Remasking::LowConfidence;
  int steps = 32, block_length = 32;
  float threshold = 0;  // 0: fixed schedule of `steps`
};

struct DecodingRow {
  DecodingSetting setting;
  int runs = 0;
  long long evaluations = 0;   // summed over runs
  double wall_s = 0;           // LLaDA generation only, summed over runs
  double nll_per_token = 0, eot_share = 0, repeat_share = 0;  // means over runs
  double evaluations_per_run() const { return runs ? double(evaluations) / runs : 0.0; }
};

// The grid: every remasking × block × (each steps with threshold 0, and each threshold > 0 once).
// Settings whose block does not divide gen_length or whose steps are not a multiple of the block count
// are left out.
std::vector<DecodingSetting> decoding_grid(std::span<const gen::Remasking> remasking, std::span<const int> steps,
                                           std::span<const int> blocks, std::span<const float> thresholds,
                                           int gen_length);

struct SweepInputs {
  gen::LogitsFn llada;
  int V = 0;
  int32_t mask_id = -1;
  gen::LogitsFn judge;     // the causal GPT
  int judge_V = 0, judge_context = 0;
  int32_t eot_id = -1;
  std::vector<std::vector<int32_t>> prompts;  // each at least one token
  std::vector<uint64_t> seeds = {1};
  int gen_length = 32;
  float temperature = 0;
  const std::atomic<bool>* cancel = nullptr;  // checked between settings: set → an error "cancelled"
};

// Runs every setting on every prompt and seed; `progress(done, total)` after each setting (may be empty).
Result<std::vector<DecodingRow>> run_decoding_sweep(const SweepInputs& in, std::span<const DecodingSetting> grid,
                                                    const std::function<void(int, int)>& progress = {});

// One row per setting: remasking,steps,block,threshold,runs,evaluations_per_run,wall_ms_per_run,
// nll_per_token,eot_share,repeat_share (steps empty under a threshold: the threshold decides them).
CsvTable decoding_table(std::span<const DecodingRow> rows);

}  // namespace llada::eval
