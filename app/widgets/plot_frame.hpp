// The shared frame of the plots in app/widgets/: an item rectangle, a plot area inside it with room for
// tick labels, nice tick values, and the value ↔ pixel maps (linear or log10).
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace llada::app::widgets {

// A 1-2-5 step so that (hi − lo) / step is at most max_ticks.
double nice_step(double range, int max_ticks);
// Tick values in [lo, hi]: multiples of a nice step (linear), or powers of ten (log: lo, hi > 0).
std::vector<double> ticks(double lo, double hi, int max_ticks, bool log_scale);
// A fitted axis range widened outward to whole multiples of the 1-2-5 step just above a twentieth of its
// span (of log10 lo … log10 hi on a log axis): a curve growing by a point moves the axis (and with it
// every point drawn: the whole plot redrawn) only when it passes the next multiple, not at each point.
// A log axis is not widened across a power of ten (its ticks would change). Left as it is when hi ≤ lo,
// or lo ≤ 0 on a log axis.
void steady_range(double& lo, double& hi, bool log_scale);
// Short labels: 0.25, 1e-05, 12k, 4096.
std::string tick_label(double v);
// Whole numbers with thin-space thousands separators: 1 000 000 (readable from the back of a room).
std::string group_digits(unsigned long long v);

struct Axis {
  double lo = 0, hi = 1;
  bool log_scale = false;
  float p0 = 0, p1 = 1;  // pixels of lo and hi (for y, p0 is the bottom)
  float to_px(double v) const;
  double from_px(float px) const;
};

// Reserves an item of `size` (x ≤ 0: all the width left; y ≤ 0: 200 px scaled), draws its background,
// and returns the plot area with margins for the labels (left for y ticks, bottom for x ticks).
// `hovered` is set when the mouse is over the plot area.
struct Frame {
  ImVec2 outer_min, outer_max, min, max;
  bool hovered = false;
  ImDrawList* dl = nullptr;
};
Frame begin_frame(const char* id, ImVec2 size, bool with_x_labels = true);

// Grid lines and tick labels along both axes of the frame.
void draw_axes(const Frame& f, const Axis& x, const Axis& y, int max_x_ticks, int max_y_ticks);

// Colours shared by the plots (readable on the dark theme and on a projector).
namespace colors {
constexpr ImU32 exact = IM_COL32(90, 150, 230, 255);       // exact values (pmf bars)
constexpr ImU32 simulated = IM_COL32(255, 160, 60, 255);   // sampled / empirical
constexpr ImU32 marker = IM_COL32(240, 240, 240, 220);
constexpr ImU32 grid = IM_COL32(255, 255, 255, 28);
constexpr ImU32 masked = IM_COL32(110, 110, 118, 255);
constexpr ImU32 chip = IM_COL32(52, 96, 150, 255);
// Several series told apart (one per strategy or estimator): exact, simulated, then green and violet.
constexpr ImU32 series[4] = {exact, simulated, IM_COL32(110, 200, 120, 255), IM_COL32(220, 110, 200, 255)};
}  // namespace colors

}  // namespace llada::app::widgets
