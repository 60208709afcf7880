// Small helpers shared by the live-training panels (Training, Per-token loss, Rare vs common): snapshot
// histories as plottable series and CSV tables.
#pragma once

#include <string>
#include <vector>

#include "app/widgets/export.hpp"
#include "core/train/trainer.hpp"

namespace llada::app {

struct LossCurve {
  std::string label;        // "GPT train", "LLaDA validation"
  std::vector<double> x, y; // step, loss
};

// The train (validation = false) or validation loss history of a snapshot.
LossCurve loss_curve(const train::Snapshot& s, bool validation, const std::string& who);

// At most `max_points` of the curve for drawing (every k-th point and the last; the CSV keeps them all):
// thousands of 2-px anti-aliased segments cost a software renderer more than the eye can see.
LossCurve thinned(const LossCurve& c, size_t max_points);

// Columns step_i, loss_i for each curve (curves differ in length: shorter columns end early).
widgets::Table loss_table(const std::vector<LossCurve>& curves);

// "PNG" and "CSV" buttons for the plot just drawn (the last item), on one line under it. The plot's
// rectangle is remembered for export_plot_png (File menu entries).
void export_buttons(AppState& s, const char* name, const std::function<widgets::Table()>& table);

// File menu: the plot `name` as last drawn, to PNG (an error message when it is not on screen).
void export_plot_png(AppState& s, const char* name);
// File menu: a table to NAME-….csv in the export folder, with the banner saying where.
void export_csv(AppState& s, const char* name, const widgets::Table& t);

}  // namespace llada::app
