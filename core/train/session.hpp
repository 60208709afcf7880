// A training session, synchronous: the model, its AdamW moments and the step counter, and the one
// function that runs a training step. The Trainer (trainer.hpp) drives a session on its own thread;
// the command line, the rare-token experiment, the benchmark and the tests drive it directly.
//
// One step (allocates nothing once the first step of a shape has run):
//   batch(index) → objective (inputs, targets, weights; LLaDA's masks drawn by Backend::llada_mask from
//   x_0 and the row times) → forward → weighted CE → backward
//   → global-norm clip → (divergence check) → AdamW with the scheduled learning rate.
// Everything after the objective runs as backend ops on backend memory (the model's, the moments', the
// targets' and weights'); between host and backend a step moves the batch up and the loss, the gradient
// norm, LLaDA's Σ weights and the backend's error status down (Backend::traffic counts it; the one-hot
// embedding layout also sends its B·T rows of V). Reading anything else is an explicit download
// (download_state, Model::download_*), so on a GPU the host never touches device memory.
// Divergence leaves the weights as they were and reports it; the caller decides (the Trainer pauses
// and restores its last good copy; `llada-lab train` stops and saves nothing). A step has diverged when
//   - its loss or gradient norm is not finite, or
//   - its mean cross-entropy per predicted token exceeds kDivergedCeFactor · ln V (an untrained model
//     sits near ln V; an exploding one reaches thousands), or
//   - its gradient norm exceeds kGradBlowup times the running mean of the previous steps' norms (after
//     kGradWarmSteps steps).
// Backend errors (out of memory, a lost device) come back as errors of step/evaluate; the host copy of
// the last good state (download_state) then moves the session to another backend (move_to).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/models/model.hpp"
#include "core/nn/param_buffer.hpp"
#include "core/train/checkpoint.hpp"
#include "core/train/objective.hpp"
#include "core/train/optim.hpp"
#include "core/util/result.hpp"

namespace llada::train {

struct TrainConfig {
  ModelConfig model;
  Objective objective = Objective::Autoregressive;
  LladaObjectiveOptions llada;
  int B = 5, T = 8;
  uint64_t seed = 1;  // weights, data order and masks
  LrSchedule lr{.lr_max = 1e-3f, .lr_min = 1e-4f, .warmup = 0, .total = 0};
  AdamWConfig adam;
  float grad_clip = 1.0f;        // global-norm clip; 0 = off
  std::string tokenizer_id;      // recorded in checkpoints, checked on load
  // Where the model computes and keeps its memory (gpu::make_backend); nullptr: the CPU.
  const nn::Backend* backend = nullptr;
};

// A session's trainable state on the host: the last good copy of the Trainer, the move to another
// backend, checkpoints. Vectors in the model's layout order.
struct HostState {
  std::vector<float> params, m, v;
  uint64_t step = 0;
};

// Fills the batch of training step `index`: inputs (B,T) and their next tokens targets (B,T). LLaDA
// uses only inputs (the clean x_0); targets may be left as they are.
using BatchFn = std::function<void(uint64_t index, int B, int T, int32_t* inputs, int32_t* targets)>;

inline constexpr double kDivergedCeFactor = 10.0;
inline constexpr double kGradBlowup = 1000.0;
inline constexpr int kGradWarmSteps = 10;

struct StepResult {
  float loss = 0;       // the objective of the batch (before the update)
  float grad_norm = 0;  // before clipping
  float lr = 0;         // the learning rate used
  bool diverged = false;  // see the file comment: nothing was updated
};

// "zero-layer", "gpt" or "llada" from a model config, and the config as checkpoint key/values.
std::string model_kind_name(const ModelConfig& cfg);
CheckpointMeta checkpoint_meta(const ModelConfig& cfg, const std::string& tokenizer_id, uint64_t step);
// The model config a checkpoint was written with (for `generate --model FILE`).
Result<ModelConfig> model_config_from_meta(const CheckpointMeta& meta);

class TrainSession {
 public:
  static Result<TrainSession> create(const TrainConfig& cfg);

  Result<StepResult> step(const BatchFn& batch);

