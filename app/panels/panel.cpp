#include "app/panels/panel.hpp"

#include <imgui.h>

#include <algorithm>

namespace llada::app {

std::vector<Panel>& panels() {
  static std::vector<Panel> registry;
  static bool sorted = false;
  if (!sorted && !registry.empty()) {
    // Registration happens during static initialisation, before anyone asks; sort once, after.
    std::stable_sort(registry.begin(), registry.end(), [](auto& a, auto& b) { return a.order < b.order; });
    sorted = true;
  }
  return registry;
}

bool panel_visible(const AppState& s, const Panel& p) {
  auto it = s.settings.panels.find(p.id);
  return it == s.settings.panels.end() ? p.default_visible : it->second;
}

const Panel* find_panel(const std::string& id) {
  for (const auto& p : panels())
    if (p.id == id) return &p;
  return nullptr;
}

void draw_panels(AppState& s, const std::string& solo) {
  // The work area under the menu bar. On the very first frame ImGui has not yet subtracted the menu
  // bar from WorkPos (it does so from the next frame), so subtract it here: first-run windows must not
  // hide the menu.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float top = std::max(vp->WorkPos.y, vp->Pos.y + ImGui::GetFrameHeight());
  const ImVec2 work_pos(vp->WorkPos.x, top), work_size(vp->WorkSize.x, vp->WorkSize.y - (top - vp->WorkPos.y));
  for (const auto& p : panels()) {
    if (!p.draw) continue;
    if (!solo.empty()) {
      if (p.id != solo) continue;
      ImGui::SetNextWindowPos(work_pos, ImGuiCond_Always);
      ImGui::SetNextWindowSize(work_size, ImGuiCond_Always);
      bool& open = *s.open_flag(p.id);
      open = true;  // a solo panel is always drawn, whatever the settings say
    } else {
      if (!panel_visible(s, p)) continue;
      s.settings.panels.try_emplace(p.id, p.default_visible);
      Panel::Rect r = p.home;
      if (r.w <= 0 || r.h <= 0) r = {0.1f, 0.1f, 0.5f, 0.5f};  // no home given: a modest window
      ImGui::SetNextWindowPos(ImVec2(work_pos.x + r.x * work_size.x, work_pos.y + r.y * work_size.y),
                              ImGuiCond_FirstUseEver);
      ImGui::SetNextWindowSize(ImVec2(r.w * work_size.x, r.h * work_size.y), ImGuiCond_FirstUseEver);
    }
    p.draw(s);
  }
}

}  // namespace llada::app
