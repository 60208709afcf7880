// Scenes in the window (app/scene_window.hpp).
#include "app/scene_window.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/scene.hpp"
#include "app/widgets/export.hpp"

namespace llada::app {

namespace {

namespace fs = std::filesystem;

struct DialogState {
  bool open_requested = false, save_requested = false;
  std::string path;
  bool with_checkpoints = true;
};
DialogState g;

const char* slot_key(SlotId id) { return id == SlotId::Llada ? "llada" : "gpt"; }

Scene capture(AppState& s, const std::string& path, bool with_checkpoints) {
  Scene sc;
  for (const ParamSet& set : param_sets())
    for (const Param& p : set.params) sc.params[set.panel + "." + p.name] = p.read();
  sc.panels = s.settings.panels;
  sc.ui_scale = s.settings.ui_scale;
  size_t n = 0;
  const char* ini = ImGui::SaveIniSettingsToMemory(&n);
  sc.layout.assign(ini, n);
  LabSession& lab = lab_session(s);
  for (SlotId id : {SlotId::Gpt, SlotId::Llada}) {
    TrainerSlot& slot = lab.slot(id);
    if (!slot.options()) continue;
    SceneModel m;
    m.slot = slot_key(id);
    m.options = *slot.options();
    if (auto snap = slot.snapshot()) m.step = snap->step;
    if (with_checkpoints && slot.trainer()) {
      const std::string ckpt = checkpoint_beside(path, m.slot);
      slot.trainer()->save(ckpt);  // on the trainer's thread; its result shows in the Training panel
      m.checkpoint = fs::path(ckpt).filename().string();
    }
    sc.models.push_back(std::move(m));
  }
  return sc;
}

// Window positions and sizes of the scene's layout for windows that exist already (imgui.ini's text is
// read by ImGui only when a window is first created).
void place_existing_windows(const std::string& layout) {
  std::istringstream in(layout);
  std::string line, name;
  while (std::getline(in, line)) {
    if (line.rfind("[Window][", 0) == 0 && line.size() > 10) {
      name = line.substr(9, line.size() - 10);
    } else if (!name.empty() && line.rfind("Pos=", 0) == 0) {
      float x = 0, y = 0;
      if (std::sscanf(line.c_str() + 4, "%f,%f", &x, &y) == 2) ImGui::SetWindowPos(name.c_str(), ImVec2(x, y));
    } else if (!name.empty() && line.rfind("Size=", 0) == 0) {
      float w = 0, h = 0;
      if (std::sscanf(line.c_str() + 5, "%f,%f", &w, &h) == 2) ImGui::SetWindowSize(name.c_str(), ImVec2(w, h));
    } else if (line.rfind("[", 0) == 0) {
      name.clear();
    }
  }
}

void apply(AppState& s, const SceneRead& r, const std::string& path) {
  std::vector<std::string> problems = r.problems;
  const Scene& sc = r.scene;
  for (const auto& [key, value] : sc.params) {
    auto k = split_param_key(key);
    if (auto ok = k ? set_param(k->first, k->second, value) : Result<void>(std::unexpected(k.error())); !ok)
      problems.push_back(ok.error().what);
  }
  for (const auto& [id, shown] : sc.panels) {
    if (find_panel(id)) s.settings.panels[id] = shown;
    else problems.push_back("panel '" + id + "' does not exist in this version: skipped");
  }
  if (sc.ui_scale > 0) s.pending_ui_scale = sc.ui_scale;
  if (!sc.layout.empty()) {
    ImGui::LoadIniSettingsFromMemory(sc.layout.c_str(), sc.layout.size());
    if (ImGui::GetCurrentContext() && ImGui::GetFrameCount() > 0) place_existing_windows(sc.layout);
  }
  LabSession& lab = lab_session(s);
  for (const SceneModel& m : sc.models) {
    TrainerSlot& slot = lab.slot(m.slot == "llada" ? SlotId::Llada : SlotId::Gpt);
    slot.build(m.options);
    if (!m.checkpoint_path.empty()) slot.load_when_ready(m.checkpoint_path);
  }
  if (problems.empty()) {
    s.info(std::string(tr("Scene opened: ")) + path);
    std::fprintf(stderr, "llada-lab: scene opened: %s\n", path.c_str());
    return;
  }
  std::string text = std::string(tr("Scene opened, except what it could not use: ")) + path;
  for (const auto& p : problems) text += "\n- " + p;
  s.error(text + "\n" + tr("HINT: ") + tr("everything else of the scene is in place; fix or remove the lines named above"));
  std::fprintf(stderr, "llada-lab: %s\n", text.c_str());
}

void save_in_export_folder(AppState& s) { save_scene_file(s, widgets::export_path(s, "scene", "json"), true); }
void ask_open(AppState&) { g.open_requested = true; }
void ask_save(AppState& s) {
  g.save_requested = true;
  if (g.path.empty()) g.path = widgets::export_path(s, "scene", "json");
}

RegisterFileAction open_entry{{tr_noop("Open scene…"), ask_open, ""}};
RegisterFileAction save_entry{{tr_noop("Save scene…"), ask_save, ""}};
RegisterFileAction save_now_entry{{tr_noop("Save scene and checkpoints in the export folder"), save_in_export_folder, ""}};

}  // namespace

bool open_scene_file(AppState& s, const std::string& path) {
  auto r = read_scene(path);
  if (!r) {
    const std::string m = std::string(tr("Scene not opened: ")) + r.error().to_string();
    s.error(std::string(tr("Scene not opened: ")) + tr_message(r.error().to_string()));  // the log keeps English
    std::fprintf(stderr, "llada-lab: %s\n", m.c_str());
    return false;
  }
  apply(s, *r, path);
  return true;
}

bool save_scene_file(AppState& s, const std::string& path, bool with_checkpoints) {
  if (auto ok = write_scene(path, capture(s, path, with_checkpoints)); !ok) {
    s.error(std::string(tr("Scene not saved: ")) + tr_message(ok.error().to_string()));
    return false;
  }
  s.info(std::string(tr("Scene saved: ")) + path);
  return true;
}

void draw_scene_dialogs(AppState& s) {
  const char* open_title = window_title("Open scene", "open_scene");
  const char* save_title = window_title("Save scene", "save_scene");
  if (g.open_requested) ImGui::OpenPopup(open_title), g.open_requested = false;
  if (g.save_requested) ImGui::OpenPopup(save_title), g.save_requested = false;
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(open_title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(32 * fs);
    ImGui::InputTextWithHint("##path", tr("path of a scene file (.json)"), &g.path);
    if (ImGui::Button(tr("Open"))) {
      open_scene_file(s, g.path);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(save_title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(32 * fs);
    ImGui::InputTextWithHint("##path", tr("path of the scene file to write (.json)"), &g.path);
    ImGui::Checkbox(tr("with the models' checkpoints (files beside the scene)"), &g.with_checkpoints);
    if (ImGui::Button(tr("Save"))) {
      save_scene_file(s, g.path, g.with_checkpoints);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace llada::app
