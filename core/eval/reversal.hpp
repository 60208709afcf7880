// The reversal curse at toy scale (Berglund et al. 2023; LLaDA's paper, Table "reversal poem
// completion"): a model trained on "A's teacher is B." may answer "A's teacher is" but not "B's student
// is". The lab makes a corpus of invented facts, each stated in ONE direction only, trains a causal GPT
// and a LLaDA of the same size on it with the same budget, and asks both directions.
//
// The corpus (byte tokenizer: token id = byte): `facts` pairs of distinct invented four-letter names
// (consonant-vowel-consonant-vowel, capitalised, drawn with the seed). Fact k says A_k is taught by B_k;
// even k are stated "A's teacher is B.", odd k "B's student is A.", so both relation words occur and
// every fact occurs in exactly one direction. Each training row is one sentence padded with '\n' to T.
//
// Questions, for every fact, as a prompt whose answer is a four-letter name:
//   forward   the stated direction:    "A's teacher is " → B   (even k)   "B's student is " → A   (odd k)
//   reversed  the unstated direction:  "B's student is " → A   (even k)   "A's teacher is " → B   (odd k)
//   infill    (LLaDA only) the stated sentence with its first name masked: "____'s teacher is B." → A;
//             a left-to-right model cannot condition on what comes after the blank.
// GPT answers greedily, left to right; LLaDA fills [MASK]s up to T by low-confidence remasking, one
// token a step (infill pins the rest of the sentence and its padding). Correct = the four letters match.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/generate/common.hpp"
#include "core/util/csv.hpp"
#include "core/util/result.hpp"

namespace llada::eval {

// For scale, quoted (not computed here): LLaDA's paper (Nie et al. 2025, arXiv 2502.09992), reversal poem
// completion, forward / reversed accuracy in per cent. The revised paper (Table 4) reports these; its
// first version (Table 3) had the same GPT-4o and Qwen rows but LLaDA 8B Instruct 48.8 / 42.4.
inline constexpr const char* kPaperPoemCompletion =
    "GPT-4o 82.7 / 34.3,  Qwen2.5-7B Instruct 75.9 / 38.0,  LLaDA 8B Instruct 51.8 / 45.6";

struct Fact {
  std::string a, b;          // A's teacher is B
  bool teacher_form = true;  // stated "A's teacher is B." (else "B's student is A.")
};

inline constexpr int kMaxFacts = 1000;
std::vector<Fact> make_facts(int n, uint64_t seed);  // n clamped to [0, kMaxFacts]
std::string stated_sentence(const Fact& f);  // the corpus's sentence for this fact

struct ReversalAccuracy {
  double forward = 0, reversed = 0, infill = std::nan("");  // shares in [0, 1]; infill NaN for a GPT
};

// A causal model's (row t predicts t+1) and a LLaDA mask predictor's accuracy on every fact.
Result<ReversalAccuracy> reversal_accuracy_ar(const gen::LogitsFn& gpt, const std::vector<Fact>& facts, int T);
Result<ReversalAccuracy> reversal_accuracy_llada(const gen::LogitsFn& llada, int32_t mask_id,
                                                 const std::vector<Fact>& facts, int T);

struct ReversalOptions {
  int facts = 100;
  uint64_t data_seed = 1;   // the names and which pairs are facts
  uint64_t model_seed = 1;  // weights, batch order, masks
  int layers = 2, heads = 4, d = 64, T = 32, B = 32;
  int steps = 1500, eval_every = 250;
  float lr = 3e-3f;
};

struct ReversalRow {
  std::string model;  // "gpt" or "llada"
  int step = 0;
  double train_loss = 0;  // mean over the steps since the previous row (NaN at step 0)
  ReversalAccuracy acc;
};

// Trains the GPT, then the LLaDA (same config but bidirectional with a [MASK] row; same steps, batch,
// learning rate and seed), evaluating both at step 0, every eval_every steps and at the end.
// progress(model, step) after each evaluation (may be empty). Errors: bad sizes, divergence.
// `cancel` (may be null) is checked every step: set → an error "cancelled".
Result<std::vector<ReversalRow>> run_reversal(const ReversalOptions& o,
                                              const std::function<void(const ReversalRow&)>& progress = {},
                                              const std::atomic<bool>* cancel = nullptr);

// data_seed,model_seed,model,step,train_loss,forward,reversed,infill — one row per evaluation.
CsvTable reversal_table(const std::vector<ReversalRow>& rows, uint64_t data_seed, uint64_t model_seed);

}  // namespace llada::eval
