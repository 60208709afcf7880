// The main menu bar (File, View, Help) and the message banner under it.
#pragma once

#include "app/state.hpp"

namespace llada::app {

void draw_main_menu(AppState& s);
// The registered keys (Keys menu), Ctrl+Q and F12; draw_main_menu calls it, and classroom mode, which
// has no menu bar, too.
void run_shortcuts(AppState& s);
// Messages (errors in red, notes in the text colour) stacked under the menu bar, each with a close button.
void draw_messages(AppState& s);

}  // namespace llada::app
