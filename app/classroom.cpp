#include "app/classroom.hpp"

#include <GLFW/glfw3.h>  // key codes, full screen
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: the panels' places, kept across the mode

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/classroom_keys.hpp"
#include "app/fonts.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lessons/player.hpp"
#include "app/menu.hpp"
#include "app/panels/panel.hpp"
#include "app/widgets/layout.hpp"
#include "core/util/log.hpp"

namespace llada::app {

namespace {

constexpr float kScale = 2.0f;

struct Placed {
  ImVec2 pos, size;
  bool collapsed = false;
};

struct Step {
  std::string text_panel;           // the column at the left ("" none): the Lessons panel
  std::string panel;                // the step's panel
  std::vector<std::string> params;  // "PANEL.NAME" the step sets; empty: every control stays
  std::string title;                // for the key bar, in the window's language
};

struct ClassroomState {
  int win_x = 0, win_y = 0, win_w = 0, win_h = 0;  // the window before full screen
  std::map<std::string, Placed> placed;             // "###id" -> the panel's place before the mode
  std::string panel;                                // the fallback step: a panel id
  std::vector<std::string> params;                  // the current step's parameters (classroom_hides)
  std::set<std::string> shown, folded;              // what the panels asked this frame: drawn, folded away
  std::string reported;                             // the last "classroom step:" log line
};
ClassroomState g;

// The panels' places, read before the mode moves them (ImGui would save the full-screen ones).
void remember_places() {
  g.placed.clear();
  for (const auto& p : panels()) {
    const std::string name = "###" + p.id;
    if (ImGuiWindow* w = ImGui::FindWindowByName(name.c_str())) g.placed[name] = {w->Pos, w->SizeFull, w->Collapsed};
  }
}

// Panels the mode opened go back to their home in the next frame; and, should no frame follow (the
// program ends in the mode), imgui.ini does not keep their full-screen place.
void restore_places() {
  for (const auto& p : panels())
    if (ImGuiWindow* w = ImGui::FindWindowByName(("###" + p.id).c_str()); w && !g.placed.count("###" + p.id)) {
      send_panel_home(p.id);
      w->Flags |= ImGuiWindowFlags_NoSavedSettings;  // Begin sets the flags anew each frame
    }
  for (const auto& [name, pl] : g.placed) {
    ImGui::SetWindowPos(name.c_str(), pl.pos);
    ImGui::SetWindowSize(name.c_str(), pl.size);
    ImGui::SetWindowCollapsed(name.c_str(), pl.collapsed);
  }
  g.placed.clear();
}

void step_fallback(AppState& s, int delta) {
  const std::vector<std::string> ids = classroom_panel_steps(s);
  if (ids.empty()) return;
  auto it = std::find(ids.begin(), ids.end(), g.panel);
  const int n = int(ids.size()), i = it == ids.end() ? 0 : int(it - ids.begin());
  g.panel = ids[size_t(std::clamp(i + delta, 0, n - 1))];
}

void step(AppState& s, int delta) {
  LessonPlayer& p = lesson_player();
  if (p.step()) delta > 0 ? p.next(s) : p.back(s);
  else step_fallback(s, delta);
}

Step current_step(AppState& s) {
  LessonPlayer& p = lesson_player();
  if (const lesson::Step* ls = p.step()) {
    Step st;
    st.text_panel = LessonPlayer::kPanelId;
    st.panel = ls->panel;
    for (const auto& a : ls->set) {
      const auto [panel, name] = lesson::param_target(a, ls->panel);
      st.params.push_back(panel + "." + name);
    }
    char buf[512];
    std::snprintf(buf, sizeof buf, tr("%s · step %d of %d"), p.lesson()->title.c_str(), p.step_index() + 1,
                  int(p.lesson()->steps.size()));
    st.title = buf;
    return st;
  }
  const std::vector<std::string> ids = classroom_panel_steps(s);
  if (std::find(ids.begin(), ids.end(), g.panel) == ids.end()) g.panel = ids.empty() ? "" : ids.front();
  Step st;
  st.panel = g.panel;
  const auto at = std::find(ids.begin(), ids.end(), g.panel) - ids.begin();
  if (const Panel* p = find_panel(g.panel)) {
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("Panel %d of %d: %s"), int(at) + 1, int(ids.size()), tr(p->title.c_str()));
    st.title = buf;
  }
  return st;
}

// The panel of the step in `area`, always open, whatever its saved visibility (restored after).
void draw_step_panel(AppState& s, const std::string& id, ImVec2 pos, ImVec2 size) {
  const Panel* p = find_panel(id);
  if (!p || !p->draw) return;
  bool& open = *s.open_flag(id);
  const bool was_open = open;
  open = true;
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  ImGui::SetNextWindowCollapsed(false, ImGuiCond_Always);
  p->draw(s);
  const bool closed = !open;  // its close button: leave the mode, as Esc does
  open = was_open;
  if (closed) s.classroom_request = 0;
}

const char* keys_hint() { return tr("← → / Page Up, Page Down: step    F11 / Esc: leave classroom mode"); }

// The bar's height: one line, or two when the step's title and the keys do not fit side by side.
float key_bar_height(const Step& st, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = 2 * (ImGui::GetFrameHeight() + style.ItemSpacing.x);
  const float line = ImGui::CalcTextSize(st.title.c_str()).x + ImGui::CalcTextSize(keys_hint()).x + ImGui::GetFontSize();
  const bool two = buttons + line + 2 * style.WindowPadding.x > width;
  return ImGui::GetFrameHeight() * (two ? 2 : 1) + (two ? style.ItemSpacing.y : 0) + 2 * style.WindowPadding.y;
}

// The bar at the bottom: where we are, and the keys.
void draw_key_bar(AppState& s, const Step& st, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.16f, 0.20f, 0.30f, 1.0f));
  if (ImGui::Begin("##classroom_keys", nullptr, flags)) {
    if (ImGui::Button("◀")) step(s, -1);
    ImGui::SameLine();
    if (ImGui::Button("▶")) step(s, +1);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(st.title.c_str());
    const char* keys = keys_hint();
    const float w = ImGui::CalcTextSize(keys).x, right = ImGui::GetWindowWidth() - w - ImGui::GetStyle().WindowPadding.x;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + ImGui::GetFontSize() > right) {  // no room beside the title: a second line
      ImGui::NewLine();
      ImGui::SetCursorPosX(std::max(right, ImGui::GetStyle().WindowPadding.x));
    } else {
      ImGui::SameLine(right);
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", keys);
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

// One log line each time the controls drawn and folded away change (a step that sets parameters): what
// the class sees, for the one preparing the lesson and for the window tests.
//   llada-lab: classroom step: shows training.B training.lr | folds training.seed training.steps
void report_folding() {
  if (g.shown.empty() && g.folded.empty()) return;
  std::string line = "classroom step: shows";
  for (const auto& k : g.shown) line += " " + k;
  line += " | folds";
  for (const auto& k : g.folded) line += " " + k;
  if (line != g.reported) log_line(line);
  g.reported = std::move(line);
}

}  // namespace

