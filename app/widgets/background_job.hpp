// A job on a worker thread that the UI polls every frame: progress, Cancel, and a result or an error
// handed over once. The window never waits for it. A new job replaces a running one without waiting
// either: the old one is cancelled and retired (it ends on its own thread and frees its outcome there, a
// built model with it; nothing reaches the successor's state), so a job's function must own what it reads and writes (capture by
// value or shared_ptr); one that writes into its owner (app/panels/reversal_job.cpp) calls stop() first,
// which does wait. The destructor waits for the current and the retired jobs. At most kMaxRetired
// retired jobs run at once; a start beyond that waits for the oldest (each checks its cancel flag).
//
//   BackgroundJob<Thing> job;
//   job.start([](BackgroundJob<Thing>::Control& c) -> Result<Thing> { ...c.progress = 0.5f; if (c.cancel) ... });
//   if (auto r = job.take()) { r->has_value() ? use(**r) : show(r->error()); }   // once, when finished
#pragma once

#include <atomic>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "core/util/result.hpp"
#include "core/util/thread_priority.hpp"

namespace llada::app::widgets {

template <class T>
class BackgroundJob {
 public:
  struct Control {
    std::atomic<float> progress{0};
    std::atomic<bool> cancel{false};
  };
  static constexpr size_t kMaxRetired = 4;

  BackgroundJob() = default;
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;
  ~BackgroundJob() {
    stop();
  }

  // Starts fn on a new worker. A job still running is cancelled and retired (not waited for); a
  // finished one's untaken outcome is dropped.
  void start(std::function<Result<T>(Control&)> fn) {
    retire_current();
    reap_retired();
    while (retired_.size() >= kMaxRetired) {  // a burst of starts: bounded threads and memory
      retired_.front().thread.join();
      retired_.pop_front();
    }
    auto st = std::make_shared<State>();
    st->running = true;
    current_.state = st;
    current_.thread = std::thread([st, fn = std::move(fn)] {
      lower_this_thread_priority();  // the window's frames come first (core/util/thread_priority.hpp)
      // Out of memory (or any exception) in a job is its error, shown by the window, never an abort.
      auto guarded = [&]() -> Result<T> {
        try {
          return fn(st->ctl);
        } catch (const std::bad_alloc&) {
          return fail("out of memory", "choose a smaller model, vocabulary or text; close other programs");
        } catch (const std::exception& e) {
          return fail(std::string("unexpected error: ") + e.what(), "this is a bug; please report what you did");
        }
      };
      Result<T> r = guarded();
      std::lock_guard lock(st->m);
      if (!st->retired) st->result.emplace(std::move(r));  // else r (a built model…) is freed here, not by the UI
      st->running = false;
    });
  }

  bool running() const { return current_.state && current_.state->running; }
  float progress() const { return current_.state ? current_.state->ctl.progress.load() : 0.0f; }
  void cancel() {
    if (current_.state) current_.state->ctl.cancel = true;
  }
  // Jobs replaced while running that have not ended yet (they end by themselves; for tests).
  size_t retired_running() {
    reap_retired();
    return retired_.size();
  }

  // The outcome of a finished job, once; nullopt while running or when already taken.
  std::optional<Result<T>> take() {
    reap_retired();
    if (!current_.state || current_.state->running || !current_.thread.joinable()) return std::nullopt;
    current_.thread.join();
    std::lock_guard lock(current_.state->m);
    std::optional<Result<T>> r = std::move(current_.state->result);
    current_.state->result.reset();
    return r;
  }

  // Cancels the running job without waiting for it (it is retired); its outcome is dropped.
  void discard() { retire_current(); }

  // Cancels the running job and every retired one and waits for them all; outcomes are dropped.
  void stop() {
    retire_current();
    for (auto& w : retired_) w.state->ctl.cancel = true;
    for (auto& w : retired_) w.thread.join();
    retired_.clear();
  }

 private:
  struct State {
    Control ctl;
    std::atomic<bool> running{false};
    std::mutex m;
    std::optional<Result<T>> result;  // guarded by m
    bool retired = false;             // guarded by m: replaced or discarded, its outcome is not wanted
  };
  struct Worker {
    std::shared_ptr<State> state;
    std::thread thread;
  };

  // The current job, cancelled, joins the retired ones (or is joined at once when it has ended).
  void retire_current() {
    if (!current_.state) return;
    current_.state->ctl.cancel = true;
    {
      std::lock_guard lock(current_.state->m);
      current_.state->retired = true;
      current_.state->result.reset();
    }
    if (current_.thread.joinable()) {
      if (current_.state->running) retired_.push_back(std::move(current_));
      else current_.thread.join();
    }
    current_ = Worker{};
  }
  void reap_retired() {
    for (auto it = retired_.begin(); it != retired_.end();) {
      if (it->state->running) {
        ++it;
      } else {
        it->thread.join();  // it has set running = false: its last step
        it = retired_.erase(it);
      }
    }
  }

  Worker current_;
  std::deque<Worker> retired_;
};

}  // namespace llada::app::widgets
