// The window's worker jobs (app/widgets/background_job.hpp, header-only and GUI-free, so it is tested
// here): the outcome is handed over once, cancel reaches the worker, and a new job replaces a running
// one. Run under ThreadSanitizer with the suite 'threads'.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "app/widgets/background_job.hpp"

using namespace llada;
using llada::app::widgets::BackgroundJob;

namespace {

// Polls like the window does once a frame; bounded by a count (about two minutes of polls: generous on a
// loaded machine, where the job may wait long for a core), not by a time.
template <class T>
std::optional<Result<T>> poll_until_done(BackgroundJob<T>& job) {
  for (int i = 0; i < 1200000; ++i) {
    if (auto r = job.take()) return r;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("a background job hands its result over once, with its progress seen from the polling thread" *
          doctest::test_suite("threads")) {
  BackgroundJob<int> job;
  std::atomic<bool> go{false};
  job.start([&](BackgroundJob<int>::Control& c) -> Result<int> {
    c.progress = 0.5f;
    while (!go.load()) std::this_thread::yield();
    return 42;
  });
  for (int i = 0; i < 1200000 && job.progress() < 0.5f; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  CHECK(job.progress() == 0.5f);
  CHECK(job.running());
  CHECK_FALSE(job.take());  // nothing while it runs
  go = true;
  auto r = poll_until_done(job);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK(**r == 42);
  CHECK_FALSE(job.take());  // once only
}

TEST_CASE("cancel reaches a running job, and a new job replaces a running one" * doctest::test_suite("threads")) {
  BackgroundJob<int> job;
  auto wait_for_cancel = [](BackgroundJob<int>::Control& c) -> Result<int> {
    while (!c.cancel.load()) std::this_thread::yield();
    return fail("cancelled", "");
  };
  job.start(wait_for_cancel);
  job.cancel();
  auto r = poll_until_done(job);
  REQUIRE(r);
  CHECK_FALSE(r->has_value());
  // start() cancels the running job: its outcome is dropped, the new one arrives.
  job.start(wait_for_cancel);
  job.start([](BackgroundJob<int>::Control&) -> Result<int> { return 7; });
  r = poll_until_done(job);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK(**r == 7);
}

TEST_CASE("a job that ignores cancel is retired, not waited for: its successor starts and hands over its own outcome" *
          doctest::test_suite("threads")) {
  BackgroundJob<int> job;
  std::atomic<bool> go{false}, old_ran{false};
  // A job in the middle of a long product (a V = 100 277 GEMM) that checks nothing.
  job.start([&](BackgroundJob<int>::Control& c) -> Result<int> {
    c.progress = 0.25f;
    while (!go.load()) std::this_thread::yield();
    old_ran = true;
    return 1;
  });
  for (int i = 0; i < 1200000 && job.progress() < 0.25f; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  // With a join inside start() this would never return (go is set only below).
  job.start([](BackgroundJob<int>::Control& c) -> Result<int> {
    c.progress = 0.5f;
    return 2;
  });
  CHECK(job.retired_running() == 1);
  auto r = poll_until_done(job);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK(**r == 2);  // the successor's, never the retired job's 1
  CHECK(job.progress() == 0.5f);
  CHECK_FALSE(old_ran.load());
  go = true;
  for (int i = 0; i < 1200000 && job.retired_running() > 0; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  CHECK(job.retired_running() == 0);
  CHECK(old_ran.load());
  CHECK_FALSE(job.take());  // the retired job's outcome was dropped in its own state
  // discard() retires without waiting too; stop() waits for everything.
  go = false;
  job.start([&](BackgroundJob<int>::Control&) -> Result<int> {
    while (!go.load()) std::this_thread::yield();
    return 3;
  });
  job.discard();
  CHECK_FALSE(job.running());
  go = true;
  job.stop();
  CHECK(job.retired_running() == 0);
  CHECK_FALSE(job.take());
}

TEST_CASE("a job replaced while it runs is cancelled at once and not waited for; its outcome is freed on its thread" *
          doctest::test_suite("threads")) {
  BackgroundJob<std::shared_ptr<int>> job;
  std::atomic<bool> seen_cancel{false}, go{false};
  std::weak_ptr<int> made;
  std::mutex made_mu;
  job.start([&](BackgroundJob<std::shared_ptr<int>>::Control& c) -> Result<std::shared_ptr<int>> {
    while (!c.cancel.load()) std::this_thread::yield();
    seen_cancel = true;
    while (!go.load()) std::this_thread::yield();  // work that does not stop at once (a model's setup)
    auto p = std::make_shared<int>(7);
    std::lock_guard lock(made_mu);
    made = p;
    return p;
  });
  job.start([](BackgroundJob<std::shared_ptr<int>>::Control&) -> Result<std::shared_ptr<int>> { return nullptr; });
  // The caller is back while the old job still runs: it did not wait (with a join it would never return).
  for (int i = 0; i < 1200000 && !seen_cancel.load(); ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  CHECK(seen_cancel.load());
  CHECK(job.retired_running() == 1);
  go = true;
  for (int i = 0; i < 1200000 && job.retired_running() > 0; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  REQUIRE(job.retired_running() == 0);
  std::lock_guard lock(made_mu);
  CHECK(made.expired());  // the outcome was made, and dropped with the retired job
  auto r = poll_until_done(job);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK(**r == nullptr);  // the successor's outcome
}
