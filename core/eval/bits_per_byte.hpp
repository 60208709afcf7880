// Which model is better on this text? Both models' −log p of the same validation text in one unit, bits per
// byte, so a GPT with one tokenizer and a LLaDA with another (or the same) can be compared honestly.
//
//   bits per byte = Σ_{scored tokens} −log p(token | its window) / (ln 2 · bytes of the scored tokens)
//
// The text is cut into windows the model can read; each window's first token is the condition, the rest
// are scored, and consecutive windows overlap in that one token, so every token of the text but the very
// first is scored exactly once, whichever model and window length (the same tokens for both models when
// they share a tokenizer):
//   GPT   (causal)  windows of T + 1 tokens (T = its context): the exact Σ −log p(x_i | x_<i in the window)
//                   (exact_nll_causal, one forward pass a window)
//   LLaDA           windows of its context T: the bound on −log p(window[1..] | window[0]) of likelihood.hpp,
//                   `samples` single-sample estimates a window (the evaluation estimator by default), each
//                   window with its own seed (seed, window) so the windows' errors are independent. Sample k
//                   of the text is the sum of every window's sample k; the mean of those is the figure, an
//                   estimate of an UPPER bound on −log p, and their standard error (over groups, as
//                   running_stat) is its standard error.
// The bytes of a token are those of its piece (Tokenizer::piece): byte tokenizer 1 each, so bits per byte
// is then nats per token / ln 2. Only the text's first tokens up to max_bytes are scored (cost bounded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/eval/likelihood.hpp"
#include "core/generate/common.hpp"
#include "core/models/model.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/result.hpp"

namespace llada::eval {

struct BitsPerByteOptions {
  int samples = 16;                              // LLaDA: single-sample estimates per window (≥ 2)
  uint64_t seed = 1;                             // LLaDA: the masks' seed
  Estimator estimator = Estimator::Evaluation;   // LLaDA: which estimator of the bound
  size_t max_bytes = 4096;                       // score the tokens covering about this many bytes (0: all)
};

struct BitsPerByte {
  double bits_per_byte = 0;  // exact (GPT), or the estimated upper bound (LLaDA)
  double std_error = 0;      // of bits_per_byte; 0 when exact
  bool upper_bound = false;  // true for LLaDA: the figure bounds the model's −log p from above
  double nats = 0;           // Σ −log p over the scored tokens (or its bound)
  long long tokens = 0;      // scored tokens
  long long bytes = 0;       // their bytes
  int windows = 0;
  int samples = 0;           // LLaDA: per window (rounded up to whole groups); 0 when exact
};

// The GPT's exact bits per byte: `context` tokens read per prediction (its T). Errors: fewer than two
// tokens, ids outside V, non-finite logits, scored tokens without bytes.
Result<BitsPerByte> causal_bits_per_byte(const gen::LogitsFn& gpt, int V, int context, std::span<const int32_t> ids,
                                         const Tokenizer& tok, const BitsPerByteOptions& opt = {});

// LLaDA's bound in bits per byte: windows of `window` tokens (its T). Errors: as above, samples < 2, no [MASK].
Result<BitsPerByte> llada_bits_per_byte(const gen::LogitsFn& llada, int V, int32_t mask_id, int window,
                                        std::span<const int32_t> ids, const Tokenizer& tok,
                                        const BitsPerByteOptions& opt = {});

// Either of the two for a Model (a LLaDA when it has a [MASK] id), read through gen::model_logits: the
// one function the window's Training panel and `llada-lab train` call. Only one thread may use the model.
Result<BitsPerByte> bits_per_byte(Model& model, std::span<const int32_t> ids, const Tokenizer& tok,
                                  const BitsPerByteOptions& opt = {});

}  // namespace llada::eval
