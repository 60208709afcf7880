// Entries of the File menu, registered by the file that owns them (like panels, shortcuts and
// subcommands), e.g. a panel's "Export … (CSV)":
//
//   static void export_losses(llada::app::AppState& s) { ... }
//   static llada::app::RegisterFileAction act{{"Export losses (CSV)", export_losses, "training"}};
//
// The menu groups the entries of each panel in a submenu named after the panel (in the View menu's
// order); `--file-action PANEL/LABEL` runs one from the command line (gui.cpp; tests use it).
#pragma once

#include <string>
#include <vector>

#include "app/state.hpp"

namespace llada::app {

struct FileAction {
  std::string label;
  void (*run)(AppState&) = nullptr;
  std::string panel;  // the id of the panel it exports from (its submenu); empty: at the top level
  // Whether there is something to act on yet (a sweep, a projection, a spectrum that a worker computes);
  // a scripted `--file-action` waits for it, as `--train-steps` waits for training. nullptr: always.
  bool (*ready)(AppState&) = nullptr;
};

std::vector<FileAction>& file_actions();
// The entry named "PANEL/LABEL" (or "LABEL" for a top-level entry), or nullptr.
const FileAction* find_file_action(const std::string& name);

struct RegisterFileAction {
  explicit RegisterFileAction(FileAction a) { file_actions().push_back(std::move(a)); }
};

}  // namespace llada::app
