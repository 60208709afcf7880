// The validation evaluation: one function, used by the window's Trainer and by `llada-lab train` (and
// the rare-token experiment), so both report the same validation loss for the same run.
//
// The loss is the mean objective over the first n fixed validation batches, each row a sequence number
// from kValidationSeq on (LLaDA: the same masks and times at every evaluation, and never those of a
// training sequence, which are step·B + b). The group statistics (groups.hpp) come from the first of
// those batches, excluding every token it holds (clean inputs, targets and what the model saw).
// Without validation batches (a corpus too short to split) there is no loss, and the groups come from
// a training batch.
#pragma once

#include <cstdint>
#include <optional>

#include "core/train/groups.hpp"
#include "core/train/session.hpp"
#include "core/util/result.hpp"

namespace llada::train {

inline constexpr uint64_t kValidationSeq = uint64_t(1) << 40;
inline constexpr int kValidationBatches = 4;  // at most; fewer when the validation text has fewer

struct Validation {
  std::optional<double> loss;         // absent without validation batches
  std::optional<GroupStats> groups;   // absent when every group is empty
};

// val: validation batch i for i < n_val (empty or n_val 0: no validation); train/train_index: the
// batch the groups come from when there is no validation. Errors: the model refused a batch.
Result<Validation> evaluate_validation(TrainSession& s, const BatchFn& val, int n_val, const BatchFn& train,
                                       uint64_t train_index, const TokenGroups& groups);

}  // namespace llada::train
