// The state the window shares between its panels, the menu and the main loop.
//
// Panels are functions of this state (ImGui's "the UI is rebuilt every frame"): what a panel must keep
// between frames lives in its own file-local struct, what several parts share lives here. Later issues
// add a trainer handle (snapshots to read, a command queue to push into) next to `settings`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/settings.hpp"
#include "core/nn/backend.hpp"

namespace llada::app {

// A message for the person at the screen: shown as a banner under the menu bar until dismissed.
struct Message {
  enum class Kind { Info, Error };
  Kind kind = Kind::Info;
  std::string text;  // what happened, and (for errors) "HINT: what to do" on its own line
};

struct LabSession;  // app/lab_session.hpp

struct AppState {
  Settings settings;            // persisted in settings.json (panel visibility, UI scale, key/values)
  std::string config_dir;       // where settings.json and imgui.ini live
  std::string device_summary;   // "device: CPU (…)" — the probe's one line
  const nn::Backend* backend = nullptr;  // where the live models compute (--device); nullptr: the CPU
  std::vector<Message> messages;
  int failed_writes = 0;  // files a worker could not write (a checkpoint save): a scripted run then exits 1
  // The live trainers (GPT and LLaDA slots): get them with lab_session(s) from app/lab_session.hpp.
  std::shared_ptr<LabSession> lab;
  double lab_polled_at = -1;  // s.now of the frame that last polled the session

  // A PNG of the window or of a rectangle of it (a plot), written by the main loop after rendering a
  // later frame (two frames on, so the menu or popup that asked for it has closed and is not in it).
  struct Capture {
    std::string path;            // empty: no request
    float x = 0, y = 0, w = 0, h = 0;  // in window coordinates; w or h = 0: the whole window
    int frames_to_wait = 2;
  };
  Capture capture;
  void request_capture(std::string path, float x = 0, float y = 0, float w = 0, float h = 0) {
    capture = Capture{std::move(path), x, y, w, h, 2};
  }

  // Requests from the UI, carried out by the main loop between frames.
  bool quit_requested = false;
  float pending_ui_scale = 0;      // > 0: rebuild fonts and style at this scale before the next frame
  bool tile_requested = false;     // View > Arrange shown panels side by side (done by draw_panels)
  bool classroom = false;          // classroom mode is on (app/classroom.hpp)
  int classroom_request = -1;      // 1 / 0: enter / leave classroom mode before the next frame (F11, View, Esc)

  // A shown panel is still waiting for what it asked a trainer or a worker for (the model's inside, its
  // projection): a scripted screenshot waits for it as for training, so it shows the panel's figure.
  // Set by the panels as they are built; the main loop clears it before each frame.
  bool panel_waiting = false;

  // Frame time and clock, for time-based animation independent of the frame rate.
  double now = 0;  // seconds since start
  float dt = 0;    // seconds since the previous frame

  // The panel's "shown" flag, for ImGui::Begin's close button (the map node is stable).
  bool* open_flag(const std::string& panel_id) { return &settings.panels[panel_id]; }

  void info(std::string text) { messages.push_back({Message::Kind::Info, std::move(text)}); }
  void error(std::string text) { messages.push_back({Message::Kind::Error, std::move(text)}); }
};

}  // namespace llada::app
