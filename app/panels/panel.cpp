#include "app/panels/panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <map>
#include <set>

namespace llada::app {

namespace {
std::set<std::string>& homeward() {
  static std::set<std::string> ids;
  return ids;
}
}  // namespace

void send_panel_home(const std::string& id) { homeward().insert(id); }

namespace {
std::vector<void (*)()>& releases() {
  static std::vector<void (*)()> fns;
  return fns;
}
}  // namespace

RegisterRelease::RegisterRelease(void (*release)()) { releases().push_back(release); }

void release_panels() {
  for (auto f : releases()) f();
}

std::vector<Panel>& panels() {
  static std::vector<Panel> registry;
  static size_t sorted_size = 0;
  // Registration (static initialisation) goes through here too, so "sort once on first use" sorted
  // only the first panel registered and left the rest in link order: sort whenever panels were added.
  if (registry.size() != sorted_size) {
    std::stable_sort(registry.begin(), registry.end(), [](auto& a, auto& b) { return a.order < b.order; });
    sorted_size = registry.size();
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

namespace {
std::map<std::string, Panel::Rect>& placements() {  // UI thread only
  static std::map<std::string, Panel::Rect> m;
  return m;
}
}  // namespace

void place_panel(AppState& s, const std::string& id, Panel::Rect r) {
  *s.open_flag(id) = true;
  placements()[id] = r;
}

Panel::Rect tile_rect(int i, int n) {
  if (n <= 0 || i < 0 || i >= n) return {0, 0, 1, 1};
  const int rows = n <= 3 ? 1 : n <= 6 ? 2 : 3;
  const int cols = (n + rows - 1) / rows;
  const int row = i / cols, col = i % cols;
  const int in_row = row == rows - 1 ? n - cols * (rows - 1) : cols;  // the last row may be shorter
  const float w = 1.0f / float(in_row), h = 1.0f / float(rows);
  return {float(col) * w, float(row) * h, w, h};
}

void draw_panels(AppState& s, const std::string& solo) {
  // The work area under the menu bar. On the very first frame ImGui has not yet subtracted the menu
  // bar from WorkPos (it does so from the next frame), so subtract it here: first-run windows must not
  // hide the menu.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float top = std::max(vp->WorkPos.y, vp->Pos.y + ImGui::GetFrameHeight());
  const ImVec2 work_pos(vp->WorkPos.x, top), work_size(vp->WorkSize.x, vp->WorkSize.y - (top - vp->WorkPos.y));
  // View > Arrange shown panels side by side: this frame, every shown panel goes to its tile.
  std::vector<const Panel*> shown;
  for (const auto& p : panels())
    if (p.draw && panel_visible(s, p)) shown.push_back(&p);
  const bool tile = s.tile_requested && solo.empty();
  s.tile_requested = false;
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
      const ImGuiCond home_cond = homeward().erase(p.id) ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
      ImGui::SetNextWindowPos(ImVec2(work_pos.x + r.x * work_size.x, work_pos.y + r.y * work_size.y), home_cond);
      ImGui::SetNextWindowSize(ImVec2(r.w * work_size.x, r.h * work_size.y), home_cond);
      if (auto it = placements().find(p.id); it != placements().end()) {
        const Panel::Rect t = it->second;
        ImGui::SetNextWindowPos(ImVec2(work_pos.x + t.x * work_size.x, work_pos.y + t.y * work_size.y), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(t.w * work_size.x, t.h * work_size.y), ImGuiCond_Always);
        ImGui::SetNextWindowCollapsed(false, ImGuiCond_Always);
        ImGui::SetNextWindowFocus();
        placements().erase(it);
      }
      if (tile) {
        const int i = int(std::find(shown.begin(), shown.end(), &p) - shown.begin());
        const Panel::Rect t = tile_rect(i, int(shown.size()));
        ImGui::SetNextWindowPos(ImVec2(work_pos.x + t.x * work_size.x, work_pos.y + t.y * work_size.y), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(t.w * work_size.x, t.h * work_size.y), ImGuiCond_Always);
        ImGui::SetNextWindowCollapsed(false, ImGuiCond_Always);
      }
    }
    p.draw(s);
  }
}

}  // namespace llada::app
