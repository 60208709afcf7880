// Drawing a frame only when its picture changed.
//
// ImGui builds its draw lists afresh every frame, and most frames of a lab that is not being touched
// build the very same ones: the forward process at rest, a paused model's curves, a lesson being read,
// a training curve between two snapshots (published at most 30 times a second, drawn at 60). Rendering
// and swapping such a frame again shows nothing new, yet on a software renderer (llvmpipe under Xvfb,
// a laptop without a GPU driver) it was most of the frame's time and of the process's CPU, which the
// trainers and everyone else on the machine then lacked.
//
// RedrawCheck keeps the last drawn frame's draw data (vertices, indices, commands, display size) and
// says whether this frame's is different. A frame is drawn anyway when a widget drew into one of its
// textures (same texture id, new pixels: app/frame_stats.hpp's RenderTimer counts those), when the
// window asks to be refreshed (exposed, resized), for a screenshot, and at least every `max_age_s`.
//
// While no one touches the window, a changing picture (the trainers' snapshots, up to 30 a second; a
// running simulation) is drawn at most every `calm_interval_s` (30 times a second): the caller says
// whether there was input lately, and with it every change is drawn at once, 60 times a second.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

namespace llada::app {

class RedrawCheck {
 public:
  explicit RedrawCheck(double max_age_s = 1.0, double calm_interval_s = 0.03)
      : max_age_s_(max_age_s), calm_interval_s_(calm_interval_s) {}
  // True when `d` differs from the frame last drawn (and `input`, or the last drawing is calm_interval_s
  // old), `force` is set, or the last drawing is older than max_age_s at `now_s`; the caller then draws
  // it (and this remembers it as the last drawn).
  bool needed(const ImDrawData& d, bool force, bool input, double now_s);
  void forget() { last_.clear(); }  // the next frame is drawn whatever it holds

 private:
  double max_age_s_, calm_interval_s_;
  double drawn_at_s_ = -1e300;
  std::vector<uint8_t> last_, next_;
};

}  // namespace llada::app
