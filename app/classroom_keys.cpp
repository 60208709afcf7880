#include "app/classroom_keys.hpp"

#ifndef GLFW_INCLUDE_NONE
#define GLFW_INCLUDE_NONE
#endif
#include <GLFW/glfw3.h>  // key codes only

#include <array>

namespace llada::app {

ClassroomAction classroom_key_action(int key, bool in_classroom, bool typing) {
  if (!in_classroom) return key == GLFW_KEY_F11 ? ClassroomAction::Enter : ClassroomAction::None;
  switch (key) {
    case GLFW_KEY_F11:
    case GLFW_KEY_ESCAPE: return ClassroomAction::Leave;
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_PAGE_DOWN: return typing ? ClassroomAction::None : ClassroomAction::Next;
    case GLFW_KEY_LEFT:
    case GLFW_KEY_PAGE_UP: return typing ? ClassroomAction::None : ClassroomAction::Back;
    default: return ClassroomAction::None;
  }
}

std::span<const ClassroomKey> classroom_keys() {
  static constexpr std::array<ClassroomKey, 6> keys{{{GLFW_KEY_RIGHT, true},
                                                     {GLFW_KEY_PAGE_DOWN, true},
                                                     {GLFW_KEY_LEFT, true},
                                                     {GLFW_KEY_PAGE_UP, true},
                                                     {GLFW_KEY_F11, false},
                                                     {GLFW_KEY_ESCAPE, false}}};
  return keys;
}

}  // namespace llada::app
