// Classroom mode's keys (app/classroom_keys.hpp), as the window's loop carries them out: outside the mode
// only F11 does something (enters it); in it → / Page Down step forward, ← / Page Up step back (except
// while a text field has the keyboard), F11 and Esc leave; and the loop asks about every key that acts.
#include <doctest/doctest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>

#include "app/classroom_keys.hpp"

using namespace llada::app;

namespace {
bool watched(int key, bool repeat) {
  const auto keys = classroom_keys();
  return std::any_of(keys.begin(), keys.end(), [&](const ClassroomKey& k) { return k.key == key && k.repeat == repeat; });
}
}  // namespace

TEST_CASE("classroom keys: arrows and Page Up / Page Down step, F11 and Esc leave, in the mode") {
  for (bool typing : {false, true}) {
    CAPTURE(typing);
    const ClassroomAction next = typing ? ClassroomAction::None : ClassroomAction::Next;
    const ClassroomAction back = typing ? ClassroomAction::None : ClassroomAction::Back;
    CHECK(classroom_key_action(GLFW_KEY_RIGHT, true, typing) == next);
    CHECK(classroom_key_action(GLFW_KEY_PAGE_DOWN, true, typing) == next);
    CHECK(classroom_key_action(GLFW_KEY_LEFT, true, typing) == back);
    CHECK(classroom_key_action(GLFW_KEY_PAGE_UP, true, typing) == back);
    CHECK(classroom_key_action(GLFW_KEY_F11, true, typing) == ClassroomAction::Leave);
    CHECK(classroom_key_action(GLFW_KEY_ESCAPE, true, typing) == ClassroomAction::Leave);
  }
  // Keys with other jobs do nothing here: Space plays / pauses training, letters are typed.
  for (int key : {GLFW_KEY_SPACE, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_ENTER, GLFW_KEY_A, GLFW_KEY_F10})
    CHECK(classroom_key_action(key, true, false) == ClassroomAction::None);
}

TEST_CASE("classroom keys: outside the mode F11 enters it and nothing else acts") {
  CHECK(classroom_key_action(GLFW_KEY_F11, false, false) == ClassroomAction::Enter);
  CHECK(classroom_key_action(GLFW_KEY_F11, false, true) == ClassroomAction::Enter);
  for (int key : {GLFW_KEY_RIGHT, GLFW_KEY_LEFT, GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN, GLFW_KEY_ESCAPE, GLFW_KEY_SPACE})
    CHECK(classroom_key_action(key, false, false) == ClassroomAction::None);
}

TEST_CASE("classroom keys: the loop asks about each acting key, stepping keys repeating when held") {
  for (int key : {GLFW_KEY_RIGHT, GLFW_KEY_LEFT, GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN}) CHECK(watched(key, true));
  // F11 and Esc act once per press: a held F11 must not flip the mode on and off every frame.
  CHECK(watched(GLFW_KEY_F11, false));
  CHECK(watched(GLFW_KEY_ESCAPE, false));
  // Every key with an action is watched, and every watched key has one.
  for (int key = GLFW_KEY_SPACE; key <= GLFW_KEY_LAST; ++key) {
    const bool acts = classroom_key_action(key, true, false) != ClassroomAction::None ||
                      classroom_key_action(key, false, false) != ClassroomAction::None;
    CAPTURE(key);
    CHECK(acts == (watched(key, true) || watched(key, false)));
  }
}
