// The LLaDA reverse process (as LLaDA's reference sampler, generate.py of GSAI-ML/LLaDA), with the
// remasking strategies and the confidence-threshold parallel decoding of Fast-dLLM beside it:
//
//   x = prompt ++ [MASK] × gen_length, then the pinned tokens (infilling) written in place
//   the answer is cut into gen_length / block_length blocks, filled left to right (semi-autoregressive;
//   one block = gen_length is plain diffusion).
//   Each step: the mask predictor sees all of x and scores every position; for each masked position
//   of the current block the candidate is argmax(logits + temperature · Gumbel noise) (temperature 0:
//   argmax) and gets a score (below); then
//     fixed schedule (threshold 0): each block gets steps / n_blocks steps; at the start of a block its
//       masked count n is spread over them by the linear schedule (num_transfer_tokens); a step commits
//       its k highest-scoring candidates. A step whose share is 0 (more steps than masked positions)
//       is skipped: no model evaluation, no trace entry.
//     threshold τ > 0 (parallel decoding): a step commits every candidate whose score is ≥ τ, and at
//       least the highest-scoring one, so each step makes progress; a block takes as many steps as it
//       needs (`steps` is ignored). τ ≤ 1 compares with a probability-like score for every strategy.
//   The rest stay masked and are predicted again next step.
//
// Scores (higher = committed sooner; "remasking X" keeps the positions with the lowest score masked),
// from p = softmax(logits) at that position:
//   LowConfidence  p[candidate]                       (LLaDA's low_confidence)
//   Random         a uniform draw in [0, 1)            (LLaDA's random)
//   Margin         p₍₁₎ − p₍₂₎, top-1 minus top-2 probability: the positions with the smallest margin
//                  (two close rivals) stay masked
//   Entropy        exp(−H(p)), H in nats: the lowest-entropy positions are committed first and the
//                  highest-entropy ones stay masked. exp(−H) lies in [1/V, 1] (1: one certain token),
//                  so a threshold means "fewer than 1/τ effective choices".
//
// Randomness (stream::sampling): the Gumbel uniform of vocabulary entry v at position p in global step
// s is index (s·L_total + p)·V₄ + v, V₄ = V rounded up to a multiple of 4 (each row starts a Philox block
// of four); random-remasking scores use index 2^62 + s·L_total + p.
// Ties in score go to the lower position. Every step is recorded in the trace, with the number of
// model evaluations and, per position, the step that committed it and its score.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/generate/common.hpp"
#include "core/util/result.hpp"

namespace llada::gen {

enum class Remasking { LowConfidence, Random, Margin, Entropy };

// "low-confidence", "random", "margin", "entropy" (the command line's and the settings' spelling).
const char* remasking_name(Remasking r);
Result<Remasking> parse_remasking(std::string_view name);
inline constexpr Remasking kAllRemasking[] = {Remasking::LowConfidence, Remasking::Random, Remasking::Margin,
                                              Remasking::Entropy};

// A token fixed before generation starts (infilling): `position` counts from the first answer
// position (0). Pinned tokens are never masked, never predicted, never changed.
struct Pin {
  int position = 0;
  int32_t token = 0;
  bool operator==(const Pin&) const = default;
};

struct LladaOptions {
  int gen_length = 32;
  int steps = 32;         // in total, over all blocks; a multiple of the number of blocks (fixed schedule)
  int block_length = 32;  // divides gen_length
  float temperature = 0.0f;
  Remasking remasking = Remasking::LowConfidence;
  float threshold = 0.0f;  // 0: the fixed schedule; in (0, 1]: parallel decoding (see above)
  uint64_t seed = 0;
  int32_t mask_id = -1;   // the [MASK] input id (the model's mask_id(), usually V)
  int record_top = 5;     // entries of each committed position's distribution kept in the trace
  std::vector<Pin> pins;  // infilling: answer positions fixed in advance
};

struct Commit {
  int position = 0;            // in the full sequence (prompt included)
  int32_t token = 0;
  float confidence = 0.0f;     // the strategy's score that chose it (see above)
  std::vector<TokenProb> top;  // the model's distribution at that position at that step
};

struct LladaStep {
  int step = 0;                 // global step, 0-based
  int block = 0;
  int masked_before = 0;        // masked positions in the whole answer before this step
  std::vector<Commit> commits;  // in the order chosen (highest score first)
  std::vector<int32_t> state;   // x after the step (masks shown as mask_id)
};

inline constexpr int kPromptPosition = -1;  // committed_at of a prompt position
inline constexpr int kPinnedPosition = -2;  // committed_at of a pinned position

struct LladaResult {
  std::vector<int32_t> tokens;     // prompt ++ answer
  std::vector<LladaStep> trace;    // one per model evaluation
  int evaluations = 0;             // forward passes of the mask predictor (= trace.size())
  std::vector<int> committed_at;   // per position: the step that committed it, kPromptPosition or kPinnedPosition
  std::vector<int> commit_rank;    // per position: its index in that step's commits (−1: prompt / pinned)
  std::vector<float> confidence;   // per position: the score that chose it (NaN: prompt / pinned)

  std::vector<int> commits_per_step() const;  // tokens committed at each step
};

// How many tokens each of `steps` steps commits when `masked` are masked: base = masked / steps, the
// first masked % steps steps one more. Sums to `masked`.
std::vector<int> num_transfer_tokens(int masked, int steps);

// The score of a masked position whose distribution is `probs` (V, normalised) and whose candidate is
// `candidate`; `uniform` is the draw used by Random.
float remasking_score(Remasking r, std::span<const float> probs, int32_t candidate, float uniform);

// Which candidates a step commits, as indices into `scores` (candidate order = position order), highest
// score first (ties: lower index): threshold 0 → the k best; threshold > 0 → all with score ≥ threshold,
// at least the best one (k ignored). Empty scores → empty.
std::vector<int> select_commits(std::span<const float> scores, int k, float threshold);

// V: the model's output classes. Errors: V < 1, mask_id < V (a [MASK] must never be a prediction),
// gen_length % block_length, steps % blocks, a threshold outside [0, 1], a prompt holding mask_id,
// pins outside the answer / on the same position / not an output class, non-finite logits.
Result<LladaResult> generate_llada(const LogitsFn& model, int V, std::span<const int32_t> prompt,
                                   const LladaOptions& opt);

// Infilling pins from text, as LLaDA's demo writes them: "0:Once, 5:upon" — entries split at commas,
// each "POSITION:TEXT" with surrounding spaces trimmed; TEXT is encoded with `encode` and its tokens
// fill POSITION, POSITION+1, … Errors: malformed entries, empty text, negative positions, overlaps.
using EncodeFn = std::function<std::vector<int32_t>(std::string_view)>;
Result<std::vector<Pin>> parse_pins(std::string_view spec, const EncodeFn& encode);

}  // namespace llada::gen
