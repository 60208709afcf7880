// Where a frame's time goes (--frame-stats): building the UI, rendering, waiting.
//
//   building the UI  ImGui's NewFrame … Render: every panel's draw function, the menus, the lesson
//                    player, the periodic settings save; what the panels compute on the UI thread.
//   rendering        RenderDrawData and the GL drawing panels do while they are built (point clouds,
//                    heatmaps: their shaders or CPU splats, timed by RenderTimer and moved out of "UI");
//                    under --frame-stats the loop finishes the GL work (glFinish) before the swap, so a
//                    software renderer's rasterising counts here rather than in the swap.
//   waiting          glfwPollEvents, the GLFW backend's NewFrame (on X11 it asks the X server for the
//                    window's size, focus and cursor: round trips, which wait for that process to run),
//                    glfwSwapBuffers, a screenshot's wait for training, and the part of the 60-frames-a-
//                    second cap's sleep beyond what it asked for (a loaded machine wakes the thread late:
//                    the next frame comes late as surely as if the frame were slow).
//
// A frame's time is the three together: the interval between two frames less the sleep the cap asked for
// (kept apart as `slept`, so the frames and their sleeps add up to the wall-clock time of the run). The
// clock is std::chrono::steady_clock, read a handful of times a frame.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/util/result.hpp"

namespace llada::app {

enum class Phase { Ui, Render, Wait };
inline constexpr int kPhases = 3;
const char* phase_name(Phase p);  // "building the UI", "rendering", "waiting"

struct FrameTimes {
  double at_s = 0;                    // when the frame began, seconds since the FrameClock was made
  double ms[kPhases] = {0, 0, 0};     // per Phase
  double slept_ms = 0;                // after the frame: the sleep the frame-rate cap asked for
  bool drawn = true;                  // false: the picture had not changed and was not drawn again (redraw.hpp)
  double total() const { return ms[0] + ms[1] + ms[2]; }
  double& operator[](Phase p) { return ms[int(p)]; }
  double operator[](Phase p) const { return ms[int(p)]; }
};

// The frames' stopwatch: begin(), then mark(p) after each stretch (the time since the previous mark goes
// to p; what RenderTimers measured since then goes to Render when p is Ui), optionally slept(ms) after a
// sleep that asked for ms, then end().
class FrameClock {
 public:
  using clock = std::chrono::steady_clock;
  FrameClock() : origin_(clock::now()) {}
  void begin();
  void mark(Phase p);
  void slept(double asked_ms);  // the sleep since the last mark: up to asked_ms is slept, the rest waiting
  void set_drawn(bool drawn) { t_.drawn = drawn; }
  FrameTimes end() const { return t_; }

 private:
  clock::time_point origin_, last_{};
  bool started_ = false;
  FrameTimes t_;
};

// Times GL drawing done while the UI is built (a widget's render into a texture): the time goes to
// rendering, not to building the UI; and the frame must be drawn, its picture changed. UI thread only.
class RenderTimer {
 public:
  RenderTimer() : t0_(std::chrono::steady_clock::now()) {}
  ~RenderTimer();
  RenderTimer(const RenderTimer&) = delete;
  RenderTimer& operator=(const RenderTimer&) = delete;

 private:
  std::chrono::steady_clock::time_point t0_;
};

// Did a RenderTimer run since the last call? (a texture of this frame has new pixels)
bool take_textures_drawn();

// The report printed at exit: the frames' and each phase's median / p99 / worst and total, the frames'
// and the cap's sleeps' total beside the wall-clock time they span (nothing unaccounted), and the frames
// that began after warmup_s: their spread, and those slower than slow_ms by the phase that took most of
// each; how many frames were drawn, and the spread of those alone. The first frame (atlases, shaders) is
// reported apart.
std::string frame_stats_report(std::vector<FrameTimes> frames, double slow_ms = 50, double warmup_s = 1);

// --sweep PANEL.NAME[=LO:HI]: a number parameter of the registry (app/params.hpp) moved every frame from
// LO to HI and back, as a person dragging its slider would (frame times while a panel recomputes).
struct Sweep {
  std::string panel, name;
  double lo = 0, hi = 0;  // within the parameter's range; the parameter's whole range when not given
  bool integer = false;
  static constexpr int kPeriod = 120;  // frames from LO to HI and back: two seconds at 60 frames a second
};
// An error names what is wrong (no such parameter, not a number parameter, LO:HI outside its range).
Result<Sweep> parse_sweep(const std::string& text);
// Sets the value of frame n (a triangle wave over kPeriod frames).
Result<void> apply_sweep(const Sweep& s, int frame);

}  // namespace llada::app
