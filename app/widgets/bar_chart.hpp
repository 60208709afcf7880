// A bar chart over consecutive integers (k = first … first+n−1), drawn with ImDrawList: one series of
// filled bars (e.g. an exact pmf) and optionally a second one drawn over it as outlined, translucent
// bars (e.g. a simulated histogram), vertical markers (mean, ± sd), hover highlight.
// Returns the index of the hovered bar (−1 when none) so the caller writes its own tooltip with the
// exact values it knows.
#pragma once

#include <imgui.h>

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
  double y_max = 0;                  // 0: 1.08 × the largest height of both series
  ImU32 bar_color = colors::exact;
  ImU32 overlay_color = colors::simulated;
  std::vector<BarMarker> markers;
};

int bar_chart(const BarChart& c);

}  // namespace llada::app::widgets