  // The objective on a batch without updating anything: rows are sequences first_seq… (LLaDA masks and
  // times from them; use a fixed first_seq for validation so every evaluation sees the same masks).
  // per_token (B·T, may be nullptr) gets each position's unweighted CE (0 where nothing is predicted).
  // fixed_t > 0 (LLaDA only): every row at that t instead of sampled times (the probe at a chosen t).
  // Afterwards model().logits() holds the batch's logits (B,T,V).
  Result<double> evaluate(const int32_t* inputs, const int32_t* targets, int B, int T, uint64_t first_seq,
                          float* per_token = nullptr, float fixed_t = 0.0f);

  // The prepared batch of the last evaluate (the masks shown next to the losses), on the host. (A LLaDA
  // training step prepares its batch on the backend: Backend::llada_mask.)
  const PreparedBatch& last_batch() const { return prep_; }

  Result<void> reset(uint64_t seed);  // fresh weights from seed, moments zeroed, step 0
  Result<void> save(const std::string& path) const;
  Result<void> load(const std::string& path);  // leaves everything untouched on error

  // Weights, moments and step, downloaded (a copy on the host), and written back.
  Result<HostState> download_state() const;
  Result<void> restore_state(const HostState& s);  // sizes must match num_params()
  // The same session on another backend from a host state (e.g. the CPU after a GPU failed): a new model
  // and moments there, the state uploaded. On error the session is unchanged.
  Result<void> move_to(const nn::Backend& backend, const HostState& s);

  Model& model() { return model_; }
  const Model& model() const { return model_; }
  const nn::Backend& backend() const { return model_.backend(); }
  const TrainConfig& config() const { return cfg_; }
  TrainConfig& mutable_config() { return cfg_; }  // lr, seed, objective options between steps
  uint64_t steps_done() const { return step_; }
  void set_steps_done(uint64_t s) { step_ = s; }

 private:
  TrainSession(TrainConfig cfg, Model model, nn::ParamBuffer m, nn::ParamBuffer v);
  Result<void> upload_objective(size_t BT);  // prep_'s targets and weights → targets_, weights_
  // A LLaDA step's objective on the backend: x0 up; times, masks, targets and weights drawn there.
  Result<double> llada_loss_on_backend(const int32_t* x0, int B, int T, uint64_t first_seq);
  Result<void> ensure(nn::DeviceBuffer& b, size_t bytes);  // at least `bytes` on the model's backend
  Result<double> forward_loss(const int32_t* inputs, const int32_t* targets, int B, int T, uint64_t first_seq,
                              float* per_token, float fixed_t);

  TrainConfig cfg_;
  Model model_;
  nn::ParamBuffer m_, v_;  // AdamW moments, backend memory
  // Per block of kAdamBlock weights: may m or v be non-zero there (optim.hpp)? Backend memory, written
  // by adamw_step; set from the host whenever m and v are (reset: all 0; restore, load: from the values).
  nn::DeviceBuffer live_;
  uint64_t step_ = 0;
  double grad_mean_ = 0;  // running mean of the gradient norm (divergence check)
  int grad_seen_ = 0;
  PreparedBatch prep_;               // host
  std::vector<int32_t> in_, tg_;     // host: the step's batch
  nn::DeviceBuffer targets_, weights_, losses_;  // backend: the objective's (B·T) rows, grown on demand
  nn::DeviceBuffer x0_, inputs_;                 // backend: a LLaDA step's clean rows and x_t
  double weight_sum_ = 0;  // Σ weights of the last objective (mean cross-entropy = loss / Σ weights)
};

}  // namespace llada::train

namespace llada::train {

struct LoadedModel {
  Model model;
  CheckpointMeta meta;  // kind, tokenizer id, step
};

// A model rebuilt from a checkpoint alone (for generation): config from the header, weights from the file,
// on `backend` (nullptr: the CPU). Checkpoints hold host floats, so any backend reads any file.
Result<LoadedModel> load_model_checkpoint(const std::string& path, const nn::Backend* backend = nullptr);
// The same from a checkpoint already read (`path` names it in messages). The weight count the header's
// model needs is compared with the file's before the model is allocated.
Result<LoadedModel> model_from_checkpoint(Checkpoint ck, const std::string& path, const nn::Backend* backend = nullptr);

}  // namespace llada::train
