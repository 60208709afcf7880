#include "app/menu.hpp"

#include <GLFW/glfw3.h>  // key codes: ImGui 1.86's GLFW backend indexes io.KeysDown by them
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <ctime>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/panels/panel.hpp"
#include "app/shortcuts.hpp"

namespace llada::app {

std::vector<Shortcut>& shortcuts() {
  static std::vector<Shortcut> registry;
  return registry;
}

std::vector<FileAction>& file_actions() {
  static std::vector<FileAction> registry;
  return registry;
}

const FileAction* find_file_action(const std::string& name) {
  for (const auto& a : file_actions())
    if ((a.panel.empty() ? a.label : a.panel + "/" + a.label) == name) return &a;
  return nullptr;
}

namespace {

std::string timestamped_png_name() {
  std::time_t now = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "llada-lab-%Y%m%d-%H%M%S.png", std::localtime(&now));
  return buf;
}

// The File menu's entries: top-level ones, then one submenu per panel that exports something, in the
// View menu's order, named after the panel (its entries work whether or not the panel is shown; a PNG
// of a panel that is not on screen says so).
void file_action_items(AppState& s) {
  bool separated = false;
  auto separate = [&] {
    if (!separated) ImGui::Separator();
    separated = true;
  };
  for (const auto& a : file_actions())
    if (a.panel.empty()) {
      separate();
      if (ImGui::MenuItem(tr(a.label.c_str())) && a.run) a.run(s);
    }
  for (const auto& p : panels()) {
    bool any = false;
    for (const auto& a : file_actions()) any = any || a.panel == p.id;
    if (!any) continue;
    separate();
    if (!ImGui::BeginMenu(tr(p.title.c_str()))) continue;
    for (const auto& a : file_actions())
      if (a.panel == p.id && ImGui::MenuItem(tr(a.label.c_str())) && a.run) a.run(s);
    ImGui::EndMenu();
  }
}

void about_popup(bool open_now, const AppState& s) {
  const char* title = window_title("About LLaDA Lab", "about");
  if (open_now) ImGui::OpenPopup(title);
  ImVec2 center = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(tr("LLaDA Lab — masked diffusion and autoregressive language models, trained live."));
    ImGui::Separator();
    ImGui::Text("%s", s.device_summary.c_str());
    ImGui::Text(tr("Settings and layout: %s"), s.config_dir.c_str());
    ImGui::TextUnformatted(tr("Without a window: llada-lab help"));
    ImGui::Text(tr("Dear ImGui %s"), IMGUI_VERSION);
    if (ImGui::Button(tr("Close"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

// View > Language: each language named in itself; the choice applies from the next string drawn and is
// kept in settings.json ("language"), so the next launch opens in it whatever the locale.
void language_menu(AppState& s) {
  if (!ImGui::BeginMenu(tr("Language"))) return;
  for (Lang l : {Lang::en, Lang::vi})
    if (ImGui::MenuItem(language_name(l), nullptr, language() == l)) {
      set_language(l);
      s.settings.set("language", language_code(l));
    }
  ImGui::EndMenu();
}

}  // namespace

void draw_main_menu(AppState& s) {
  bool open_about = false;
  if (ImGui::BeginMainMenuBar()) {
    if (ImGui::BeginMenu(tr("File"))) {
      if (ImGui::MenuItem(tr("Save screenshot (PNG)"), "F12")) s.request_capture(timestamped_png_name());
      file_action_items(s);
      ImGui::Separator();
      if (ImGui::MenuItem(tr("Quit"), "Ctrl+Q")) s.quit_requested = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("View"))) {
      for (const auto& p : panels()) {
        bool shown = panel_visible(s, p);
        if (ImGui::MenuItem(tr(p.title.c_str()), nullptr, &shown)) s.settings.panels[p.id] = shown;
      }
      ImGui::Separator();
      if (ImGui::MenuItem(tr("Arrange shown panels side by side"))) s.tile_requested = true;
      if (ImGui::MenuItem(tr("Classroom mode"), "F11")) s.classroom_request = 1;
      if (ImGui::BeginMenu(tr("UI scale"))) {
        for (float v : {0.75f, 1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f, 3.0f}) {
          char label[16];
          std::snprintf(label, sizeof label, "%.0f %%", v * 100);
          if (ImGui::MenuItem(label, nullptr, std::abs(s.settings.ui_scale - v) < 1e-3f)) s.pending_ui_scale = v;
        }
        ImGui::EndMenu();
      }
      language_menu(s);
      ImGui::EndMenu();
    }
    if (!shortcuts().empty() && ImGui::BeginMenu(tr("Keys"))) {
      for (const auto& k : shortcuts())
        if (ImGui::MenuItem(tr(k.label.c_str()), k.key_name.c_str()) && k.run) k.run(s);
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Help"))) {
      if (ImGui::MenuItem(tr("About"))) open_about = true;
      ImGui::Separator();
      ImGui::TextDisabled("%s", tr("Hover a bar, chip or curve for its exact value."));
      ImGui::TextDisabled("%s", tr("Export PNG / Export CSV under a plot, or File > the panel's name."));
      ImGui::TextDisabled("%s", tr("Without a window: llada-lab help"));
      ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
  }
  about_popup(open_about, s);
  classroom_keys_frame(s);  // F11
  run_shortcuts(s);
}

void run_shortcuts(AppState& s) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) s.quit_requested = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) s.request_capture(timestamped_png_name());
  if (!io.WantTextInput)
    for (const auto& k : shortcuts())
      if (k.run && k.key > 0 && k.ctrl == io.KeyCtrl && ImGui::IsKeyPressed(k.key, false)) k.run(s);
}

void draw_messages(AppState& s) {
  if (s.messages.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + 4), ImGuiCond_Always,
                          ImVec2(0.5f, 0));
  ImGui::SetNextWindowBgAlpha(0.95f);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                           ImGuiWindowFlags_NoNav;
  if (ImGui::Begin("##messages", nullptr, flags)) {
    ImGui::PushTextWrapPos(vp->WorkSize.x * 0.8f);
    for (size_t i = 0; i < s.messages.size();) {
      const Message& m = s.messages[i];
      ImGui::PushID(int(i));
      bool err = m.kind == Message::Kind::Error;
      if (err) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1));
      ImGui::TextUnformatted(err ? tr("Error:") : tr("Note:"));
      ImGui::SameLine();
      ImGui::TextUnformatted(tr_message(m.text).c_str());
      if (err) ImGui::PopStyleColor();
      ImGui::SameLine();
      bool close = ImGui::SmallButton("x");
      ImGui::PopID();
      if (close) s.messages.erase(s.messages.begin() + long(i));
      else ++i;
    }
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

}  // namespace llada::app
