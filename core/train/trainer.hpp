// The Trainer: owns a TrainSession and runs it on its own std::thread. The UI (or the command line)
// never touches the model: it sends commands into a queue and reads immutable snapshots.
//
//   commands  start, pause, step(n), reset, set learning rate / temperature / seed / probe t, save
//             — pushed under a mutex and signalled by a condition variable; the worker drains the
//             queue between training steps (a step of the small models is milliseconds), so pause
//             and step take effect after at most the step in progress. Sending never blocks on a step.
//   snapshots std::shared_ptr<const Snapshot>, replaced whole under a small mutex (a pointer swap) at
//             most max_publish_hz times a second while running, and at once after a command. Readers
//             keep their shared_ptr as long as they like; nothing in it ever changes.
//   weights    copy_weights() asks the worker for a copy of the current weights (between two steps); it
//             arrives in the next snapshot's `weights`, for generation on another thread (weights.hpp).
//             Training goes on: the copy is a snapshot of the weights, the live model is never shared.
//   divergence a non-finite loss or gradient (e.g. learning rate 10) pauses training, restores the
//             last good weights and moments (copied to the host every good_copy_every steps) and says
//             so in the snapshot. Nothing crashes.
//   device     the session computes on its backend (TrainConfig::backend; the snapshot's `device`). An
//             error of a backend other than the CPU (out of memory, a lost device) pauses with the
//             error as the message and can_continue_on_cpu set; continue_on_cpu() then moves the
//             session to the CPU from the last good copy, which lives on the host.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/train/groups.hpp"
#include "core/train/history.hpp"
#include "core/train/inspection.hpp"
#include "core/train/session.hpp"
#include "core/train/weights.hpp"

namespace llada::train {

enum class TrainerStatus { Paused, Running, Diverged, Error, Stopped };
const char* status_name(TrainerStatus s);

struct LossPoint {
  uint64_t step = 0;
  float loss = 0;
};

struct ProbeEntry {
  int32_t token = 0;
  float logit = 0;
  float prob = 0;  // softmax(logits / temperature)
};

struct GroupPoint {
  uint64_t step = 0;
  GroupStats stats;
};

struct Snapshot {
  uint64_t serial = 0;  // increases with every publication
  uint64_t step = 0;
  TrainerStatus status = TrainerStatus::Paused;
  std::string message;  // divergence, error, "saved …": empty when there is nothing to say
  uint64_t saves_done = 0, saves_failed = 0;  // save()s handled, and how many of them failed
  std::string save_error;                      // the last failed save's error (the message may have moved on)
  // History, at most history_cap evenly spaced points each (core/train/history.hpp): a train point is
  // the mean loss of its bin of steps, a validation or group point the first evaluation of its bin.
  std::vector<LossPoint> train_loss, val_loss;
  float last_loss = 0, grad_norm = 0, lr = 0, temperature = 1;
  std::optional<float> last_val_loss;  // the newest validation loss (the curve may show an older bin)
  double tokens_per_second = 0;
  uint64_t seed = 0;
  // The probe: a fixed sequence scored at every publication.
  std::vector<int32_t> probe_tokens;  // x_0
  std::vector<int32_t> probe_inputs;  // what the model saw (x_t for LLaDA, [MASK] = mask id)
  std::vector<uint8_t> probe_masked;  // LLaDA: 1 where masked
  std::vector<float> probe_losses;    // per position: CE of its target (0 where nothing is predicted)
  float probe_t = 0.5f;
  uint64_t probe_mask_seed = 0;       // LLaDA: which mask draw at probe_t (set_probe_mask_seed)
  // The position whose distribution is shown. LLaDA: the first masked position of the probe (the model
  // predicts masked tokens; the last position when none is masked at probe_t); GPT: the last one
  // (TrainerOptions::probe_position overrides both).
  int probe_position = 0;
  int32_t probe_target = -1;          // the true token there (LLaDA: probe_tokens[pos]; GPT: probe_tokens[pos + 1])
  bool probe_position_masked = false; // LLaDA: the model saw [MASK] there (it has to guess)
  std::vector<ProbeEntry> probe_top;  // its most probable tokens
  // Its whole logit row (V): made afresh at each publication and never changed, so snapshots stay cheap
  // to copy and a reader may keep it. Null until the probe was first scored.
  std::shared_ptr<const std::vector<float>> probe_logits;
  // The rare-token experiment, measured at each evaluation.
  bool has_groups = false;
  uint64_t groups_step = 0;
  GroupStats groups;
  std::vector<GroupPoint> group_history;  // every evaluation's groups (from step 0), thinned as the losses
  std::string model_description;
  size_t num_params = 0;
  std::string device;                // the backend the model computes on: "cpu", "cuda", …
  bool can_continue_on_cpu = false;  // a non-CPU backend failed: continue_on_cpu() resumes from the last good copy
  // The newest copy asked for with copy_weights() (null before the first). Kept across later
  // snapshots until the next copy; its `step` says how old it is.
  std::shared_ptr<const WeightsCopy> weights;
  // Inside the model (core/train/inspection.hpp), only while a panel asks (request_inspection): the
  // tables and the probe's hidden state (at most a few times a second: a copy of E), the probe's
  // attention maps (every publication), and E's singular values at every evaluation. Each keeps its
  // step; null until first asked for.
  std::shared_ptr<const EmbeddingView> embedding_view;
  std::shared_ptr<const AttentionView> attention_view;
  std::vector<SpectrumPoint> spectrum_history;
};

struct TrainerOptions {
  TrainConfig train;
  BatchFn train_batch;             // the batch of step i
  BatchFn val_batch;               // validation batch i (i < val_batches); empty: no validation loss
  int val_batches = 4;             // as the command line (validation.hpp: kValidationBatches)
  int eval_every = 25;             // steps between validation / group evaluations
  int good_copy_every = 20;        // steps between copies of the last good weights
  std::vector<int32_t> probe;      // the probe sequence (cut to T tokens)
  float probe_t = 0.5f;
  uint64_t probe_mask_seed = 0;       // LLaDA: which mask draw at probe_t (set_probe_mask_seed)
  int probe_position = -1;         // -1: the last position
  int probe_top = 10;
  TokenGroups groups;              // empty: no group statistics
  double max_publish_hz = 30;
  int history_cap = 2000;
  int nice_steps = 10;  // the worker's priority below the window's (core/util/thread_priority.hpp)
};

class Trainer {
 public:
  static Result<std::unique_ptr<Trainer>> create(TrainerOptions opt);
  ~Trainer();  // stops the worker and joins it
  // Ends the worker once every command sent before is handled (a queued save is written) and joins it;
  // the snapshot is then final (status Stopped) and stays readable. Later commands are ignored.
  void finish();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  void start();
  void pause();
  void step(int n = 1);  // n single steps, then paused
  void reset();          // fresh weights from the current seed, history cleared, paused
  void set_learning_rate(float lr);
  void set_temperature(float t);
  void set_seed(uint64_t seed);
  void set_probe_t(float t);
  void set_probe_mask_seed(uint64_t s);  // another mask draw for the probe at the same t ("resample")
  void save(const std::string& path);  // result in the snapshot's message (and saves_done, saves_failed)
  uint64_t saves_asked() const { return saves_asked_.load(); }  // save()s sent; snapshot's saves_done catches up
  // Weights, moments and step from a checkpoint of the same model and tokenizer; a corrupt, truncated
  // or mismatched file changes nothing and its error is the snapshot's message. Pauses.
  void load(const std::string& path);
  // snapshot().weights becomes a copy of the weights as they are when the worker handles this. The
  // steps of a step(n) sent before run after the commands drained with it: wait_until_idle() first
  // to copy the weights after them.
  void copy_weights();
  // After a backend error (snapshot().can_continue_on_cpu): the model, moments and step of the last good
  // copy move to the CPU; paused there, the message says from which step.
  void continue_on_cpu();
  // A panel showing the inside of the model calls this every frame it is drawn, with InspectWhat
  // flags; the worker copies what was asked within the last second into the snapshots (lock-free).
  void request_inspection(unsigned what);

