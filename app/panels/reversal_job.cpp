#include "app/panels/reversal_job.hpp"

namespace llada::app {

void ReversalRun::start(const eval::ReversalOptions& o) {
  job_.stop();  // a run in progress is cancelled first (its rows are about to be cleared)
  {
    std::lock_guard lock(m_);
    rows_.clear();
  }
  error_.clear();
  options_ = o;
  job_.start([this, o](auto& c) -> Result<bool> {
    auto r = eval::run_reversal(
        o,
        [this, &c, &o](const eval::ReversalRow& row) {
          std::lock_guard lock(m_);
          rows_.push_back(row);
          c.progress = (row.model == "llada" ? 0.5f : 0.0f) + 0.5f * float(row.step) / float(std::max(1, o.steps));
        },
        &c.cancel);
    if (!r) return std::unexpected(r.error());
    return true;
  });
}

void ReversalRun::poll() {
  if (auto r = job_.take(); r && !*r) error_ = r->error().to_string();
}

std::vector<eval::ReversalRow> ReversalRun::rows() const {
  std::lock_guard lock(m_);
  return rows_;
}

}  // namespace llada::app
