// The window's worker jobs (app/widgets/background_job.hpp, header-only and GUI-free, so it is tested
// here): the outcome is handed over once, cancel reaches the worker, and a new job replaces a running
// one. Run under ThreadSanitizer with the suite 'threads'.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
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
  // start() cancels the running job and waits for it: its outcome is dropped, the new one arrives.
  job.start(wait_for_cancel);
  job.start([](BackgroundJob<int>::Control&) -> Result<int> { return 7; });
  r = poll_until_done(job);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK(**r == 7);
}
