// Keyboard shortcuts, registered by the file that owns the action (like panels and subcommands):
//
//   static void toggle_training(llada::app::AppState& s) { ... }
//   static llada::app::RegisterShortcut key{{GLFW_KEY_SPACE, false, "Space", "Play / pause training", toggle_training}};
//
// The main menu lists them under "Keys" (clicking an entry does the same as the key), and they fire
// only while no text field has the keyboard, so typing a sentence never starts training.
#pragma once

#include <string>
#include <vector>

#include "app/state.hpp"

namespace llada::app {

struct Shortcut {
  int key = 0;             // GLFW key code (GLFW_KEY_SPACE, GLFW_KEY_S, …)
  bool ctrl = false;       // needs Ctrl held
  std::string key_name;    // as shown in the menu: "Space", "S", "Ctrl+E"
  std::string label;       // what it does
  void (*run)(AppState&) = nullptr;
};

std::vector<Shortcut>& shortcuts();

struct RegisterShortcut {
  explicit RegisterShortcut(Shortcut s) { shortcuts().push_back(std::move(s)); }
};

}  // namespace llada::app
