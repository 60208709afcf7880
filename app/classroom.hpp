// Classroom mode: the window as a projector wants it. F11 or View > Classroom mode (and --classroom at
// start) switches it on: full screen, UI scale 2, no menu bar, one step on the screen at a time (the
// current lesson step beside its panel, or without a lesson one shown panel), Left/Right and Page Up/Page
// Down step through (app/classroom_keys.hpp), and a bar at the bottom says so. F11 or Esc leaves it,
// restoring the window, its size and the UI scale; settings.json is not touched (the scale of 2 is the mode's own).
//
// What is on the screen: while a lesson is open (app/lessons/player.hpp), its current step, the Lessons
// panel (the step's text, questions, Back / Next) in a column beside the step's @panel; the keys drive
// the same player. Without an open lesson, the steps are the shown panels in View-menu order. A step
// that sets parameters (@set) folds the panel's other controls away: a panel asks
// classroom_hides(s, kId, "top_k") before drawing a control that is a parameter of its registry.
#pragma once

#include <string>
#include <vector>

#include "app/state.hpp"

struct GLFWwindow;

namespace llada::app {

// Between frames, before NewFrame (and before shutdown): carries out s.classroom_request (full screen
// and scale 2 in; the saved window, scale and panel places out).
void update_classroom(AppState& s, GLFWwindow* window);

// The frame of classroom mode, instead of the menu bar and the panels: the step, its panel, the key bar.
void draw_classroom(AppState& s);

// The classroom keys of this frame (app/classroom_keys.hpp), in the mode and outside it (F11 enters).
void classroom_keys_frame(AppState& s);

// True when classroom mode shows a step that names its parameters and PANEL.NAME is not one of them:
// the panel leaves that control out (folded away) this frame.
bool classroom_hides(const AppState& s, const char* panel, const char* param);

// Controls side by side in a row, any of which classroom mode may fold away: show(name) says whether to
// draw the control PANEL.name and, when one of the row was drawn before it, puts it on the same line
// (when `width`, the control's width with its label, is given: only if it still fits there).
//   ClassroomRow row(s, kId);
//   if (row.show("lr")) ImGui::SliderFloat(...);
//   if (row.show("B")) ImGui::SliderInt(...);  // beside lr, or first on the line when lr is folded
//   row.end();                                 // the next control starts a new line
class ClassroomRow {
 public:
  ClassroomRow(const AppState& s, const char* panel) : s_(s), panel_(panel) {}
  bool show(const char* param, float width = 0);
  void end() { drawn_ = false; }

 private:
  const AppState& s_;
  const char* panel_;
  bool drawn_ = false;
};

// The fallback steps (no lesson open): the shown panels in View order, else every panel; exposed for tests.
std::vector<std::string> classroom_panel_steps(const AppState& s);

}  // namespace llada::app
