// The keys of classroom mode (app/classroom.hpp), apart from drawing so that the tests check them: what a
// key press does, in the mode and outside it. The window's loop asks ImGui about each key of
// classroom_keys() and carries out classroom_key_action's answer.
//   outside the mode  F11: enter it
//   in the mode       → or Page Down: next step;  ← or Page Up: step back (not while a text field has
//                     the keyboard: typing an answer must not turn the page);  F11 or Esc: leave it
#pragma once

#include <span>

namespace llada::app {

enum class ClassroomAction { None, Next, Back, Enter, Leave };

// A GLFW key code pressed; `in_classroom`: the mode is on; `typing`: a text field has the keyboard.
ClassroomAction classroom_key_action(int key, bool in_classroom, bool typing);

struct ClassroomKey {
  int key = 0;          // GLFW key code
  bool repeat = false;  // held down, it acts again (stepping), or once per press (F11, Esc)
};

// Every key that classroom_key_action gives an action to.
std::span<const ClassroomKey> classroom_keys();

}  // namespace llada::app
