// A bar chart over consecutive integers (k = first … first+n−1), drawn with ImDrawList: one series of
// filled bars (e.g. an exact pmf) and optionally a second one drawn over it as outlined, translucent
// bars (e.g. a simulated histogram), vertical markers (mean, ± sd), hover highlight.
// Returns the index of the hovered bar (−1 when none) so the caller writes its own tooltip with the
// exact values it knows.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "app/widgets/plot_frame.hpp"

namespace llada::app::widgets {

struct BarMarker {
  double x;           // in bar units (k), may be fractional
  std::string label;  // written at the top, may be empty
  bool dashed = false;
  ImU32 color = colors::marker;
};

struct BarChart {
  const char* id = "##bars";
  ImVec2 size{0, 0};                 // see begin_frame
  int first = 0;                     // k of bar 0
  std::span<const double> bars;      // (n) heights, filled
  std::span<const double> overlay;   // (n) or empty: heights, outlined over the bars
  double y_max = 0;                  // 0: fitted_top(bars, overlay)
  ImU32 bar_color = colors::exact;
  ImU32 overlay_color = colors::simulated;
  std::vector<BarMarker> markers;
};

int bar_chart(const BarChart& c);

// The y axis' top: 1.08 × the tallest bar, raised in steps of 8 % while the tallest overlay bar comes
// within 2 % of it. A simulated histogram growing over an exact pmf then rescales the chart (every bar
// moves: the whole chart redrawn) only when its noise reaches over the exact bars' headroom, not each
// time its tallest bar changes. Overlay alone: 1.08 × its tallest; nothing: 1.
inline double fitted_top(std::span<const double> bars, std::span<const double> overlay) {
  double top = 0, over = 0;
  for (double v : bars) top = std::max(top, v);
  for (double v : overlay) over = std::max(over, v);
  double ymax = top * 1.08;
  if (!(ymax > 0)) return over > 0 ? over * 1.08 : 1.0;
  while (std::isfinite(over) && over > ymax / 1.02) ymax *= 1.08;  // a little room above the tallest overlay bar too
  return ymax;
}

// Where an overlay bar from pixel row `top` down to `bottom` is cut in two: a whole pixel, fixed while
// the top moves within 32-pixel steps, leaving the top piece 16 to 48 pixels; `top` itself (one piece)
// when the bar is shorter than 48 pixels. Both pieces together cover each pixel the bar covers, once.
inline float bar_split(float top, float bottom) {
  constexpr float kStep = 32;  // px: the bottom piece's height moves in these steps
  if (!(bottom - top >= 1.5f * kStep)) return top;
  return std::floor(bottom - kStep * std::floor((bottom - top) / kStep - 0.5f));
}

}  // namespace llada::app::widgets
