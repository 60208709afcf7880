#include "app/widgets/token_chips.hpp"

#include <algorithm>

#include "app/widgets/plot_frame.hpp"

namespace llada::app::widgets {

ImU32 loss_colour(double nll) {
  const float x = float(std::clamp(nll / 4.0, 0.0, 1.0));
  const float r = x < 0.5f ? 2 * x : 1.0f, gr = x < 0.5f ? 1.0f : 2 * (1 - x);
  return IM_COL32(int(40 + 170 * r), int(40 + 140 * gr), 50, 255);
}

int token_chips(const char* id, std::span<const Chip> chips) {
  ImGui::PushID(id);
  const ImGuiStyle& st = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  const ImVec2 pad(0.5f * fs, 0.3f * fs);
  const bool any_below = std::any_of(chips.begin(), chips.end(), [](const Chip& c) { return !c.below.empty(); });
  const float chip_h = fs + 2 * pad.y;
  const float row_h = chip_h + (any_below ? fs : 0.0f);
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int hovered = -1;

  for (size_t i = 0; i < chips.size(); ++i) {
    const Chip& c = chips[i];
    const char* label = c.masked ? "[MASK]" : c.text.c_str();
    const float w_text = ImGui::CalcTextSize(label).x;
    const float w_below = c.below.empty() ? 0.0f : ImGui::CalcTextSize(c.below.c_str()).x;
    const float w = std::max(w_text, w_below) + 2 * pad.x;
    if (i > 0) {
      ImGui::SameLine(0, st.ItemSpacing.x * 0.75f);
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();  // wrap
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(int(i));
    ImGui::InvisibleButton("chip", ImVec2(w, row_h));
    ImGui::PopID();
    const bool hov = ImGui::IsItemHovered();
    if (hov) hovered = int(i);
    ImU32 fill = c.fill ? c.fill : (c.masked ? colors::masked : colors::chip);
    const ImVec2 a = p, b(p.x + w, p.y + chip_h);
    dl->AddRectFilled(a, b, fill, 0.35f * fs);
    if (hov) dl->AddRect(a, b, IM_COL32(255, 255, 255, 200), 0.35f * fs, 0, 1.5f);
    const ImU32 text_col = c.masked ? IM_COL32(225, 225, 225, 255) : IM_COL32(255, 255, 255, 255);
    dl->AddText(ImVec2(p.x + (w - w_text) * 0.5f, p.y + pad.y), text_col, label);
    if (!c.below.empty())
      dl->AddText(ImVec2(p.x + (w - w_below) * 0.5f, p.y + chip_h), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                  c.below.c_str());
    if (hov && !c.tooltip.empty()) ImGui::SetTooltip("%s", c.tooltip.c_str());
  }
  ImGui::PopID();
  return hovered;
}

}  // namespace llada::app::widgets
