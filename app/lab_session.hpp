// The live training session of the window: up to two trainers side by side, shared by every panel.
//
//   slot Gpt    the next-token model: zero-layer GPT or causal Transformer ("zero-layer" | "gpt")
//   slot Llada  the masked-diffusion model: bidirectional Transformer ("llada")
//
// A slot is built on a worker (loading the tokenizer, reading and tokenizing the corpus takes seconds
// for Brown or KJV); meanwhile building() is true and progress() says how far. A failed build (missing
// vocabulary, bad corpus, nonsense sizes) leaves error() set and the previous trainer, if any, running.
//
// How panels use it, every frame (never waiting, never touching the model):
//
//   LabSession& lab = lab_session(s);
//   TrainerSlot& slot = lab.slot(SlotId::Llada);
//   if (auto snap = slot.snapshot()) { ... draw snap->train_loss, snap->probe_losses ... }
//   if (train::Trainer* tr = slot.trainer()) tr->start();            // commands are queued, never block
//   std::string text = slot.tokenizer()->decode(ids);                 // the tokenizer the model uses
//
// The Trainer, its data and its tokenizer live until the slot is rebuilt or cleared (on the UI thread,
// between frames, once a frame at the first lab_session() call), so pointers taken in a frame stay
// valid for that frame; don't keep them longer. The LLaDA [MASK] id: slot.config()->model.mask_id().
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/state.hpp"
#include "app/widgets/background_job.hpp"
#include "core/train/setup.hpp"
#include "core/train/trainer.hpp"

namespace llada::app {

enum class SlotId { Gpt = 0, Llada = 1 };
const char* slot_name(SlotId id);  // "GPT", "LLaDA"

class TrainerSlot {
 public:
  explicit TrainerSlot(SlotId id) : id_(id) {}

  // The running trainer, or nullptr when none has been built (yet).
  train::Trainer* trainer() const { return live_ ? live_->trainer.get() : nullptr; }
  // Its latest snapshot, or nullptr without a trainer.
  std::shared_ptr<const train::Snapshot> snapshot() const;
  // The tokenizer the model was built with (decode ids with it), or nullptr without a trainer.
  std::shared_ptr<const Tokenizer> tokenizer() const;
  // What the trainer was built from (corpus statistics, groups, the config), or nullptr.
  const train::TrainData* data() const { return live_ ? live_->data.get() : nullptr; }
  const train::TrainConfig* config() const { return live_ ? &live_->config : nullptr; }
  const train::RunOptions* options() const { return live_ ? &live_->options : nullptr; }

  // Builds a new trainer from `o` on a worker (replacing a build in progress). When it is ready it
  // replaces the running one; with `start_when_ready` it starts training at once, with
  // `steps_when_ready` > 0 it runs that many steps and pauses.
  void build(const train::RunOptions& o, bool start_when_ready = false, int steps_when_ready = 0);
  // Where the next build computes (the window's --device choice; nullptr: the CPU).
  void set_backend(const nn::Backend* b) { backend_ = b; }
  // After the build in progress is installed, load this checkpoint into it (a scene's saved weights);
  // a file that does not fit is refused by the trainer and its message shown, the model stays untrained.
  void load_when_ready(std::string path) { checkpoint_pending_ = std::move(path); }
  bool building() const { return build_outstanding_; }  // from build() until poll() installs or drops it
  // Not building, a checkpoint of load_when_ready (if any) loaded or refused, and a run of
  // steps_when_ready steps (if any) done or stopped.
  bool settled() const;
  float progress() const { return job_.progress(); }
  const train::RunOptions& building_options() const { return pending_; }
  void cancel_build() { job_.cancel(); }
  // The last build's error ("what\nHINT: …"), empty when it went well.
  const std::string& error() const { return error_; }
  // A checkpoint save sent to the trainer (Training panel, a scene with checkpoints, the soak) has not
  // finished yet; a finished one that failed is said in the message area by poll() and counted in
  // AppState::failed_writes.
  bool saving() const;
  void clear();  // stops and drops the trainer

  // Called by lab_session() once a frame: installs a finished build, reports its error to the banner.
  void poll(AppState& s);
  SlotId id() const { return id_; }

 private:
  struct Live {  // members in this order: the trainer (which reads data's batchers) goes first
    train::RunOptions options;
    train::TrainConfig config;
    std::unique_ptr<train::TrainData> data;
    std::unique_ptr<train::Trainer> trainer;
  };
  // A replaced trainer finishes what was queued for it (a save, a last-good copy: seconds at cl100k)
  // before its thread ends; it is let go on a thread of its own, so the window never waits for it. The
  // saves that failed there and were not yet said come back through the future, said by poll().
  struct RetiredSaves {
    uint64_t failed = 0;
    std::string error;
  };
  void retire(std::unique_ptr<Live> old);
  void report_failed_saves(AppState& s, uint64_t failed, const std::string& error);

  SlotId id_;
  std::unique_ptr<Live> live_;
  std::vector<std::future<RetiredSaves>> retiring_trainers_;  // replaced trainers ending; reaped by poll()
  // A build replaced while running is retired by BackgroundJob: the window does not wait for a model's
  // setup, which does not stop at once.
  widgets::BackgroundJob<std::unique_ptr<Live>> job_;
  train::RunOptions pending_;
  bool start_pending_ = false;
  int steps_pending_ = 0;
  std::string checkpoint_pending_;
  std::string checkpoint_loading_;  // sent to the trainer, until its snapshot carries the outcome (settled())
  bool build_outstanding_ = false;
  const nn::Backend* backend_ = nullptr;
  uint64_t settle_step_ = 0;  // the step a steps_when_ready run ends at
  std::string error_;
  const train::Trainer* saves_of_ = nullptr;  // the trainer whose failed saves were last counted…
  uint64_t saves_failed_seen_ = 0;            // …and how many
};

struct LabSession {
  TrainerSlot gpt{SlotId::Gpt}, llada{SlotId::Llada};
  TrainerSlot& slot(SlotId id) { return id == SlotId::Gpt ? gpt : llada; }
  // The slot a model kind trains in: "llada" → Llada, "zero-layer" / "gpt" → Gpt.
  TrainerSlot& slot_for_model(const std::string& model) { return slot(model == "llada" ? SlotId::Llada : SlotId::Gpt); }
};

// The session of this window (made on first use), polled: call it each frame from any panel.
LabSession& lab_session(AppState& s);

// For --train MODELS --train-steps N [--train-tokenizer T] (smoke tests, frame timing): builds each model
// ("zero-layer", "gpt", "llada") with tokenizer T (default byte) on the sample text, then runs N steps (N = 0: trains on until
// the window closes). Unknown names are an error message.
void autostart_training(AppState& s, const std::vector<std::string>& models, int steps,
                        const std::string& tokenizer = "byte");
// True when no slot is building and none is running a fixed number of steps (the screenshot may be taken).
bool training_settled(AppState& s);
// True while a slot's checkpoint save is in progress (a scripted run waits for its outcome).
bool saves_in_progress(AppState& s);

}  // namespace llada::app
