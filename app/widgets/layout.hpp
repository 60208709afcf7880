// Small layout helpers for rows that must stay readable at any UI scale.
#pragma once

#include <imgui.h>

namespace llada::app::widgets {

// ImGui::SameLine() when an item `width` wide still fits on the current line, else a new line: for
// buttons, keys and formula terms at the end of a row that a large UI scale would push past the
// panel's edge (ImGui's own text wrapping may break a number after its decimal point). `spacing` < 0:
// the style's item spacing.
inline void same_line_if_fits(float width, float spacing = -1.0f) {
  ImGui::SameLine(0.0f, spacing);
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// The width of a control `width` wide with its label beside it (sliders, inputs), and of a checkbox or
// radio button with its label: for same_line_if_fits and ClassroomRow::show.
inline float labeled_width(float width, const char* label) {
  return width + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}
inline float check_width(const char* label) { return labeled_width(ImGui::GetFrameHeight(), label); }

}  // namespace llada::app::widgets
