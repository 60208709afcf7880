// Token stream → training batches, as in the seeds (003: batch 5, sequence length 8, stride 1).
//
// Windows: window w covers tokens [w·stride, w·stride + T] (T+1 tokens); stride 1 makes neighbouring
// windows overlap in T tokens, stride T makes them tile the stream. A window that would run past the
// end is not formed, so there are floor((N − (T+1)) / stride) + 1 windows in a stream of N tokens.
// Each window gives one row: inputs = its first T tokens, targets = its last T (shifted by one), so
// targets[b][i] is the token that follows inputs[b][i] — next-token prediction. LLaDA uses the inputs
// only (it masks them); the AR model uses both.
//
// Epochs: batch k is row block (k mod E) of epoch k / E, where E = floor(windows / B): the last
// incomplete batch of an epoch is dropped, so every batch is full. Without shuffling, epochs visit the
// windows in stream order. With shuffling, each epoch visits them in its own order: a Fisher–Yates
// permutation driven by Philox (seed, stream::shuffle, index (epoch << 32) + i) — the same seed gives the
// same batches in the window and on the command line, and any k can be asked for in any order.
//
// Train/validation: the LAST fraction of the stream (floor(N·fraction) tokens) is validation, one
// contiguous piece, so no validation window shares text with a training window (random windows would
// leak their overlapping tokens between the two sets).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/util/result.hpp"

namespace llada {

struct BatchConfig {
  int B = 5;       // rows per batch
  int T = 8;       // tokens per row (sequence length)
  int stride = 1;  // tokens between the starts of consecutive windows
  bool shuffle = true;
  std::uint64_t seed = 1;
};

struct Batch {
  int B = 0, T = 0;
  std::vector<std::int32_t> inputs;   // (B, T) row-major
  std::vector<std::int32_t> targets;  // (B, T) inputs shifted by one: targets[b,i] = token after inputs[b,i]
  std::vector<std::int64_t> starts;   // (B) where each row's window starts in the stream
};

struct TrainValSplit {
  std::span<const std::int32_t> train, val;
};

// fraction in [0, 1): the last floor(N·fraction) tokens become validation.
TrainValSplit split_train_val(std::span<const std::int32_t> tokens, double val_fraction);

// Windows of T+1 tokens every `stride` tokens in a stream of n tokens (0 when n < T+1).
std::int64_t window_count(std::size_t n, int T, int stride);

class Batcher {
 public:
  // Errors (bad sizes, a stream too short for one batch) say what to change. `tokens` must outlive it.
  static Result<Batcher> make(std::span<const std::int32_t> tokens, const BatchConfig& cfg);

  std::int64_t windows() const { return windows_; }
  std::int64_t batches_per_epoch() const { return windows_ / cfg_.B; }
  const BatchConfig& config() const { return cfg_; }

  // Batch number k (k ≥ 0) into `out` (resized on first use only). Not thread-safe: it caches the
  // current epoch's order; give each thread its own Batcher.
  void get(std::int64_t k, Batch& out);
  Batch get(std::int64_t k);

  // The window order of an epoch (window indices), as get() uses it.
  std::vector<std::uint32_t> epoch_order(std::int64_t epoch) const;

 private:
  Batcher(std::span<const std::int32_t> tokens, const BatchConfig& cfg, std::int64_t windows)
      : tokens_(tokens), cfg_(cfg), windows_(windows) {}
  std::span<const std::int32_t> tokens_;
  BatchConfig cfg_;
  std::int64_t windows_ = 0;
  std::int64_t cached_epoch_ = -1;
  std::vector<std::uint32_t> order_;  // (windows) of cached_epoch_
};

}  // namespace llada
