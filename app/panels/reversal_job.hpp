// The work behind the "Reversal curse" panel: core/eval/reversal.hpp's run (train a GPT, then a LLaDA, on
// invented one-directional facts, asking both directions every few steps) on a worker thread, its rows
// shared with the UI thread as they arrive.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "app/widgets/background_job.hpp"
#include "core/eval/reversal.hpp"

namespace llada::app {

class ReversalRun {
 public:
  void start(const eval::ReversalOptions& o);
  void cancel() { job_.cancel(); }
  void stop() { job_.stop(); }  // cancels and waits
  bool running() const { return job_.running(); }
  float progress() const { return job_.progress(); }
  // Once a frame: picks up the end of a run (its error, if any).
  void poll();
  std::vector<eval::ReversalRow> rows() const;  // so far, a copy
  const std::string& error() const { return error_; }
  const eval::ReversalOptions& options() const { return options_; }

 private:
  mutable std::mutex m_;
  std::vector<eval::ReversalRow> rows_;  // guarded by m_
  widgets::BackgroundJob<bool> job_;
  std::string error_;
  eval::ReversalOptions options_;
};

}  // namespace llada::app
