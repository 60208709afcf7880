// Building a training run from names and numbers — (model kind, tokenizer, corpus, hyperparameters) —
// shared by the command line (app/cli: train, experiment, generate) and the window's live trainers
// (app/lab_session), so both train exactly the same thing from the same options.
//
//   load_train_data     tokenizer + corpus → token stream, train/validation split (last 10 %), batchers
//                       (B×T windows every `stride` tokens, shuffled by seed), token statistics and the
//                       rare-token groups (100 most common, 100 least common used, 100 never used; when
//                       fewer than 200 tokens are used, common and rare are the two halves of them)
//   make_train_config   RunOptions + tokenizer → TrainConfig (model by name, objective, AdamW, schedule)
//   trainer_options     TrainData + TrainConfig → TrainerOptions (batches, validation, probe, groups)
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/batching.hpp"
#include "core/data/token_stats.hpp"
#include "core/models/model.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/groups.hpp"
#include "core/train/session.hpp"
#include "core/train/trainer.hpp"
#include "core/util/result.hpp"

namespace llada::train {

// Everything a training run reads from the corpus. Not movable: the batchers point into `tokens`, so
// keep it alive (and in place) as long as any BatchFn made from it — e.g. longer than its Trainer.
struct TrainData {
  std::shared_ptr<const Tokenizer> tok;
  std::string corpus_name;      // as loaded ("sample", "brown", a path)
  std::vector<int32_t> tokens;  // the whole corpus, tokenized
  TrainValSplit split;          // last 10 % is validation
  std::unique_ptr<Batcher> train, val;
  TokenStats stats;             // over the training part
  TokenGroups groups;           // 100 most common, 100 least common (used), 100 never used

  TrainData() = default;
  TrainData(const TrainData&) = delete;
};

// Progress (one fraction over loading, tokenizing and counting) and cancel, for a worker thread.
struct LoadControl {
  std::function<void(double)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

// Loads the corpus with `tok`, splits, makes the batchers and the groups. Errors: the corpus is missing
// or unreadable, too short for one B×T batch, or loading was cancelled.
Result<std::unique_ptr<TrainData>> load_train_data(std::shared_ptr<const Tokenizer> tok, const std::string& corpus,
                                                   int B, int T, int stride, uint64_t seed, int group_size = 100,
                                                   const LoadControl& ctl = {});
// The same with the tokenizer loaded by name ("byte", "gpt2", "cl100k").
Result<std::unique_ptr<TrainData>> load_train_data(const std::string& tokenizer, const std::string& corpus, int B,
                                                   int T, int stride, uint64_t seed, int group_size = 100);

// "zero-layer", "gpt" or "llada" with the given sizes (V from the tokenizer).
Result<ModelConfig> model_config_by_name(const std::string& name, int V, int d, int n_layer, int n_head, int T);
// The names model_config_by_name knows: "zero-layer", "gpt", "llada".
bool known_model(std::string_view name);

// A training run as options (defaults as the seeds: zero-layer GPT, gpt2, B 5, T 8, d 64).
struct RunOptions {
  std::string model = "zero-layer", tokenizer = "gpt2", corpus = "sample";
  int B = 5, T = 8, d = 64, layers = 2, heads = 2, stride = 1;
  long long steps = 200;  // the schedule's length (cosine decay to lr/10); the window may train on past it
  int eval_every = 50, threads = 1;
  float lr = 1e-3f, clip = 1.0f, weight_decay = 0.0f;
  int warmup = 0;
  uint64_t seed = 1;
  bool no_inverse_t = false;
  const nn::Backend* backend = nullptr;  // where to compute (gpu::make_backend); nullptr: the CPU
  // Seed notes 002 and 003's comparisons: "gelu" | "relu", tied unembedding (W_U = E), and the
  // zero-layer GPT's embedding as a one-hot Linear instead of a row lookup (same numbers, more work).
  std::string activation = "gelu";
  bool tie = false;
  std::string embedding = "lookup";  // "lookup" | "onehot"
};

// The seeds' rare-token experiment (004): a one-layer GPT on the sample text with GPT-2's tokenizer.
RunOptions rare_vs_common_options();

// A TrainConfig for the options, model and tokenizer (errors: unknown model, bad sizes, steps < 0).
Result<TrainConfig> make_train_config(const RunOptions& o, const Tokenizer& tok);

// The batch function of a Batcher (rows are copied into the trainer's buffers). `b` must outlive it.
BatchFn batch_fn(Batcher& b);

// Options for a live Trainer on `d` (which must outlive the Trainer): training and validation batches,
// the groups, and the probe = the first T tokens of the validation text (of the training text when
// there is no validation part).
TrainerOptions trainer_options(TrainData& d, const TrainConfig& cfg, int eval_every);

}  // namespace llada::train
