#include "app/panels/bits_per_byte_job.hpp"

#include <algorithm>

#include "core/train/weights.hpp"

namespace llada::app {

void BitsPerByteTracker::tick(TrainerSlot& slot, double now) {
  train::Trainer* tr = slot.trainer();
  auto snap = slot.snapshot();
  if (tr != trainer_) {  // built, rebuilt or cleared: the old figure is another model's
    trainer_ = tr;
    figure_.reset();
    error_.clear();
    awaiting_copy_ = false;
    asked_eval_ = UINT64_MAX;
  }
  if (auto r = job_.take()) {
    if (job_trainer_ == trainer_) {  // a job of the model before a rebuild is dropped
      if (*r) figure_ = std::move(**r), error_.clear();
      else error_ = r->error().to_string();
    }
    finished_at_ = now;
    last_duration_ = now - started_at_;
  }
  if (!tr || !snap || !slot.data() || !slot.options()) return;
  if (awaiting_copy_) {
    if (!snap->weights || snap->weights == stale_) return;
    awaiting_copy_ = false;
    const std::span<const int32_t> val = slot.data()->split.val;
    // Every token has at least one byte: max_bytes + 1 tokens cover what bits_per_byte reads.
    const eval::BitsPerByteOptions opt;
    std::vector<int32_t> ids(val.begin(), val.begin() + std::min(val.size(), opt.max_bytes + 1));
    started_at_ = now;
    job_trainer_ = tr;
    job_.start([w = snap->weights, tok = slot.tokenizer(), ids = std::move(ids), opt](auto&) -> Result<BitsPerByteFigure> {
      if (ids.size() < 2)
        return fail("the corpus has no validation text to score", "train on a longer corpus (its last tenth is the validation text)");
      auto model = train::model_from_weights(*w);
      if (!model) return std::unexpected(model.error());
      auto b = eval::bits_per_byte(*model, ids, *tok, opt);
      if (!b) return std::unexpected(b.error());
      return BitsPerByteFigure{*b, w->step};
    });
    return;
  }
  // The newest validation evaluation (at step 0 and every eval_every steps), once, after the worker's rest.
  const int every = std::max(1, slot.options()->eval_every);
  const uint64_t eval_step = snap->step - snap->step % uint64_t(every);
  if (eval_step == asked_eval_ || job_.running() || now - finished_at_ < std::max(1.0, 4 * last_duration_)) return;
  asked_eval_ = eval_step;
  stale_ = snap->weights;
  awaiting_copy_ = true;
  tr->copy_weights();
}

}  // namespace llada::app
