// Weight tying side by side (seed note 002): two zero-layer GPTs from the same seed, one with its own
// unembedding W_U and one with W_U = E, trained on the same batches; their losses and, for the untied
// one, how far W_U is from E (‖E − W_U‖_F / ‖E‖_F over the V output rows, and the mean cosine between
// E's row i and W_U's row i: does training make the two tables agree on their own?).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/models/model.hpp"
#include "core/train/session.hpp"
#include "core/train/setup.hpp"
#include "core/util/csv.hpp"

namespace llada::train {

struct TyingPoint {
  uint64_t step = 0;
  float loss_untied = 0, loss_tied = 0;  // the training loss of that step's batch
  double distance = 0;                   // untied: ‖E − W_U‖_F / ‖E‖_F
  double mean_cos = 0;                   // untied: mean over rows of cos(E_i, W_U,i)
};

// ‖E − W_U‖_F / ‖E‖_F and the mean row cosine of an untied model (0, 1 for a tied one).
std::pair<double, double> embedding_unembedding_gap(const Model& m);

// Trains cfg's model untied and tied (cfg.model.tie_weights is overridden; the zero-layer GPT is
// required) for `steps` steps on `batch`, recording every `every` steps. progress(0..1) is called as it
// goes; `cancel` stops it early (what was recorded is returned).
Result<std::vector<TyingPoint>> compare_tying(TrainConfig cfg, const BatchFn& batch, int steps, int every,
                                              const std::function<void(double)>& progress = {},
                                              const std::atomic<bool>* cancel = nullptr);

// The comparison as the Embedding space panel and `llada-lab inspect tying` run it, so both show the same
// numbers: o's tokenizer, corpus, sizes, learning rate and seed with the zero-layer GPT (row lookup,
// o.model/tie/embedding ignored), o.steps steps (also the schedule's length), a point at step 1, every
// max(1, steps / 100) steps and at the end. Errors: the data does not load, the run diverges.
Result<std::vector<TyingPoint>> run_tying(RunOptions o, const std::function<void(double)>& progress = {},
                                          const std::atomic<bool>* cancel = nullptr);

// The points as a table: step, loss_untied, loss_tied, untied_E_WU_distance, untied_mean_row_cos.
CsvTable tying_table(const std::vector<TyingPoint>& points);

}  // namespace llada::train
