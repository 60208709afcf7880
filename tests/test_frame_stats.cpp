// The window's frame statistics (app/frame_stats.hpp): the split of a frame into building the UI,
// rendering and waiting, the report --frame-stats prints, and --sweep's dragged parameter.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "app/frame_stats.hpp"
#include "app/params.hpp"

using namespace llada::app;

namespace {
FrameTimes frame(double at_s, double ui, double render, double wait, double slept = 0) {
  FrameTimes f;
  f.at_s = at_s;
  f[Phase::Ui] = ui, f[Phase::Render] = render, f[Phase::Wait] = wait;
  f.slept_ms = slept;
  return f;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

float swept = 1;
int swept_n = 0;
bool swept_b = false;
RegisterParams reg{"test_sweep", {Param::real("x", &swept, 0.5, 4.5, "a float"),
                                  Param::integer("n", &swept_n, 0, 12, "an int"),
                                  Param::flag("b", &swept_b, "not a number")}};
}  // namespace

TEST_CASE("frame stats: each phase's spread and total, and the frames and sleeps cover the time they span") {
  // 100 frames of 10 ms (4 UI + 5 render + 1 wait) each followed by a 6.67 ms sleep, 60 a second; one
  // slow frame at 2 s spent in rendering; the first frame (200 ms) is left out.
  std::vector<FrameTimes> frames{frame(0, 150, 40, 10)};
  double at = 0.2;
  for (int i = 0; i < 100; ++i) {
    const bool slow = i == 90;
    frames.push_back(frame(at, 4, slow ? 80 : 5, 1, 6.67));
    frames.back().drawn = i % 20 != 0;  // 5 frames whose picture had not changed
    at += (frames.back().total() + 6.67) / 1000;
  }
  const std::string r = frame_stats_report(frames);
  CHECK(has(r, "frame time over 100 frames (first frame 200.0 ms, not included): median 10.00 ms"));
  CHECK(has(r, "worst 85.00 ms"));
  CHECK(has(r, "building the UI: median 4.00 ms, p99 4.00 ms, worst 4.00 ms, total 400.0 ms"));
  CHECK(has(r, "rendering:       median 5.00 ms, p99 5.00 ms, worst 80.00 ms, total 575.0 ms"));
  CHECK(has(r, "waiting:         median 1.00 ms, p99 1.00 ms, worst 1.00 ms, total 100.0 ms"));
  // 1075 ms of frames and 667 ms of sleep span 1742 ms from the first counted frame's start.
  CHECK(has(r, "the three phases add up to 1075.0 ms; with 667.0 ms slept by the frame-rate cap, 1742.0 ms of the 1742.0 ms"));
  CHECK(has(r, "frames drawn: 95 of 100 (the others' picture had not changed): median 10.00 ms, p99 10.00 ms, worst 85.00 ms"));
  // Frames from 1 s on: the slow one is counted, with rendering as where its time went.
  CHECK(has(r, "1 over 50 ms (most of the time in building the UI: 0, rendering: 1, waiting: 0)"));
}

TEST_CASE("frame stats: slow frames in the first second are not counted, and none slow says so plainly") {
  std::vector<FrameTimes> frames{frame(0, 100, 0, 0), frame(0.5, 60, 0, 1), frame(1.5, 5, 1, 1)};
  const std::string r = frame_stats_report(frames);
  CHECK(has(r, "after the first second: 1 frames"));
  CHECK(has(r, "0 over 50 ms\n"));
  CHECK(frame_stats_report({}).empty());
}

TEST_CASE("frame clock: marks split the time, GL drawing inside the UI counts as rendering") {
  FrameClock clock;
  clock.begin();
  std::this_thread::sleep_for(std::chrono::milliseconds(4));
  clock.mark(Phase::Wait);
  {
    const RenderTimer gl;  // a widget drawing into its texture while the UI is built
    std::this_thread::sleep_for(std::chrono::milliseconds(6));
  }
  clock.mark(Phase::Ui);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  clock.slept(2);  // asked for 2 ms, took 5: 3 ms of waiting
  const FrameTimes f = clock.end();
  CHECK(f[Phase::Wait] >= 4 + 3 - 0.01);
  CHECK(f[Phase::Render] >= 6);
  CHECK(f[Phase::Ui] >= 0);  // the bookkeeping around the timer only
  CHECK(f.slept_ms == doctest::Approx(2));
}

TEST_CASE("sweep: a number parameter moves from LO to HI and back every period") {
  auto s = parse_sweep("test_sweep.x");
  REQUIRE(s);
  CHECK(s->lo == 0.5);
  CHECK(s->hi == 4.5);
  REQUIRE(apply_sweep(*s, 0));
  CHECK(swept == 0.5f);
  REQUIRE(apply_sweep(*s, Sweep::kPeriod / 2));
  CHECK(swept == 4.5f);
  REQUIRE(apply_sweep(*s, Sweep::kPeriod / 4));
  CHECK(swept == doctest::Approx(2.5));
  REQUIRE(apply_sweep(*s, Sweep::kPeriod));  // back at LO
  CHECK(swept == 0.5f);

  auto n = parse_sweep("test_sweep.n=2:10");
  REQUIRE(n);
  REQUIRE(apply_sweep(*n, Sweep::kPeriod / 2));
  CHECK(swept_n == 10);
  REQUIRE(apply_sweep(*n, Sweep::kPeriod / 4));
  CHECK(swept_n == 6);
}

TEST_CASE("sweep: a bad parameter or range is refused with what to do") {
  CHECK(!parse_sweep("nodot"));
  CHECK(!parse_sweep("test_sweep.nothere"));
  auto flag = parse_sweep("test_sweep.b");
  REQUIRE(!flag);
  CHECK(flag.error().to_string().find("not a number") != std::string::npos);
  CHECK(!parse_sweep("test_sweep.x=0:1"));    // 0 is below the range
  CHECK(!parse_sweep("test_sweep.x=3:1"));    // LO > HI
  CHECK(!parse_sweep("test_sweep.x=1"));      // no HI
  CHECK(!parse_sweep("test_sweep.x=1:2junk"));
  CHECK(parse_sweep("test_sweep.x=1:2"));
}
