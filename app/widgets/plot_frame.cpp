#include "app/widgets/plot_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace llada::app::widgets {

double nice_step(double range, int max_ticks) {
  if (!(range > 0) || max_ticks < 1) return 1;
  const double raw = range / max_ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

void steady_range(double& lo, double& hi, bool log_scale) {
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || (log_scale && !(lo > 0))) return;
  double a = log_scale ? std::log10(lo) : lo, b = log_scale ? std::log10(hi) : hi;
  const double step = nice_step(b - a, 20);
  // A value a rounding error off a multiple stays on it (log10(1000) is 2.9999999999999996).
  a = std::floor(a / step + 1e-9) * step, b = std::ceil(b / step - 1e-9) * step;
  if (!log_scale) {
    lo = a, hi = b;
    return;
  }
  // Never across a power of ten the range did not reach: ticks() would trade its 1-2-5 ticks for them.
  const double below = std::pow(10.0, std::floor(std::log10(lo) + 1e-9));
  const double above = std::pow(10.0, std::ceil(std::log10(hi) - 1e-9));
  lo = std::max(std::pow(10.0, a), lo >= below * (1 + 1e-9) ? below * (1 + 1e-6) : below);
  hi = std::min(std::pow(10.0, b), hi <= above * (1 - 1e-9) ? above * (1 - 1e-6) : above);
}

std::vector<double> ticks(double lo, double hi, int max_ticks, bool log_scale) {
  std::vector<double> out;
  if (!(hi > lo)) return out;
  if (log_scale) {
    const int a = int(std::ceil(std::log10(lo) - 1e-9)), b = int(std::floor(std::log10(hi) + 1e-9));
    if (b > a) {  // two or more powers of ten in range: they are the ticks
      const int every = std::max(1, (b - a + 1 + max_ticks - 1) / std::max(1, max_ticks));
      for (int e = a; e <= b; e += every) out.push_back(std::pow(10.0, e));
      return out;
    }
    // Less than a decade (a loss going from 5.5 to 2.5): 1-2-5 multiples, else linear steps, so the
    // axis is never left without numbers.
    for (int e = a - 1; e <= b; ++e)
      for (double m : {1.0, 2.0, 5.0})
        if (const double v = m * std::pow(10.0, e); v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
    if (out.size() >= 2) return out;
    out.clear();
  }
  const double step = nice_step(hi - lo, max_ticks);
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step)
    out.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
  return out;
}

std::string tick_label(double v) {
  char buf[32];
  const double a = std::abs(v);
  if (v == 0) return "0";
  if (a >= 1e4 && std::fmod(a, 1000) == 0 && a < 1e7) std::snprintf(buf, sizeof buf, "%gk", v / 1000);
  else if (a >= 1e-3 && a < 1e6) std::snprintf(buf, sizeof buf, "%.4g", v);
  else std::snprintf(buf, sizeof buf, "%.0e", v);
  return buf;
}

std::string group_digits(unsigned long long v) {
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u2009";  // thin space
    out += digits[i];
  }
  return out;
}

float Axis::to_px(double v) const {
  double a = lo, b = hi;
  if (log_scale) {
    v = std::log10(std::max(v, 1e-300));
    a = std::log10(lo), b = std::log10(hi);
  }
  const double f = b > a ? (v - a) / (b - a) : 0.5;
  return p0 + float(f) * (p1 - p0);
}

double Axis::from_px(float px) const {
  const double f = p1 != p0 ? (px - p0) / (p1 - p0) : 0.0;
  if (log_scale) return std::pow(10.0, std::log10(lo) + f * (std::log10(hi) - std::log10(lo)));
  return lo + f * (hi - lo);
}

Frame begin_frame(const char* id, ImVec2 size, bool with_x_labels) {
  Frame f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = std::max(100.0f, avail.x + size.x);
  if (size.y <= 0) size.y = 200.0f * ImGui::GetFontSize() / 16.0f;
  f.outer_min = ImGui::GetCursorScreenPos();
  f.outer_max = ImVec2(f.outer_min.x + size.x, f.outer_min.y + size.y);
  ImGui::InvisibleButton(id, size);
  f.hovered = ImGui::IsItemHovered();
  f.dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  f.min = ImVec2(f.outer_min.x + 3.2f * fs, f.outer_min.y + 0.5f * fs);
  f.max = ImVec2(f.outer_max.x - 0.6f * fs, f.outer_max.y - (with_x_labels ? 1.4f * fs : 0.3f * fs));
  f.dl->AddRectFilled(f.outer_min, f.outer_max, IM_COL32(20, 20, 24, 255), 3.0f);
  if (f.hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    f.hovered = m.x >= f.min.x && m.x <= f.max.x && m.y >= f.min.y && m.y <= f.max.y;
  }
  return f;
}

void draw_axes(const Frame& f, const Axis& x, const Axis& y, int max_x_ticks, int max_y_ticks) {
  const float fs = ImGui::GetFontSize();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (double v : ticks(y.lo, y.hi, max_y_ticks, y.log_scale)) {
    const float py = y.to_px(v);
    f.dl->AddLine(ImVec2(f.min.x, py), ImVec2(f.max.x, py), colors::grid);
    const std::string s = tick_label(v);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    f.dl->AddText(ImVec2(f.min.x - ts.x - 0.3f * fs, py - ts.y * 0.5f), text, s.c_str());
  }
  if (max_x_ticks > 0) {
    for (double v : ticks(x.lo, x.hi, max_x_ticks, x.log_scale)) {
      const float px = x.to_px(v);
      f.dl->AddLine(ImVec2(px, f.max.y), ImVec2(px, f.max.y + 0.25f * fs), text);
      const std::string s = tick_label(v);
      const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
      f.dl->AddText(ImVec2(std::clamp(px - ts.x * 0.5f, f.outer_min.x, f.outer_max.x - ts.x), f.max.y + 0.2f * fs),
                    text, s.c_str());
    }
  }
  f.dl->AddLine(ImVec2(f.min.x, f.max.y), ImVec2(f.max.x, f.max.y), text);
  f.dl->AddLine(ImVec2(f.min.x, f.min.y), ImVec2(f.min.x, f.max.y), text);
}

}  // namespace llada::app::widgets
