// The Training panel's "tensor shapes" section: the model's forward pass as shapes on the batch it trains
// on (the seeds' Model1: tokens [5, 8] → [5, 8, 64] → logits [5, 8, V]), and for next-token models the
// first training batch as a grid, inputs over targets, so "targets = inputs shifted by one" can be seen.
#pragma once

#include "app/lab_session.hpp"

namespace llada::app {

void draw_tensor_shapes(TrainerSlot& slot);

}  // namespace llada::app
