// What the training subcommands share (train, experiment, bench): reading the model and data options,
// loading tokenizer + corpus into batchers, the rare-token groups, and model configs by name.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "core/train/setup.hpp"
#include "core/train/validation.hpp"
#include "core/util/csv.hpp"
#include "core/util/result.hpp"

namespace llada::cli {

// The run's construction lives in core (core/train/setup.hpp), shared with the window.
using train::TrainData;
using train::load_train_data;
using train::model_config_by_name;
using train::make_train_config;
using train::batch_fn;
using TrainOptions = train::RunOptions;

TrainOptions read_train_options(Args& a, const TrainOptions& defaults);
const char* train_options_help();  // the lines describing those options

}  // namespace llada::cli

namespace llada::cli {

struct Evaluation {
  double val_loss = 0;          // mean objective over the validation batches (NaN without any)
  train::GroupStats groups;     // on the first validation batch
};

// The validation loss over up to n_batches fixed validation batches, and the group statistics: the
// window's evaluation (core/train/validation.hpp), so both report the same numbers.
Result<Evaluation> evaluate_run(train::TrainSession& s, TrainData& d, int n_batches = train::kValidationBatches);

}  // namespace llada::cli

namespace llada::cli {

struct RunSummary {
  float final_loss = 0;        // training loss of the last step
  long long steps_done = 0;    // steps taken (fewer than asked when interrupted)
  bool interrupted = false;    // *stop was raised: the run ended early at a step boundary
  Evaluation first, last;      // at step 0 (untrained) and at the end
  double step_seconds = 0;     // wall time inside the optimizer steps (evaluations excluded)
  long long steps = 0;
  double ms_per_step() const { return steps > 0 ? 1e3 * step_seconds / steps : 0; }
};

// Runs o.steps steps, evaluating at step 0, every o.eval_every steps and at the end; progress on stderr,
// a CSV row per evaluation (step,train_loss,val_loss,lr,tokens_per_s,common,rare,never) when csv_path
// is not empty (every write checked). Divergence is an error with a hint. When *stop becomes non-zero
// (a signal), the run ends at the next step boundary with a last evaluation, marked interrupted.
Result<RunSummary> run_training(train::TrainSession& s, TrainData& d, const TrainOptions& o,
                                const std::string& csv_path, const std::atomic<int>* stop = nullptr);

}  // namespace llada::cli

namespace llada::cli {

struct PreparedRun {
  std::unique_ptr<TrainData> data;
  std::unique_ptr<train::TrainSession> session;
};

// Data, config and a fresh session for the options (logs the model line).
Result<PreparedRun> prepare_run(const TrainOptions& o);

// Writes a table as CSV to `path` (replaced); an error says the file cannot be written.
Result<void> save_csv(const std::string& path, const CsvTable& t);

// Prints an Error as the command line does ("what\nHINT: hint") on stderr and returns 1.
int report(const Error& e);

}  // namespace llada::cli