  std::shared_ptr<const Snapshot> snapshot() const;  // never null
  // Blocks until the worker has handled every command sent before (not the steps they started).
  void sync();
  // Blocks until the worker has handled every command sent before AND is not training (e.g. after
  // step(n): the n steps are done); the snapshot then shows that state. Never returns while running.
  void wait_until_idle();

 private:
  enum class Kind { Start, Pause, Step, Reset, SetLr, SetTemperature, SetSeed, SetProbeT, SetProbeSeed, Save, Load, CopyWeights, ContinueOnCpu, Inspect,
                    Sync, WaitIdle, Quit };
  struct Command {
    Kind kind;
    double value = 0;
    std::string path;
    std::shared_ptr<std::promise<void>> done;
    uint64_t seed = 0;  // SetSeed, SetProbeSeed: every bit of a 64-bit seed (a double keeps 53)
  };

  Trainer(TrainerOptions opt, TrainSession session);
  void send(Command c);
  void run();  // the worker thread
  bool handle(const Command& c);  // false on Quit
  void do_step();
  void evaluate();
  void publish(bool force);
  void keep_good_copy();
  void clear_histories();
  void publish_inspection(int position, int32_t target, double now);
  void push_spectrum();  // E's singular values at this step into the history (once a step)
  bool wanted(InspectWhat what, double now) const;

  TrainerOptions opt_;
  TrainSession session_;

  // Shared with other threads.
  std::atomic<uint64_t> saves_asked_{0};
  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Command> queue_;
  mutable std::mutex snap_mu_;
  std::shared_ptr<const Snapshot> snap_;

  // Worker-only state.
  Snapshot work_;  // the next snapshot being assembled
  EvenHistory<LossPoint> train_hist_{EvenHistory<LossPoint>::Fold::Mean}, val_hist_;
  EvenHistory<GroupPoint> group_hist_;
  bool running_ = false;
  int pending_steps_ = 0;
  std::vector<std::shared_ptr<std::promise<void>>> idle_waiters_;
  HostState good_;  // the last good weights, moments and step, on the host
  double last_publish_s_ = -1;
  double rate_t0_ = 0;
  uint64_t rate_tokens_ = 0;
  EvenHistory<SpectrumPoint> spectrum_hist_;
  std::atomic<double> embedding_wanted_at_{-1e9}, attention_wanted_at_{-1e9};  // now_s() of the last request
  double last_embedding_view_s_ = -1e9;
  std::thread worker_;
};

}  // namespace llada::train
