// The main menu bar (File, View, Help) and the message banner under it.
#pragma once

#include "app/state.hpp"

namespace llada::app {

void draw_main_menu(AppState& s);
// Messages (errors in red, notes in the text colour) stacked under the menu bar, each with a close button.
void draw_messages(AppState& s);

}  // namespace llada::app
