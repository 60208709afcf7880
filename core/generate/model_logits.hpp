// A Model as the generators' logits callback, and the checks a model must pass before generating.
#pragma once

#include <string>

#include "core/generate/common.hpp"
#include "core/models/model.hpp"
#include "core/util/result.hpp"

namespace llada::gen {

// forward(tokens, B = 1, T) copied out. The model must outlive the callback, and only one thread may
// call it. A forward error (an id outside the input vocabulary, T beyond the context) fills the logits
// with NaN, which the generators report as non-finite logits instead of reading stale numbers; check
// the inputs first (check_llada_fits) to get the real reason.
LogitsFn model_logits(Model& model);

// The window an autoregressive model sees: its context T (the zero-layer GPT's is the seed's T = 8, the
// shape it was trained on, although it reads one token per position).
int ar_context(const Model& model);

// LLaDA needs a [MASK] input id and prompt + answer within the context. `kind` names the model in the
// message ("gpt", "zero-layer").
Result<void> check_llada_fits(const Model& model, int prompt_tokens, int gen_length, const std::string& kind);

}  // namespace llada::gen
