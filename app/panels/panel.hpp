// Panels of the window. Each lives in its own file under app/panels/ and registers itself, so adding one
// never touches the main loop or the menu:
//
//   static void draw(llada::app::AppState& s) {
//     if (!ImGui::Begin(kTitle, s.open_flag(kId))) { ImGui::End(); return; }
//     ...
//     ImGui::End();
//   }
//   static llada::app::RegisterPanel reg{{"forward", "Forward process", 10, true, {0, 0, 0.5f, 1}, draw}};
//
// The dispatcher (draw_panels) calls `draw` only for shown panels, and before the first Begin of a panel
// that has never been placed it sets the window's position and size from `home` (fractions of the work
// area under the menu bar). After that, imgui.ini remembers where the person put them.
//
// Homes make "pages" of panels that go together and share the screen without overlapping: Forward
// process | Mask counts (the first launch shows only these two), Training | Per-token loss over Rare vs
// common; Tokens, Softmax and Generation take the screen (or its right half) for themselves. A panel
// opened from the View menu goes to its home, over whatever is there; View > Arrange shown panels
// side by side tiles whatever is shown (AppState::tile_requested).
#pragma once

#include <string>
#include <vector>

#include "app/state.hpp"

namespace llada::app {

struct Panel {
  std::string id;          // stable key for settings.json and --panel (lowercase, no spaces)
  std::string title;       // window title; also the ImGui window id, so keep it stable too
  int order = 0;           // position in the View menu
  bool default_visible = true;
  struct Rect { float x = 0, y = 0, w = 0, h = 0; } home;  // first-run place, fractions of the work area
  void (*draw)(AppState&) = nullptr;
};

std::vector<Panel>& panels();  // the registry, sorted by order on first use

struct RegisterPanel {
  explicit RegisterPanel(Panel p) { panels().push_back(std::move(p)); }
};

// Is the panel shown? (settings override the panel's default)
bool panel_visible(const AppState& s, const Panel& p);
const Panel* find_panel(const std::string& id);

// Shows the panel and, on the next frame, moves it to `r` (fractions of the work area) in front of the
// others, whatever imgui.ini remembered: the lesson player puts a step's panel beside the lesson.
void place_panel(AppState& s, const std::string& id, Panel::Rect r);

// State kept across frames that runs jobs or holds model weights (the Generation panel's sources, the
// Decoding and Likelihood jobs) registers a function that stops its jobs and drops the weights; the
// window calls them at shutdown, while main still runs. Left to static destruction, after main, they
// would join threads and free weight buffers after the backends and everything else were gone.
struct RegisterRelease {
  explicit RegisterRelease(void (*release)());
};
void release_panels();

// Draws every shown panel (or only `solo` when non-empty, filling the work area: for --panel NAME).
void draw_panels(AppState& s, const std::string& solo);

// The next draw_panels puts the panel back at its home (classroom mode gives back a panel it opened).
void send_panel_home(const std::string& id);

// Where panel `i` of `n` shown panels goes when they are tiled: columns side by side, in two rows from 4
// panels on (three rows from 7), fractions of the work area. The last row may hold fewer, wider panels.
Panel::Rect tile_rect(int i, int n);

}  // namespace llada::app
