// Weight tying side by side, inside the Embedding space panel (seed note 002): two zero-layer GPTs from
// the same seed, untied and tied (W_U = E), trained on the same batches on a worker (core/train/tying),
// with their loss curves and how far the untied model's W_U is from its E.
#pragma once

#include "app/lab_session.hpp"
#include "app/params.hpp"
#include "app/state.hpp"

namespace llada::app {

// Draws the section: the run button (the GPT slot's tokenizer and corpus, or the sample text with the
// byte tokenizer when no model is built), progress, and the curves when done.
void draw_tying(AppState& s, const TrainerSlot& gpt);
// True while the parameter embedding.tying asks for a run not yet started: the panel opens the section.
bool tying_wanted_open();

// The File menu's entries and the panel's parameters for this section (registered by the panel).
void file_tying_csv(AppState& s);
void file_tying_png(AppState& s);
bool tying_ready(AppState& s);  // a finished run to export (FileAction::ready)
Param tying_param();
Param tying_steps_param();

}  // namespace llada::app
