#include "core/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>

#include "core/generate/common.hpp"
#include "core/math/sampling.hpp"
#include "core/train/validation.hpp"
#include "core/util/thread_priority.hpp"

namespace llada::train {

namespace {

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Probe rows are sequences from 2^41 on (validation: kValidationSeq = 2^40), far from the training ones
// (step·B + b): the same mask seed always shows the same masks.
constexpr uint64_t kProbeSeq = uint64_t(1) << 41;

}  // namespace

const char* status_name(TrainerStatus s) {
  switch (s) {
    case TrainerStatus::Paused: return "paused";
    case TrainerStatus::Running: return "running";
    case TrainerStatus::Diverged: return "diverged";
    case TrainerStatus::Error: return "error";
    case TrainerStatus::Stopped: return "stopped";
  }
  return "?";
}

Result<std::unique_ptr<Trainer>> Trainer::create(TrainerOptions opt) {
  if (!opt.train_batch) return fail("the trainer needs a source of training batches", "load a corpus first");
  auto session = TrainSession::create(opt.train);
  if (!session) return std::unexpected(session.error());
  std::unique_ptr<Trainer> t(new Trainer(std::move(opt), std::move(*session)));
  t->evaluate();     // the untrained model's validation loss and groups: the curves start at step 0
  t->publish(true);  // snapshot() is never null, even before the worker runs
  t->worker_ = std::thread([p = t.get()] { p->run(); });
  return t;
}

Trainer::Trainer(TrainerOptions opt, TrainSession session) : opt_(std::move(opt)), session_(std::move(session)) {
  const int T = session_.config().T;
  if (static_cast<int>(opt_.probe.size()) > T) opt_.probe.resize(T);
  work_.probe_t = opt_.probe_t;
  work_.temperature = 1.0f;
  work_.seed = session_.config().seed;
  work_.lr = session_.config().lr.lr_max;
  work_.model_description = session_.model().config().describe();
  work_.num_params = session_.model().num_params();
  work_.device = session_.backend().name();
  keep_good_copy();
}

Trainer::~Trainer() { finish(); }

void Trainer::finish() {
  if (!worker_.joinable()) return;
  send(Command{Kind::Quit});
  worker_.join();
}

void Trainer::send(Command c) {
  {
    std::lock_guard lk(queue_mu_);
    queue_.push_back(std::move(c));
  }
  queue_cv_.notify_one();
}

void Trainer::start() { send({Kind::Start}); }
void Trainer::pause() { send({Kind::Pause}); }
void Trainer::step(int n) { send({Kind::Step, static_cast<double>(n)}); }
void Trainer::reset() { send({Kind::Reset}); }
void Trainer::set_learning_rate(float lr) { send({Kind::SetLr, lr}); }
void Trainer::set_temperature(float t) { send({Kind::SetTemperature, t}); }
void Trainer::set_seed(uint64_t seed) { send({Kind::SetSeed, 0, {}, {}, seed}); }
void Trainer::set_probe_t(float t) { send({Kind::SetProbeT, t}); }
void Trainer::set_probe_mask_seed(uint64_t s) { send({Kind::SetProbeSeed, 0, {}, {}, s}); }
void Trainer::save(const std::string& path) {
  ++saves_asked_;
  send({Kind::Save, 0, path});
}
void Trainer::load(const std::string& path) { send({Kind::Load, 0, path}); }
void Trainer::copy_weights() { send({Kind::CopyWeights}); }
void Trainer::continue_on_cpu() { send({Kind::ContinueOnCpu}); }

void Trainer::request_inspection(unsigned what) {
  const double t = now_s();
  bool lapsed = false;
  if (what & kInspectEmbedding) lapsed |= t - embedding_wanted_at_.exchange(t, std::memory_order_relaxed) > 0.5;
  if (what & kInspectAttention) lapsed |= t - attention_wanted_at_.exchange(t, std::memory_order_relaxed) > 0.5;
  if (lapsed) send({Kind::Inspect});  // a paused worker sleeps: wake it to publish what was asked
}

bool Trainer::wanted(InspectWhat what, double now) const {
  const auto& at = what == kInspectEmbedding ? embedding_wanted_at_ : attention_wanted_at_;
  return now - at.load(std::memory_order_relaxed) < 1.0;
}

// After the probe's forward: the copies the panels asked for. E goes out at most every 0.1 s plus the
// time a 200 MB/s copy of it would take (≈ 0.35 s for cl100k's two 25 MB tables), so a large
// vocabulary never costs the trainer more than a few percent.
void Trainer::publish_inspection(int position, int32_t target, double now) {
  const Model& m = session_.model();
  if (wanted(kInspectAttention, now)) work_.attention_view = download_attention_view(m, session_.steps_done());
  if (!wanted(kInspectEmbedding, now)) return;
  const double bytes = double(m.config().in_vocab() + (m.config().tie_weights ? 0 : m.vocab())) * m.config().d * 4;
  const bool due = now - last_embedding_view_s_ >= 0.1 + bytes / 200e6;
  const bool stale = !work_.embedding_view || work_.embedding_view->step != session_.steps_done();
  if (!due && (running_ || !stale)) return;  // paused: a changed model is shown at once (e.g. one step)
  last_embedding_view_s_ = now;
  work_.embedding_view = download_embedding_view(m, position, target, session_.steps_done());
  // A panel opened after the evaluations (or on a trainer that has paused, which reaches no further
  // evaluation) starts E's spectrum at this step instead of showing none.
  if (work_.spectrum_history.empty()) push_spectrum();
}

void Trainer::push_spectrum() {
  const uint64_t step = session_.steps_done();
  if (!work_.spectrum_history.empty() && work_.spectrum_history.back().step == step) return;  // one point a step
  spectrum_hist_.push(work_.spectrum_history, embedding_spectrum(session_.model(), step),
                      std::min(opt_.history_cap, 200));  // 200 spectra: every snapshot copies them
}

void Trainer::sync() {
  auto done = std::make_shared<std::promise<void>>();
  auto fut = done->get_future();
  send({Kind::Sync, 0, {}, done});
  fut.wait();
}

void Trainer::wait_until_idle() {
  auto done = std::make_shared<std::promise<void>>();
  auto fut = done->get_future();
  send({Kind::WaitIdle, 0, {}, done});
  fut.wait();
}

std::shared_ptr<const Snapshot> Trainer::snapshot() const {
  std::lock_guard lk(snap_mu_);
  return snap_;
}

void Trainer::run() {
  lower_this_thread_priority(opt_.nice_steps, /*idle=*/true);  // a step never delays the window's frame
  std::vector<Command> cmds;
  for (;;) {
    {
      std::unique_lock lk(queue_mu_);
      queue_cv_.wait(lk, [&] { return !queue_.empty() || running_ || pending_steps_ > 0; });
      cmds.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
    }
    bool changed = !cmds.empty();
    // Out of memory in a command or a step pauses the trainer with a message; the window goes on.
    try {
      for (const Command& c : cmds) {
        if (!handle(c)) {
          work_.status = TrainerStatus::Stopped;
          publish(true);
          for (auto& w : idle_waiters_) w->set_value();
          return;
        }
      }
      cmds.clear();
      if (running_ || pending_steps_ > 0) {
        do_step();
        if (pending_steps_ > 0 && --pending_steps_ == 0 && !running_) changed = true;
      }
    } catch (const std::bad_alloc&) {
      cmds.clear();
      running_ = false;
      pending_steps_ = 0;
      work_.status = TrainerStatus::Error;
      work_.message = "out of memory while training\nHINT: choose a smaller model, batch or vocabulary";
      changed = true;
    }
    work_.status = work_.status == TrainerStatus::Diverged || work_.status == TrainerStatus::Error ? work_.status
                   : (running_ || pending_steps_ > 0)                                               ? TrainerStatus::Running
                                                                                                    : TrainerStatus::Paused;
    const bool idle = !(running_ || pending_steps_ > 0);
    publish(changed || idle);
    if (idle) {
      for (auto& w : idle_waiters_) w->set_value();
      idle_waiters_.clear();
    }
  }
}

bool Trainer::handle(const Command& c) {
  TrainConfig& cfg = session_.mutable_config();
  switch (c.kind) {
    case Kind::Start:
      running_ = true;
      work_.status = TrainerStatus::Running;  // leaving Diverged/Error is the person's decision
      work_.message.clear();
      rate_t0_ = now_s();
      rate_tokens_ = 0;
      break;
    case Kind::Pause:
      running_ = false;
      pending_steps_ = 0;
      break;
    case Kind::Step:
      running_ = false;
      pending_steps_ += std::max(1, static_cast<int>(c.value));
      if (work_.status != TrainerStatus::Running) work_.status = TrainerStatus::Paused;
      work_.message.clear();
      break;
    case Kind::Reset:
      running_ = false;
      pending_steps_ = 0;
      if (auto ok = session_.reset(cfg.seed); !ok) {
        work_.status = TrainerStatus::Error;
        work_.message = ok.error().to_string();
        break;
      }
      keep_good_copy();
      clear_histories();
      work_.has_groups = false;
      work_.last_loss = work_.grad_norm = 0;
      work_.tokens_per_second = 0;
      work_.status = TrainerStatus::Paused;
      work_.message.clear();
      evaluate();  // step 0 again
      break;
    case Kind::SetLr: {
      const float lr = static_cast<float>(c.value);
      if (!(lr > 0.0f) || !std::isfinite(lr)) {  // never trains (or climbs the loss): refused, nothing changes
        work_.message = "learning rate " + std::to_string(c.value) + " refused\nHINT: choose a positive, finite rate";
        break;
      }
      const float ratio = cfg.lr.lr_max > 0 ? cfg.lr.lr_min / cfg.lr.lr_max : 0.1f;
      cfg.lr.lr_max = lr;
      cfg.lr.lr_min = lr * ratio;
      work_.lr = lr;
      break;
    }
    case Kind::SetTemperature: work_.temperature = static_cast<float>(c.value); break;
    case Kind::SetSeed:
      cfg.seed = c.seed;
      work_.seed = cfg.seed;
      break;
    case Kind::SetProbeT: work_.probe_t = static_cast<float>(c.value); break;
    case Kind::SetProbeSeed: work_.probe_mask_seed = c.seed; break;
    case Kind::Save: {
      auto ok = session_.save(c.path);
      work_.message = ok ? "saved checkpoint '" + c.path + "' at step " + std::to_string(session_.steps_done())
                         : ok.error().to_string();
      ++work_.saves_done;
      if (!ok) ++work_.saves_failed, work_.save_error = work_.message;
      break;
    }
    case Kind::Load: {
      running_ = false;
      pending_steps_ = 0;
      auto ok = session_.load(c.path);
      if (ok) {
        keep_good_copy();
        clear_histories();
        work_.has_groups = false;
        work_.status = TrainerStatus::Paused;
      }
      work_.message = ok ? "loaded checkpoint '" + c.path + "' at step " + std::to_string(session_.steps_done())
                         : ok.error().to_string();
      break;
    }
    case Kind::CopyWeights: {
      // A host copy (a CPU ParamBuffer), downloaded between two steps.
      auto params = session_.model().params().clone(&nn::cpu_backend());
      if (!params) {
        work_.message = params.error().to_string();
        break;
      }
      auto w = std::make_shared<WeightsCopy>();
      w->config = session_.model().config();
      w->params = std::move(*params);
      w->step = session_.steps_done();
      w->tokenizer_id = cfg.tokenizer_id;
      w->origin = "training, step " + std::to_string(w->step);
      work_.weights = std::move(w);
      break;
    }
    case Kind::ContinueOnCpu: {
      if (&session_.backend() == &nn::cpu_backend()) break;
      running_ = false;
      pending_steps_ = 0;
      auto ok = session_.move_to(nn::cpu_backend(), good_);
      if (!ok) {
        work_.message = ok.error().to_string();
        break;
      }
      work_.device = session_.backend().name();
      work_.can_continue_on_cpu = false;
      work_.status = TrainerStatus::Paused;
      work_.step = session_.steps_done();
      work_.message = "continuing on the CPU from step " + std::to_string(good_.step) + " (the last good weights)";
      break;
    }
    case Kind::Inspect: break;  // the publication after the commands does the work
    case Kind::Sync:
      if (c.done) c.done->set_value();
      break;
    case Kind::WaitIdle:
      if (c.done) idle_waiters_.push_back(c.done);
      break;
    case Kind::Quit:
      if (c.done) c.done->set_value();
      return false;
  }
  return true;
}

void Trainer::keep_good_copy() {
  // On the host, so that it survives the backend (a lost device) as well as a diverging step.
  if (auto s = session_.download_state()) good_ = std::move(*s);
}

void Trainer::do_step() {
  auto r = session_.step(opt_.train_batch);
  if (!r) {
    running_ = false;
    pending_steps_ = 0;
    work_.status = TrainerStatus::Error;
    work_.message = r.error().to_string();
    // A device that failed (out of memory, lost) may hold broken weights: the last good copy is on the
    // host, and the CPU can carry on from it.
    if (&session_.backend() != &nn::cpu_backend()) {
      work_.can_continue_on_cpu = true;
      work_.message = "the " + std::string(session_.backend().name()) + " device failed at step " +
                      std::to_string(session_.steps_done()) + ": " + r.error().what +
                      "\nHINT: continue on the CPU (Training panel: Continue on CPU) from step " +
                      std::to_string(good_.step) + ", the last good weights";
    }
    return;
  }
  if (r->diverged) {
    const uint64_t at = session_.steps_done();
    (void)session_.restore_state(good_);  // an upload of what was downloaded from the same backend
    running_ = false;
    pending_steps_ = 0;
    work_.status = TrainerStatus::Diverged;
    work_.message = "training diverged at step " + std::to_string(at) + " (loss " + std::to_string(r->loss) +
                    ", gradient norm " + std::to_string(r->grad_norm) + ", learning rate " + std::to_string(r->lr) +
                    "): paused, weights restored to step " + std::to_string(good_.step) +
                    ".\nHINT: lower the learning rate, then press Start";
    return;
  }
  const uint64_t s = session_.steps_done();
  work_.step = s;
  work_.last_loss = r->loss;
  work_.grad_norm = r->grad_norm;
  work_.lr = r->lr;
  train_hist_.push(work_.train_loss, LossPoint{s, r->loss}, opt_.history_cap);
  rate_tokens_ += static_cast<uint64_t>(session_.config().B) * session_.config().T;
  const double dt = now_s() - rate_t0_;
  if (dt > 0.2) {  // a rate over a fraction of a second is noise
    work_.tokens_per_second = rate_tokens_ / dt;
    rate_t0_ = now_s();
    rate_tokens_ = 0;
  }
  if (opt_.good_copy_every > 0 && s % opt_.good_copy_every == 0) keep_good_copy();
  if (opt_.eval_every > 0 && s % opt_.eval_every == 0) evaluate();
}

void Trainer::evaluate() {
  auto v = evaluate_validation(session_, opt_.val_batch, opt_.val_batches, opt_.train_batch, session_.steps_done(),
                               opt_.groups);
  if (!v) return;
  if (v->groups) {
    work_.groups = *v->groups;
    work_.has_groups = true;
    work_.groups_step = session_.steps_done();
    group_hist_.push(work_.group_history, GroupPoint{work_.groups_step, work_.groups}, opt_.history_cap);
  }
  if (v->loss) {
    work_.last_val_loss = static_cast<float>(*v->loss);
    val_hist_.push(work_.val_loss, LossPoint{session_.steps_done(), static_cast<float>(*v->loss)}, opt_.history_cap);
  }
  if (wanted(kInspectEmbedding, now_s())) push_spectrum();
}

void Trainer::clear_histories() {
  work_.last_val_loss.reset();
  train_hist_.clear(work_.train_loss);
  val_hist_.clear(work_.val_loss);
  group_hist_.clear(work_.group_history);
  spectrum_hist_.clear(work_.spectrum_history);
  work_.embedding_view.reset();
  work_.attention_view.reset();
}

void Trainer::publish(bool force) {
  const double t = now_s();
  if (!force && last_publish_s_ >= 0 && t - last_publish_s_ < 1.0 / std::max(1.0, opt_.max_publish_hz)) return;
  last_publish_s_ = t;
  // The probe, scored now: per-position losses and the distribution at one position.
  const int n = static_cast<int>(opt_.probe.size());
  const bool llada = session_.config().objective == Objective::Llada;
  const int len = llada ? n : n - 1;  // AR predicts probe[i+1] from probe[..i]
  if (len >= 1) {
    std::vector<int32_t> in(opt_.probe.begin(), opt_.probe.begin() + len);
    std::vector<int32_t> tg(len);
    for (int i = 0; i < len; ++i) tg[i] = llada ? opt_.probe[i] : opt_.probe[i + 1];
    work_.probe_losses.assign(len, 0.0f);
    // Each mask seed is its own sequence number: the same seed always shows the same masks.
    auto loss = session_.evaluate(in.data(), tg.data(), 1, len, kProbeSeq + work_.probe_mask_seed, work_.probe_losses.data(),
                                  llada ? std::clamp(work_.probe_t, 1e-3f, 1.0f) : 0.0f);
    // The one logit row shown, downloaded below once the position is known.
    if (loss) {
      const PreparedBatch& pb = session_.last_batch();
      work_.probe_tokens = opt_.probe;
      work_.probe_inputs = pb.inputs;
      work_.probe_masked = pb.masked;
      const int V = session_.model().vocab();
      // LLaDA: the first masked position (the model predicts masked tokens); else the last one.
      int pos = len - 1;
      if (opt_.probe_position >= 0 && opt_.probe_position < len) {
        pos = opt_.probe_position;
      } else if (llada) {
        const auto first = std::find(pb.masked.begin(), pb.masked.end(), uint8_t{1});
        if (first != pb.masked.end() && first - pb.masked.begin() < len) pos = static_cast<int>(first - pb.masked.begin());
      }
      work_.probe_position = pos;
      work_.probe_target = tg[pos];
      work_.probe_position_masked = llada && static_cast<size_t>(pos) < pb.masked.size() && pb.masked[pos] != 0;
      // A fresh row each time: a reader holding the previous snapshot keeps its own.
      auto row = std::make_shared<std::vector<float>>(V);
      work_.probe_top.clear();
      if (session_.model().download_logits(row->data(), static_cast<size_t>(pos), 1)) {
        work_.probe_logits = row;
        std::vector<float> probs(V);
        // Non-finite logits (a diverging step) leave the top list empty; the divergence message says why.
        if (softmax(std::span<const float>(*row), std::max(1e-4f, work_.temperature), probs))
          for (const auto& e : gen::top_entries(probs, opt_.probe_top))
            work_.probe_top.push_back({e.token, (*row)[e.token], e.prob});
      }
      publish_inspection(pos, tg[pos], t);
    }
  }
  work_.step = session_.steps_done();
  work_.serial++;
  auto snap = std::make_shared<const Snapshot>(work_);
  {
    std::lock_guard lk(snap_mu_);
    snap_ = std::move(snap);
  }
}

}  // namespace llada::train
