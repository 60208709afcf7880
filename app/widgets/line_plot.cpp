#include "app/i18n/i18n.hpp"
#include "app/widgets/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace llada::app::widgets {

namespace {

// The range of the finite (and, for log axes, positive) values of all series along one coordinate.
void fit(const std::vector<LineSeries>& ss, bool use_x, bool log_scale, double& lo, double& hi) {
  if (lo != hi) return;
  lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : ss)
    for (double v : use_x ? s.x : s.y)
      if (std::isfinite(v) && (!log_scale || v > 0)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(hi >= lo)) lo = log_scale ? 0.1 : 0, hi = 1;
  if (hi == lo) {
    if (log_scale) lo /= 2, hi *= 2;
    else lo -= 0.5, hi += 0.5;
  } else if (!log_scale && !use_x) {  // a little headroom above and below the curves
    const double pad = 0.05 * (hi - lo);
    lo -= pad, hi += pad;
  }
}

}  // namespace

void line_plot(const LinePlot& p) {
  Frame f = begin_frame(p.id, p.size);
  double xl = p.x_lo, xh = p.x_hi, yl = p.y_lo, yh = p.y_hi;
  fit(p.series, true, p.log_x, xl, xh);
  fit(p.series, false, p.log_y, yl, yh);
  if (p.steady && p.x_lo == p.x_hi) steady_range(xl, xh, p.log_x);
  if (p.steady && p.y_lo == p.y_hi) steady_range(yl, yh, p.log_y);
  Axis x{xl, xh, p.log_x, f.min.x, f.max.x};
  Axis y{yl, yh, p.log_y, f.max.y, f.min.y};
  const float fs = ImGui::GetFontSize();
  draw_axes(f, x, y, std::max(2, int((f.max.x - f.min.x) / (4.5f * fs))), std::max(2, int((f.max.y - f.min.y) / (2.0f * fs))));

  f.dl->PushClipRect(f.min, f.max, true);
  std::vector<ImVec2> pts;
  for (const auto& s : p.series) {
    pts.clear();
    const size_t n = std::min(s.x.size(), s.y.size());
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (p.log_x && s.x[i] <= 0) || (p.log_y && s.y[i] <= 0)) {
        if (pts.size() > 1) f.dl->AddPolyline(pts.data(), int(pts.size()), s.color, 0, 2.0f);
        pts.clear();  // a gap, not a line through a hole
        continue;
      }
      pts.emplace_back(x.to_px(s.x[i]), y.to_px(s.y[i]));
      if (s.dots) f.dl->AddCircleFilled(pts.back(), 2.5f, s.color);
    }
    if (pts.size() > 1) f.dl->AddPolyline(pts.data(), int(pts.size()), s.color, 0, 2.0f);
  }
  f.dl->PopClipRect();

  // Legend (top right, or top left), on a dark box so curves under it do not hide it.
  float legend_w = 0, legend_h = 0;
  for (const auto& s : p.series)
    if (!s.label.empty()) {
      const ImVec2 ts = ImGui::CalcTextSize(s.label.c_str());
      legend_w = std::max(legend_w, ts.x + 1.6f * fs), legend_h += ts.y;
    }
  if (legend_h > 0) {
    const float lx = p.legend_left ? f.min.x + 0.4f * fs : f.max.x - legend_w - 0.4f * fs;
    float ly = f.min.y + 0.2f * fs;
    f.dl->AddRectFilled(ImVec2(lx - 0.2f * fs, ly - 0.1f * fs), ImVec2(lx + legend_w + 0.2f * fs, ly + legend_h + 0.1f * fs),
                        IM_COL32(20, 20, 24, 240), 3.0f);  // near opaque: legible on a projector
    for (const auto& s : p.series) {
      if (s.label.empty()) continue;
      const ImVec2 ts = ImGui::CalcTextSize(s.label.c_str());
      f.dl->AddLine(ImVec2(lx, ly + ts.y * 0.5f), ImVec2(lx + 1.1f * fs, ly + ts.y * 0.5f), s.color, 2.0f);
      f.dl->AddText(ImVec2(lx + 1.6f * fs, ly), ImGui::GetColorU32(ImGuiCol_Text), s.label.c_str());
      ly += ts.y;
    }
  }
  if (!p.y_label.empty())
    f.dl->AddText(ImVec2(f.min.x + 0.3f * fs, f.min.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), p.y_label.c_str());
  if (!p.x_label.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(p.x_label.c_str());
    f.dl->AddText(ImVec2(f.max.x - ts.x, f.max.y - ts.y - 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), p.x_label.c_str());
  }

  if (f.hovered) {
    // For each series: its data point under the mouse (within a few pixels in x), else the value of the
    // line as drawn at the mouse's x (straight segments in screen space, so steps read as steps and
    // log axes as drawn). A vertical marker (one x) shows its x only.
    const float mx = ImGui::GetIO().MousePos.x;
    const float snap_px = 0.4f * fs;
    std::string tip;
    char buf[160];
    for (const auto& s : p.series) {
      const size_t n = std::min(s.x.size(), s.y.size());
      const char* label = s.label.empty() ? tr("value") : s.label.c_str();
      const char* sep = tip.empty() ? "" : "\n";
      size_t best = n;
      float best_d = std::numeric_limits<float>::infinity();
      double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min;
      for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (p.log_x && s.x[i] <= 0) || (p.log_y && s.y[i] <= 0)) continue;
        x_min = std::min(x_min, s.x[i]), x_max = std::max(x_max, s.x[i]);
        const float d = std::abs(x.to_px(s.x[i]) - mx);
        if (d < best_d) best_d = d, best = i;
      }
      if (best == n) continue;
      if (x_min == x_max) {
        std::snprintf(buf, sizeof buf, "%s%s: x = %.6g", sep, label, x_min);
      } else if (best_d <= snap_px) {
        std::snprintf(buf, sizeof buf, "%s%s: x = %.6g, y = %.6g", sep, label, s.x[best], s.y[best]);
        f.dl->AddCircle(ImVec2(x.to_px(s.x[best]), y.to_px(s.y[best])), 4.0f, s.color, 0, 1.5f);
      } else {
        // The last segment that spans the mouse's x (the upper end of a vertical step).
        size_t seg = n;
        for (size_t i = 0; i + 1 < n; ++i) {
          const double a = s.x[i], b = s.x[i + 1];
          if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(s.y[i]) || !std::isfinite(s.y[i + 1])) continue;
          if ((p.log_x && (a <= 0 || b <= 0)) || (p.log_y && (s.y[i] <= 0 || s.y[i + 1] <= 0))) continue;
          const float pa = x.to_px(a), pb = x.to_px(b);
          if (pa <= mx && mx <= pb && pb > pa) seg = i;
        }
        if (seg == n) continue;  // the mouse is beyond this series' ends
        const float pa = x.to_px(s.x[seg]), pb = x.to_px(s.x[seg + 1]);
        const float w = (mx - pa) / (pb - pa);
        const float py = y.to_px(s.y[seg]) + w * (y.to_px(s.y[seg + 1]) - y.to_px(s.y[seg]));
        std::snprintf(buf, sizeof buf, tr("%s%s: x = %.4g, y = %.4g (on the line)"), sep, label, x.from_px(mx), y.from_px(py));
        f.dl->AddCircle(ImVec2(mx, py), 4.0f, s.color, 0, 1.5f);
      }
      tip += buf;
    }
    if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
  }
}

}  // namespace llada::app::widgets
