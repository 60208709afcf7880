// Weight tying side by side, inside the Embedding space panel (seed note 002): two zero-layer GPTs from
// the same seed, untied and tied (W_U = E), trained on the same batches on a worker (core/train/tying),
// with their loss curves and how far the untied model's W_U is from its E.
#pragma once

#include "app/lab_session.hpp"
#include "app/state.hpp"

namespace llada::app {

// Draws the section: the run button (the GPT slot's tokenizer and corpus, or the sample text with the
// byte tokenizer when no model is built), progress, and the curves when done.
void draw_tying(AppState& s, const TrainerSlot& gpt);

}  // namespace llada::app
