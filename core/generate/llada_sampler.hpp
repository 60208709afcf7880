// The LLaDA reverse process (as LLaDA's reference sampler, generate.py of GSAI-ML/LLaDA):
//
//   x = prompt ++ [MASK] × gen_length
//   the answer is cut into gen_length / block_length blocks, filled left to right (semi-autoregressive;
//   one block = gen_length is plain diffusion); each block gets steps / n_blocks steps.
//   At the start of a block, its masked count n is spread over the block's steps by the linear
//   schedule (num_transfer_tokens: n / steps each, the first n % steps steps one more).
//   Each step: the mask predictor sees all of x and scores every position; for each masked position
//   of the current block the candidate is argmax(logits + temperature · Gumbel noise) (temperature 0:
//   argmax); its confidence is softmax(logits)[candidate] (low-confidence remasking) or a uniform
//   draw (random remasking); the k most confident candidates are committed, the rest stay masked.
//
// Randomness (stream::sampling): the Gumbel uniform of vocabulary entry v at position p in global step
// s is index (s·L_total + p)·V + v; random-remasking confidences use index 2^62 + s·L_total + p.
// Ties in confidence go to the lower position. Every step is recorded in the trace.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/generate/common.hpp"
#include "core/util/result.hpp"

namespace llada::gen {

enum class Remasking { LowConfidence, Random };

struct LladaOptions {
  int gen_length = 32;
  int steps = 32;         // in total, over all blocks; a multiple of the number of blocks
  int block_length = 32;  // divides gen_length
  float temperature = 0.0f;
  Remasking remasking = Remasking::LowConfidence;
  uint64_t seed = 0;
  int32_t mask_id = -1;   // the [MASK] input id (the model's mask_id(), usually V)
  int record_top = 5;     // entries of each committed position's distribution kept in the trace
};

struct Commit {
  int position = 0;            // in the full sequence (prompt included)
  int32_t token = 0;
  float confidence = 0.0f;     // softmax probability (low-confidence) or the random score
  std::vector<TokenProb> top;  // the model's distribution at that position at that step
};

struct LladaStep {
  int step = 0;                 // global step, 0-based
  int block = 0;
  int masked_before = 0;        // masked positions in the whole answer before this step
  std::vector<Commit> commits;  // in the order chosen (most confident first)
  std::vector<int32_t> state;   // x after the step (masks shown as mask_id)
};

struct LladaResult {
  std::vector<int32_t> tokens;  // prompt ++ answer
  std::vector<LladaStep> trace;
};

// How many tokens each of `steps` steps commits when `masked` are masked: base = masked / steps, the
// first masked % steps steps one more. Sums to `masked`.
std::vector<int> num_transfer_tokens(int masked, int steps);

// V: the model's output classes. Errors: V < 1, mask_id < V (a [MASK] must never be a prediction),
// gen_length % block_length, steps % blocks, a prompt holding mask_id, non-finite logits.
Result<LladaResult> generate_llada(const LogitsFn& model, int V, std::span<const int32_t> prompt,
                                   const LladaOptions& opt);

}  // namespace llada::gen