void classroom_keys_frame(AppState& s) {
  const bool typing = ImGui::GetIO().WantTextInput;
  for (const ClassroomKey& k : classroom_keys()) {
    if (!ImGui::IsKeyPressed(k.key, k.repeat)) continue;
    switch (classroom_key_action(k.key, s.classroom, typing)) {
      case ClassroomAction::Next: step(s, +1); break;
      case ClassroomAction::Back: step(s, -1); break;
      case ClassroomAction::Enter: s.classroom_request = 1; break;
      case ClassroomAction::Leave: s.classroom_request = 0; break;
      case ClassroomAction::None: break;
    }
  }
}

bool ClassroomRow::show(const char* param, float width) {
  if (classroom_hides(s_, panel_, param)) return false;
  if (drawn_ && width > 0) widgets::same_line_if_fits(width);
  else if (drawn_) ImGui::SameLine();
  drawn_ = true;
  return true;
}

std::vector<std::string> classroom_panel_steps(const AppState& s) {
  std::vector<std::string> shown, all;
  for (const auto& p : panels()) {
    if (!p.draw) continue;
    all.push_back(p.id);
    if (panel_visible(s, p)) shown.push_back(p.id);
  }
  return shown.empty() ? all : shown;
}

void update_classroom(AppState& s, GLFWwindow* window) {
  if (s.classroom_request < 0) return;
  const bool want = s.classroom_request == 1;
  s.classroom_request = -1;
  if (want == s.classroom) return;
  if (want) {
    remember_places();
    glfwGetWindowPos(window, &g.win_x, &g.win_y);
    glfwGetWindowSize(window, &g.win_w, &g.win_h);
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr)
      glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    apply_ui_scale(kScale);
  } else {
    if (glfwGetWindowMonitor(window)) glfwSetWindowMonitor(window, nullptr, g.win_x, g.win_y, g.win_w, g.win_h, 0);
    apply_ui_scale(s.settings.ui_scale);
    restore_places();
    g.params.clear();
    g.reported.clear();
  }
  s.classroom = want;
}

void draw_classroom(AppState& s) {
  classroom_keys_frame(s);
  run_shortcuts(s);

  const Step st = current_step(s);
  g.params = st.params;
  g.shown.clear(), g.folded.clear();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float bar_h = key_bar_height(st, vp->Size.x);
  const ImVec2 top = vp->Pos;
  const ImVec2 area(vp->Size.x, vp->Size.y - bar_h);
  float panel_x = top.x;
  if (!st.text_panel.empty()) {  // the step's text in a column at the left, its panel beside it
    const float text_w = std::round(area.x * (st.panel.empty() ? 1.0f : LessonPlayer::kLessonRect.w));
    draw_step_panel(s, st.text_panel, top, ImVec2(text_w, area.y));
    panel_x += text_w;
  }
  if (!st.panel.empty() && st.panel != st.text_panel)
    draw_step_panel(s, st.panel, ImVec2(panel_x, top.y), ImVec2(top.x + area.x - panel_x, area.y));
  draw_key_bar(s, st, ImVec2(top.x, top.y + area.y), ImVec2(area.x, bar_h));
  report_folding();
}

bool classroom_hides(const AppState& s, const char* panel, const char* param) {
  if (!s.classroom || g.params.empty()) return false;
  std::string key = std::string(panel) + "." + param;
  const bool hide = std::find(g.params.begin(), g.params.end(), key) == g.params.end();
  (hide ? g.folded : g.shown).insert(std::move(key));
  return hide;
}

}  // namespace llada::app
