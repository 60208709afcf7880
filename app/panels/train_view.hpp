// Small helpers shared by the live-training panels (Training, Per-token loss, Rare vs common): snapshot
// histories as plottable series and CSV tables.
#pragma once

#include <string>
#include <vector>

#include "app/widgets/export.hpp"
#include "core/train/trainer.hpp"

namespace llada::app {

struct LossCurve {
  std::string label;        // "GPT train", "LLaDA validation" (in the window's language)
  std::vector<double> x, y; // step, loss
  std::string key;          // "GPT_train", "LLaDA_validation": ASCII, the CSV's column prefix
};

// The train (validation = false) or validation loss history of a snapshot.
LossCurve loss_curve(const train::Snapshot& s, bool validation, const std::string& who);

// At most `max_points` of the curve for drawing (every k-th point and the last; the CSV keeps them all):
// thousands of 2-px anti-aliased segments cost a software renderer more than the eye can see.
LossCurve thinned(const LossCurve& c, size_t max_points);

// Columns step_i, loss_i for each curve (curves differ in length: shorter columns end early).
widgets::Table loss_table(const std::vector<LossCurve>& curves);

}  // namespace llada::app
