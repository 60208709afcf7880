// Background threads yield the CPU to the window (core/util/thread_priority.hpp): the trainer's worker
// and the panels' jobs run at a higher nice value than the thread that made them, which keeps its own;
// where the window asked for it (set_background_idle), the trainer's worker also in the idle class.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "app/widgets/background_job.hpp"
#include "core/train/trainer.hpp"
#include "core/util/thread_priority.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;

#if defined(__linux__)
TEST_SUITE_BEGIN("threads");

TEST_CASE("lowering a thread's priority touches that thread only, and stops at nice 19") {
  const int base = this_thread_nice();
  REQUIRE(base != -100);
  int lowered = -100, again = -100;
  std::thread([&] {
    lowered = lower_this_thread_priority(10);
    again = lower_this_thread_priority(30);
  }).join();
  CHECK(lowered == std::min(19, base + 10));
  CHECK(again == 19);
  CHECK(this_thread_nice() == base);
}

TEST_CASE("a thread lowered with `idle` runs in the idle class only where the process asked for it") {
  REQUIRE_FALSE(background_idle());  // the command line's default: nice values only
  auto lowered = [](bool idle) {  // {nice, in the idle class} of a new thread lowered by 10 with `idle`
    std::pair<int, bool> r{-100, true};
    std::thread([&] {
      const int nice = lower_this_thread_priority(10, idle);
      r = {nice, this_thread_idle()};
    }).join();
    return r;
  };
  const int base = this_thread_nice();
  const auto not_asked = lowered(true);
  set_background_idle(true);
  const auto asked = lowered(true), job = lowered(false);
  set_background_idle(false);
  CHECK(not_asked == std::pair{std::min(19, base + 10), false});
  CHECK(asked == std::pair{std::min(19, base + 10), true});  // the nice value still applies
  CHECK(job == std::pair{std::min(19, base + 10), false});
  CHECK_FALSE(this_thread_idle());  // the thread that asked keeps its class
}

TEST_CASE("a panel's background job runs below the window's priority") {
  const int base = this_thread_nice();
  app::widgets::BackgroundJob<int> job;
  job.start([](app::widgets::BackgroundJob<int>::Control&) -> Result<int> { return this_thread_nice(); });
  std::optional<Result<int>> r;
  for (int i = 0; i < 1200000 && !(r = job.take()); ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK(**r == std::min(19, base + 10));
  CHECK(this_thread_nice() == base);
}

TEST_CASE("the trainer's steps run below the priority of the thread that made it") {
  const int base = this_thread_nice();
  constexpr int V = 16;
  train::TrainerOptions o = test::cyclic_trainer_options<V>(ModelConfig::zero_layer(V, 8), train::Objective::Autoregressive);
  std::atomic<int> seen{-100};
  o.train_batch = [inner = o.train_batch, &seen](uint64_t i, int B, int T, int32_t* x, int32_t* y) {
    seen = this_thread_nice();
    inner(i, B, T, x, y);
  };
  auto made = train::Trainer::create(o);
  REQUIRE(made);
  (*made)->step(2);
  (*made)->wait_until_idle();
  CHECK(seen.load() == std::min(19, base + o.nice_steps));
  CHECK(this_thread_nice() == base);
}

TEST_CASE("with the window's idle priority, the trainer's steps run in the idle class and a panel's job does not") {
  set_background_idle(true);
  constexpr int V = 16;
  train::TrainerOptions o = test::cyclic_trainer_options<V>(ModelConfig::zero_layer(V, 8), train::Objective::Autoregressive);
  std::atomic<int> step_idle{-1};
  o.train_batch = [inner = o.train_batch, &step_idle](uint64_t i, int B, int T, int32_t* x, int32_t* y) {
    step_idle = this_thread_idle() ? 1 : 0;
    inner(i, B, T, x, y);
  };
  auto made = train::Trainer::create(o);
  app::widgets::BackgroundJob<bool> job;
  job.start([](app::widgets::BackgroundJob<bool>::Control&) -> Result<bool> { return this_thread_idle(); });
  std::optional<Result<bool>> r;
  if (made) {
    (*made)->step(2);
    (*made)->wait_until_idle();
  }
  for (int i = 0; i < 1200000 && !(r = job.take()); ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  set_background_idle(false);  // threads lowered before stay so; later ones do not
  REQUIRE(made);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK_FALSE(**r);
  CHECK(step_idle.load() == 1);
  CHECK_FALSE(this_thread_idle());
}

TEST_SUITE_END();
#endif
