// The state machine behind the Generation panel (app/panels/generation.cpp draws it): the options both
// sides share, each side's model source (live trainer or checkpoint) and jobs, the extra LLaDA lanes
// (other remasking strategies run on the same prompt, weights and seed), the replay clock, and the
// settings they are saved in. Everything here runs on the UI thread; generation itself runs on
// BackgroundJobs (generation_job.hpp) from immutable weights copies.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/lab_session.hpp"
#include "app/panels/generation_job.hpp"
#include "app/state.hpp"
#include "app/widgets/background_job.hpp"
#include "app/widgets/export.hpp"

namespace llada::app::generation {

struct Side {
  bool llada = false;
  bool from_checkpoint = false;  // else: the live trainer of the slot
  char path[512] = {};
  std::string error;             // last load or generation error, shown in red
  std::shared_ptr<const train::WeightsCopy> ckpt_weights;
  std::shared_ptr<const Tokenizer> ckpt_tok;
  widgets::BackgroundJob<LoadedSource> load;
  widgets::BackgroundJob<Generated> job;
  std::optional<Generated> result;
  // Live source: a copy asked for and not yet arrived (the snapshot's copy is still `stale`).
  bool awaiting_copy = false;
  std::shared_ptr<const train::WeightsCopy> stale;
  const train::Trainer* asked = nullptr;  // the trainer asked (a rebuilt slot holds another one)
  bool dirty = false;  // options changed: generate again when possible
  // The weights and tokenizer of the last generation started (the lanes reuse them).
  std::shared_ptr<const train::WeightsCopy> last_weights;
  std::shared_ptr<const Tokenizer> last_tok;
};

// An extra LLaDA run beside the main one: its own remasking and threshold, everything else shared.
struct Lane {
  int remasking = 2;  // index into gen::kAllRemasking
  float threshold = 0.0f;
  widgets::BackgroundJob<Generated> job;
  std::optional<Generated> result;
  std::string error;
  bool dirty = false;
};
inline constexpr int kMaxLanes = 3;

struct GenState {
  bool init = false;
  char prompt[256] = "The";
  char pins[256] = "";  // LLaDA infilling, "0:Once, 5:upon"
  int length = 12;
  uint64_t seed = 1;
  // GPT side
  float ar_temperature = 1.0f;
  bool greedy = false;
  int top_k = 0;
  float top_p = 1.0f;
  // LLaDA side
  int steps = 12, block = 12;
  int remasking = 0;       // index into gen::kAllRemasking
  float threshold = 0.0f;  // 0: fixed schedule
  float ll_temperature = 0.0f;
  std::vector<std::unique_ptr<Lane>> lanes;
  // Replay
  float play = 0;       // current step (fractional while playing)
  bool playing = false;
  float speed = 4.0f;   // steps per second
  bool follow = true;   // live sides: generate again with fresh weights after each replay while training
  double ended_at = -1; // when the replay reached its last step
  double ticked_at = -1;  // s.now of the frame that last ran tick()
  Side gpt, llada;
};

GenState& state();
// At the window's shutdown (RegisterRelease): stops every job and drops the weight copies and results.
void release(GenState& g);
void load_settings(AppState& s, GenState& g);
void save_settings(AppState& s, const GenState& g);

// Keeps the LLaDA options valid as the length changes: the block length divides the length (else one
// block), and the steps are a multiple of the number of blocks (rounded up).
void fit_llada(GenState& g);
// Snaps a block length to the nearest divisor of the length.
int nearest_divisor(int length, int block);

TrainerSlot& slot_of(AppState& s, const Side& side);
// Asks for a generation on this side (and its lanes): from the checkpoint at once, from the live
// trainer once the weights copy asked for has arrived.
void request(AppState& s, GenState& g, Side& side);
// Runs one lane again on the LLaDA side's last weights.
void request_lane(GenState& g, Lane& lane);
void add_lane(GenState& g);

// Once a frame, before drawing (the Decoding and Likelihood panels call it too, so they work with the
// Generation panel closed; a second call in the same frame does nothing): finished loads, arrived copies,
// finished jobs, options changed, the replay clock and following training.
void tick(AppState& s, GenState& g);
int replay_step(const GenState& g);
int max_steps(const GenState& g);  // the longest trace shown

// The replay as a table (both sides and every lane), for Export CSV and the File menu.
widgets::Table trace(const GenState& g);

}  // namespace llada::app::generation
