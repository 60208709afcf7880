#include "app/ini_clamp.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the loaded window settings (ImGui has no public API for them)

#include <algorithm>
#include <string_view>

#include "core/util/file.hpp"

namespace llada::app {

int clamp_saved_windows_to_screen(int w, int h) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  int changed = 0;
  for (ImGuiWindowSettings* s = g.SettingsWindows.begin(); s != nullptr; s = g.SettingsWindows.next_chunk(s)) {
    const int sw = std::clamp<int>(s->Size.x, 0, w), sh = std::clamp<int>(s->Size.y, 0, h);
    const int x = std::clamp<int>(s->Pos.x, 0, w - sw), y = std::clamp<int>(s->Pos.y, 0, h - sh);
    if (sw != s->Size.x || sh != s->Size.y || x != s->Pos.x || y != s->Pos.y) ++changed;
    s->Size = ImVec2ih(short(sw), short(sh));
    s->Pos = ImVec2ih(short(x), short(y));
  }
  return changed;
}

Result<void> save_window_layout(const std::string& path, bool force) {
  ImGuiIO& io = ImGui::GetIO();
  if (!force && !io.WantSaveIniSettings) return {};
  io.WantSaveIniSettings = false;
  size_t n = 0;
  const char* text = ImGui::SaveIniSettingsToMemory(&n);
  return write_file_atomic(path, std::string_view(text, n), "window layout file");
}

}  // namespace llada::app
