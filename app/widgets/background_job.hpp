// A job on a worker thread that the UI polls every frame: progress, Cancel, and a result or an error
// handed over once. The window never waits for it, except when a new job replaces a running one (the
// old one is cancelled first; core's loaders check the flag at least every ~1 MB, so that is prompt).
// A job whose work cannot stop at once (a model's setup: a cl100k model took 3.8 s) is held by a
// unique_ptr and handed to end_in_background instead, which cancels it and lets it end on a thread of
// its own.
//
//   BackgroundJob<Thing> job;
//   job.start([](BackgroundJob<Thing>::Control& c) -> Result<Thing> { ...c.progress = 0.5f; if (c.cancel) ... });
//   if (auto r = job.take()) { r->has_value() ? use(**r) : show(r->error()); }   // once, when finished
#pragma once

#include <atomic>
#include <functional>
#include <exception>
#include <future>
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

  BackgroundJob() = default;
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;
  ~BackgroundJob() { stop(); }

  void start(std::function<Result<T>(Control&)> fn) {
    stop();
    ctl_.progress = 0;
    ctl_.cancel = false;
    running_ = true;
    worker_ = std::thread([this, fn = std::move(fn)] {
      lower_this_thread_priority();  // the window's frames come first (core/util/thread_priority.hpp)
      // Out of memory (or any exception) in a job is its error, shown by the window, never an abort.
      auto guarded = [&]() -> Result<T> {
        try {
          return fn(ctl_);
        } catch (const std::bad_alloc&) {
          return fail("out of memory", "choose a smaller model, vocabulary or text; close other programs");
        } catch (const std::exception& e) {
          return fail(std::string("unexpected error: ") + e.what(), "this is a bug; please report what you did");
        }
      };
      Result<T> r = guarded();
      std::lock_guard lock(m_);
      result_.emplace(std::move(r));
      running_ = false;
    });
  }

  bool running() const { return running_; }
  float progress() const { return ctl_.progress; }
  void cancel() { ctl_.cancel = true; }

  // The outcome of a finished job, once; nullopt while running or when already taken.
  std::optional<Result<T>> take() {
    if (running_ || !worker_.joinable()) return std::nullopt;
    worker_.join();
    std::lock_guard lock(m_);
    std::optional<Result<T>> r = std::move(result_);
    result_.reset();
    return r;
  }

  // Cancels a running job and waits for it; its outcome is dropped.
  void stop() {
    ctl_.cancel = true;
    if (worker_.joinable()) worker_.join();
    std::lock_guard lock(m_);
    result_.reset();
  }

 private:
  Control ctl_;
  std::atomic<bool> running_{false};
  std::thread worker_;
  std::mutex m_;
  std::optional<Result<T>> result_;
};

// Ends `job` without waiting for it: cancelled, then joined and its outcome dropped (a built model
// with it) on a thread of its own. Wait for the future before anything the job's function refers to
// goes away.
template <class T>
std::future<void> end_in_background(std::unique_ptr<BackgroundJob<T>> job) {
  if (!job) return {};
  job->cancel();
  return std::async(std::launch::async, [j = std::move(job)]() mutable { j.reset(); });
}

}  // namespace llada::app::widgets
