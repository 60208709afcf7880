// The Per-token loss panel's "example" mode: the reader types a sentence, t, which positions are masked
// (click a chip) and each masked position's p, and sees −(1/t)·Σ log p written out step by step as the
// lecture notes write it (core/math/worked.hpp: the same lines as `llada-lab math loss`), with the
// notes' 1/t comparison (10 tokens, t = 0.2 vs 0.8) under it. Starts on the notes' example:
// [Hà, M, M, thủ, đô], t = 0.4, p = 0.7 and 0.9 → 1.155.
#pragma once

#include <vector>

#include "app/params.hpp"
#include "app/state.hpp"
#include "app/widgets/export.hpp"

namespace llada::app {

void draw_loss_example(AppState& s);
// The mode's parameters (example_sentence, example_t, example_pattern, example_p, example_inverse_t,
// compare_L, compare_t1, compare_t2), registered with the panel's own (panel id per_token_loss).
std::vector<Param> loss_example_params();
// The example as a table (position, token, masked, p_true, neg_log_p), for the panel's File menu entry.
widgets::Table loss_example_table();

}  // namespace llada::app
