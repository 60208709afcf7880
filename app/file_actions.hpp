// Entries of the File menu, registered by the file that owns them (like panels, shortcuts and
// subcommands), e.g. a panel's "Export … (CSV)":
//
//   static void export_losses(llada::app::AppState& s) { ... }
//   static llada::app::RegisterFileAction act{{"Export training losses (CSV)", export_losses}};
#pragma once

#include <string>
#include <vector>

#include "app/state.hpp"

namespace llada::app {

struct FileAction {
  std::string label;
  void (*run)(AppState&) = nullptr;
};

std::vector<FileAction>& file_actions();

struct RegisterFileAction {
  explicit RegisterFileAction(FileAction a) { file_actions().push_back(std::move(a)); }
};

}  // namespace llada::app
