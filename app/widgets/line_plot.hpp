// A line plot of one or more (x, y) series with linear or log axes, drawn with ImDrawList; hover shows
// each series' data point under the mouse, or the value of its line as drawn there. Training curves,
// TV distance against N, losses against t.
#pragma once

#include <imgui.h>

#include <span>
#include <string>
#include <vector>

#include "app/widgets/plot_frame.hpp"

namespace llada::app::widgets {

struct LineSeries {
  std::span<const double> x, y;  // same length; x increasing
  ImU32 color = colors::simulated;
  std::string label;             // in the legend and the tooltip
  bool dots = false;             // mark each point
};

struct LinePlot {
  const char* id = "##lines";
  ImVec2 size{0, 0};
  std::vector<LineSeries> series;
  bool log_x = false, log_y = false;
  // Axis ranges; lo == hi means "fit the data" (log axes fit positive values only).
  double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  std::string x_label, y_label;
  bool legend_left = false;      // legend in the top-left corner (rising curves) instead of top-right
  bool steady = false;           // fitted ranges widened by steady_range (curves that grow while shown)
};

void line_plot(const LinePlot& p);

}  // namespace llada::app::widgets
