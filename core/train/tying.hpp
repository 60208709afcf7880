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

}  // namespace llada::train
