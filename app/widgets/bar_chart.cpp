#include "app/widgets/bar_chart.hpp"

#include <algorithm>
#include <cmath>

namespace llada::app::widgets {

namespace {

ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (ImU32(a) << IM_COL32_A_SHIFT); }

void vline(ImDrawList* dl, float x, float y0, float y1, ImU32 col, bool dashed, float thick) {
  if (!dashed) {
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), col, thick);
    return;
  }
  const float dash = 6.0f * thick;
  for (float y = y0; y < y1; y += 2 * dash) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + dash, y1)), col, thick);
}

}  // namespace

int bar_chart(const BarChart& c) {
  const int n = int(c.bars.size());
  Frame f = begin_frame(c.id, c.size);
  if (n == 0) return -1;
  double ymax = c.y_max;
  if (ymax <= 0) ymax = fitted_top(c.bars, c.overlay);
  Axis x{c.first - 0.5, c.first + n - 0.5, false, f.min.x, f.max.x};
  Axis y{0, ymax, false, f.max.y, f.min.y};
  const float fs = ImGui::GetFontSize();
  // At most one x label per ~4 characters of width, in whole-number steps.
  const int max_x_ticks = std::max(2, int((f.max.x - f.min.x) / (3.5f * fs)));
  draw_axes(f, x, y, 0, 5);
  if (n <= max_x_ticks) {
    for (int i = 0; i < n; ++i) {  // every bar labelled
      const std::string s = tick_label(c.first + i);
      const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
      f.dl->AddText(ImVec2(x.to_px(c.first + i) - ts.x * 0.5f, f.max.y + 0.2f * fs),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), s.c_str());
    }
  } else {
    // Integer ticks only: nice_step of at least 1.
    const double step = std::max(1.0, nice_step(double(n), max_x_ticks));
    for (double v = std::ceil(c.first / step) * step; v <= c.first + n - 1; v += step) {
      const float px = x.to_px(v);
      const std::string s = tick_label(v);
      const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
      f.dl->AddLine(ImVec2(px, f.max.y), ImVec2(px, f.max.y + 0.25f * fs), ImGui::GetColorU32(ImGuiCol_TextDisabled));
      f.dl->AddText(ImVec2(std::clamp(px - ts.x * 0.5f, f.outer_min.x, f.outer_max.x - ts.x), f.max.y + 0.2f * fs),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), s.c_str());
    }
  }

  int hovered = -1;
  if (f.hovered) hovered = std::clamp(int(std::floor(x.from_px(ImGui::GetIO().MousePos.x) + 0.5)) - c.first, 0, n - 1);
  const float bar_w = (f.max.x - f.min.x) / float(n);
  const float gap = bar_w > 6 ? std::min(0.15f * bar_w, 3.0f) : 0.0f;
  f.dl->PushClipRect(f.min, ImVec2(f.max.x, f.max.y + 1), true);
  for (int i = 0; i < n; ++i) {
    const float x0 = f.min.x + i * bar_w + gap * 0.5f, x1 = f.min.x + (i + 1) * bar_w - gap * 0.5f;
    const ImU32 col = i == hovered ? with_alpha(c.bar_color, 255) : with_alpha(c.bar_color, 190);
    f.dl->AddRectFilled(ImVec2(x0, y.to_px(c.bars[i])), ImVec2(std::max(x1, x0 + 1), f.max.y), col);
  }
  if (!c.overlay.empty()) {
    // The overlay as narrower bars inside the main ones: both series stay readable where they agree.
    for (int i = 0; i < n && i < int(c.overlay.size()); ++i) {
      if (c.overlay[i] <= 0) continue;
      const float mid = f.min.x + (i + 0.5f) * bar_w, half = std::max(0.5f, 0.22f * bar_w);
      // In two pieces split at a whole pixel (each pixel's centre in exactly one: the same picture), so
      // that a bar growing by a pixel changes only its top piece's triangles and the window redraws
      // that strip, not the whole bar (app/damage.hpp).
      const ImU32 col = with_alpha(c.overlay_color, i == hovered ? 255 : 225);
      const float top = y.to_px(c.overlay[i]), split = bar_split(top, f.max.y);
      if (split > top) f.dl->AddRectFilled(ImVec2(mid - half, split), ImVec2(mid + half, f.max.y), col);
      f.dl->AddRectFilled(ImVec2(mid - half, top), ImVec2(mid + half, split > top ? split : f.max.y), col);
    }
  }
  for (const auto& m : c.markers) {
    const float px = x.to_px(m.x);
    if (px < f.min.x - 1 || px > f.max.x + 1) continue;
    vline(f.dl, px, f.min.y, f.max.y, m.color, m.dashed, 1.5f);
    if (!m.label.empty()) f.dl->AddText(ImVec2(px + 3, f.min.y), m.color, m.label.c_str());
  }
  if (hovered >= 0) {
    const float x0 = f.min.x + hovered * bar_w, x1 = x0 + bar_w;
    f.dl->AddRect(ImVec2(x0, f.min.y), ImVec2(x1, f.max.y), IM_COL32(255, 255, 255, 90));
  }
  f.dl->PopClipRect();
  return hovered;
}

}  // namespace llada::app::widgets
