#include "app/lab_session.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <thread>
#include <utility>

#include "app/i18n/i18n.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/util/log.hpp"

namespace llada::app {

const char* slot_name(SlotId id) { return id == SlotId::Gpt ? "GPT" : "LLaDA"; }

std::shared_ptr<const train::Snapshot> TrainerSlot::snapshot() const {
  return live_ && live_->trainer ? live_->trainer->snapshot() : nullptr;
}

std::shared_ptr<const Tokenizer> TrainerSlot::tokenizer() const { return live_ ? live_->data->tok : nullptr; }

void TrainerSlot::build(const train::RunOptions& options, bool start_when_ready, int steps_when_ready) {
  train::RunOptions o = options;
  if (!o.backend) o.backend = backend_;
  pending_ = o;
  start_pending_ = start_when_ready;
  checkpoint_pending_.clear();
  checkpoint_loading_.clear();
  steps_pending_ = steps_when_ready;
  build_outstanding_ = true;
  error_.clear();
  // A build still running is retired, not waited for (opening a scene while a cl100k model was being set
  // up took the window 3.8 s): it ends on its own thread, its model dropped there.
  job_.start([o](widgets::BackgroundJob<std::unique_ptr<Live>>::Control& c) -> Result<std::unique_ptr<Live>> {
    // The tokenizer from the window's shared cache (GPT-2 and cl100k load once per process).
    widgets::TokenizerChoice tc = widgets::get_tokenizer(o.tokenizer);
    while (tc.loading) {
      if (c.cancel) return fail("cancelled", "");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      tc = widgets::get_tokenizer(o.tokenizer);
    }
    if (!tc.ready) return fail("cannot use tokenizer '" + o.tokenizer + "': " + tc.error, "choose another tokenizer (byte needs no download)");
    auto live = std::make_unique<Live>();
    live->options = o;
    auto data = train::load_train_data(tc.tok, o.corpus, o.B, o.T, o.stride, o.seed, 100,
                                       {[&c](double f) { c.progress = static_cast<float>(f * 0.9); }, &c.cancel});
    if (!data) return std::unexpected(data.error());
    live->data = std::move(*data);
    auto cfg = train::make_train_config(o, *live->data->tok);
    if (!cfg) return std::unexpected(cfg.error());
    live->config = *cfg;
    train::TrainerOptions to = train::trainer_options(*live->data, *cfg, o.eval_every);
    // The trainer's thread yields to the window: the first batch a thread asks for lowers that thread's
    // priority (on Linux nice is per thread, and who = 0 means the calling thread), so on a busy machine
    // the frames stay smooth and training takes what is left. Per thread, not per trainer: without a
    // validation split, Trainer::create's step-0 evaluation asks for a batch on this build job's thread
    // first, and a shared flag then left the trainer's own thread at normal priority.
    to.train_batch = [inner = std::move(to.train_batch)](uint64_t i, int B, int T, int32_t* in, int32_t* tg) {
      thread_local bool lowered = false;
      if (!lowered) lowered = true, (void)setpriority(PRIO_PROCESS, 0, 10);
      inner(i, B, T, in, tg);
    };
    auto tr = train::Trainer::create(std::move(to));
    if (!tr) return std::unexpected(tr.error());
    live->trainer = std::move(*tr);
    c.progress = 1.0f;
    return live;
  });
}

bool TrainerSlot::settled() const {
  if (build_outstanding_ || !checkpoint_loading_.empty()) return false;
  auto snap = snapshot();
  if (!snap) return true;
  return snap->step >= settle_step_ || snap->status == train::TrainerStatus::Diverged ||
         snap->status == train::TrainerStatus::Error;
}

void TrainerSlot::clear() {
  job_.stop();  // the retired builds too
  build_outstanding_ = false;
  live_.reset();
  for (auto& f : retiring_trainers_) f.wait();
  retiring_trainers_.clear();
}

void TrainerSlot::retire(std::unique_ptr<Live> old) {
  if (!old) return;
  const uint64_t seen = old->trainer && old->trainer.get() == saves_of_ ? saves_failed_seen_ : 0;
  saves_of_ = nullptr, saves_failed_seen_ = 0;
  retiring_trainers_.push_back(std::async(std::launch::async, [o = std::move(old), seen]() mutable {
    RetiredSaves r;
    if (o->trainer) {
      o->trainer->finish();  // its queued save is written; the snapshot is final
      auto snap = o->trainer->snapshot();
      if (snap->saves_failed > seen) r = {snap->saves_failed - seen, snap->save_error};
    }
    o.reset();
    return r;
  }));
}

void TrainerSlot::report_failed_saves(AppState& s, uint64_t failed, const std::string& error) {
  s.failed_writes += int(failed);
  char head[160];
  std::snprintf(head, sizeof head, tr("%s checkpoint not saved: "), slot_name(id_));
  s.error(head + tr_message(error));
  log_line(std::string(slot_name(id_)) + " checkpoint not saved: " + error);
}

bool TrainerSlot::saving() const {
  const train::Trainer* tr = trainer();
  if (tr && tr->snapshot()->saves_done < tr->saves_asked()) return true;
  return std::ranges::any_of(retiring_trainers_, [](const std::future<RetiredSaves>& f) {
    return f.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  });
}

void TrainerSlot::poll(AppState& s) {
  // The load's outcome is out: "loaded checkpoint 'PATH' …" or its error (a fresh trainer has no message).
  if (!checkpoint_loading_.empty())
    if (auto snap = snapshot(); snap && !snap->message.empty()) checkpoint_loading_.clear();
  // A save that failed on the trainer's thread is said where every error is, not only in the Training
  // panel (which may be closed), and fails a scripted run.
  if (const train::Trainer* t = trainer()) {
    if (t != saves_of_) saves_of_ = t, saves_failed_seen_ = 0;
    auto snap = t->snapshot();
    if (snap->saves_failed > saves_failed_seen_) {
      report_failed_saves(s, snap->saves_failed - saves_failed_seen_, snap->save_error);
      saves_failed_seen_ = snap->saves_failed;
    }
  }
  // …and so is one that failed on a trainer replaced since (a model rebuilt while its save was queued).
  std::erase_if(retiring_trainers_, [&](std::future<RetiredSaves>& f) {
    if (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    if (RetiredSaves r = f.get(); r.failed > 0) report_failed_saves(s, r.failed, r.error);
    return true;
  });
  auto r = job_.take();
  if (!r) return;
  build_outstanding_ = false;
  if (!r->has_value()) {
    if (r->error().what == "cancelled") return;
    error_ = r->error().to_string();
    s.error(std::string(slot_name(id_)) + " model not built: " + error_);
    return;
  }
  retire(std::exchange(live_, std::move(**r)));  // the old trainer (if any) ends on its own thread
  if (!checkpoint_pending_.empty()) live_->trainer->load(checkpoint_pending_);  // queued before any step
  checkpoint_loading_ = std::move(checkpoint_pending_);
  checkpoint_pending_.clear();
  if (start_pending_) live_->trainer->start();
  else if (steps_pending_ > 0) live_->trainer->step(steps_pending_);
  settle_step_ = steps_pending_ > 0 ? uint64_t(steps_pending_) : 0;
  start_pending_ = false;
  steps_pending_ = 0;
}

LabSession& lab_session(AppState& s) {
  if (!s.lab) {
    s.lab = std::make_shared<LabSession>();
    s.lab->gpt.set_backend(s.backend);
    s.lab->llada.set_backend(s.backend);
  }
  if (s.lab_polled_at != s.now) {
    s.lab_polled_at = s.now;
    s.lab->gpt.poll(s);
    s.lab->llada.poll(s);
  }
  return *s.lab;
}

void autostart_training(AppState& s, const std::vector<std::string>& models, int steps, const std::string& tokenizer) {
  LabSession& lab = lab_session(s);
  for (const std::string& m : models) {
    train::RunOptions o;
    o.model = m;
    o.tokenizer = tokenizer;
    o.corpus = "sample";
    o.eval_every = 10;
    if (m != "zero-layer") o.T = 16, o.d = 64, o.layers = 2, o.heads = 2, o.lr = 3e-3f;
    if (!train::known_model(m)) {
      s.error("--train: unknown model '" + m + "'\nHINT: use zero-layer, gpt or llada");
      continue;
    }
    lab.slot_for_model(m).build(o, steps <= 0, steps);
  }
}

bool saves_in_progress(AppState& s) {
  LabSession& lab = lab_session(s);
  return lab.gpt.saving() || lab.llada.saving();
}

bool training_settled(AppState& s) {
  LabSession& lab = lab_session(s);
  return lab.gpt.settled() && lab.llada.settled();
}

}  // namespace llada::app
