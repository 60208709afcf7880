// What the training subcommands share (train, experiment, bench): reading the model and data options,
// loading tokenizer + corpus into batchers, the rare-token groups, and model configs by name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "core/data/batching.hpp"
#include "core/data/token_stats.hpp"
#include "core/models/model.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/groups.hpp"
#include "core/train/session.hpp"
#include "core/util/result.hpp"

namespace llada::cli {

// Everything a training run reads from the corpus. Not movable: the batchers point into `tokens`.
struct TrainData {
  std::shared_ptr<const Tokenizer> tok;
  std::vector<int32_t> tokens;  // the whole corpus, tokenized
  TrainValSplit split;          // last 10 % is validation
  std::unique_ptr<Batcher> train, val;
  TokenStats stats;             // over the training part
  train::TokenGroups groups;    // 100 most common, 100 least common (used), 100 never used

  TrainData() = default;
  TrainData(const TrainData&) = delete;
};

// Loads tokenizer and corpus, splits, makes the batchers (B×T, stride, shuffled by seed) and groups.
Result<std::unique_ptr<TrainData>> load_train_data(const std::string& tokenizer, const std::string& corpus, int B, int T,
                                                   int stride, uint64_t seed, int group_size = 100);

// "zero-layer", "gpt" or "llada" with the given sizes (V from the tokenizer).
Result<ModelConfig> model_config_by_name(const std::string& name, int V, int d, int n_layer, int n_head, int T);

// The options every training command understands, read from args (defaults as the seeds: B 5, T 8, d 64).
struct TrainOptions {
  std::string model = "zero-layer", tokenizer = "gpt2", corpus = "sample";
  int B = 5, T = 8, d = 64, layers = 2, heads = 2, stride = 1;
  long long steps = 200;
  int eval_every = 50, threads = 1;
  float lr = 1e-3f, clip = 1.0f, weight_decay = 0.0f;
  int warmup = 0;
  uint64_t seed = 1;
  bool no_inverse_t = false;
};
TrainOptions read_train_options(Args& a, const TrainOptions& defaults);
const char* train_options_help();  // the lines describing those options

// A TrainConfig for the options, model and tokenizer.
Result<train::TrainConfig> make_train_config(const TrainOptions& o, const Tokenizer& tok);

// The batch function of a Batcher (rows are copied into the trainer's buffers).
train::BatchFn batch_fn(Batcher& b);

}  // namespace llada::cli

namespace llada::cli {

struct Evaluation {
  double val_loss = 0;          // mean objective over the validation batches (NaN without any)
  train::GroupStats groups;     // on the first validation batch
};

// The validation loss over up to n_batches fixed validation batches, and the group statistics.
Result<Evaluation> evaluate_run(train::TrainSession& s, TrainData& d, int n_batches = 4);

}  // namespace llada::cli

namespace llada::cli {

struct RunSummary {
  float final_loss = 0;        // training loss of the last step
  Evaluation first, last;      // at step 0 (untrained) and at the end
};

// Runs o.steps steps, evaluating at step 0, every o.eval_every steps and at the end; progress on stderr,
// a CSV row per evaluation (step,train_loss,val_loss,lr,tokens_per_s,common,rare,never) when csv_path
// is not empty. Divergence is an error with a hint.
Result<RunSummary> run_training(train::TrainSession& s, TrainData& d, const TrainOptions& o,
                                const std::string& csv_path);

}  // namespace llada::cli

namespace llada::cli {

struct PreparedRun {
  std::unique_ptr<TrainData> data;
  std::unique_ptr<train::TrainSession> session;
};

// Data, config and a fresh session for the options (logs the model line).
Result<PreparedRun> prepare_run(const TrainOptions& o);

// Prints an Error as the command line does ("what\nHINT: hint") on stderr and returns 1.
int report(const Error& e);

}  // namespace llada::cli
