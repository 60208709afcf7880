// The Training panel's "which model is better here": a slot's bits per byte on its validation text
// (core/eval/bits_per_byte.hpp: the GPT's exact value, LLaDA's upper bound ± its standard error), kept
// up to date at the evaluation cadence, off the UI thread:
//   each frame tick() only compares numbers; when the trainer has passed a new validation evaluation
//   (and the worker has rested at least a second, and four times as long as its last job took, so it
//   takes at most a fifth of a core from the trainer) it asks the trainer for a weights copy;
//   when the copy arrives a worker builds a private model from it and scores the first bytes of the
//   validation text (copied, so a rebuilt slot cannot pull it away). One job at a time per slot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/lab_session.hpp"
#include "app/widgets/background_job.hpp"
#include "core/eval/bits_per_byte.hpp"

namespace llada::app {

struct BitsPerByteFigure {
  eval::BitsPerByte value;
  uint64_t step = 0;  // the weights' step
};

class BitsPerByteTracker {
 public:
  void tick(TrainerSlot& slot, double now);
  const std::optional<BitsPerByteFigure>& figure() const { return figure_; }
  const std::string& error() const { return error_; }
  bool busy() const { return awaiting_copy_ || job_.running(); }
  void stop() { job_.stop(); }  // at the window's shutdown (RegisterRelease): the job holds a weights copy

 private:
  widgets::BackgroundJob<BitsPerByteFigure> job_;
  std::optional<BitsPerByteFigure> figure_;
  std::string error_;
  const train::Trainer* trainer_ = nullptr;  // the trainer the figure belongs to (a rebuild clears it)
  const train::Trainer* job_trainer_ = nullptr;  // the trainer whose weights the job scores
  uint64_t asked_eval_ = UINT64_MAX;         // the evaluation step the last request was for
  double started_at_ = 0, finished_at_ = -1e9, last_duration_ = 0;  // s.now of the last job, its seconds
  bool awaiting_copy_ = false;
  std::shared_ptr<const train::WeightsCopy> stale_;  // the copy before ours: ours is any other
};

}  // namespace llada::app
