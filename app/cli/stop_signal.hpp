// SIGINT / SIGTERM for the long-running subcommands (train, experiment rare-vs-common): the first signal
// asks the run to stop at the next step boundary, where it finishes its outputs (the CSV so far, a
// checkpoint with --save) and says so; the second quits at once, removing an unfinished temporary file
// (core/util/file.hpp) so nothing half-written is left beside the outputs.
//
//   StopOnSignal stop("llada-lab train: stopping after this step; press Ctrl-C again to quit at once");
//   run_training(…, stop.flag());     // the handlers are restored when `stop` goes out of scope
#pragma once

#include <atomic>
#include <signal.h>

namespace llada::cli {

class StopOnSignal {
 public:
  // `notice` is written to stderr when the first signal arrives (kept for the handler; one at a time).
  explicit StopOnSignal(const char* notice);
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  const std::atomic<int>* flag() const;  // non-zero once a signal asked to stop

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

}  // namespace llada::cli
