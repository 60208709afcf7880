// Scenes in the window: File › Save scene… / Open scene… (a small dialog with the file's path), the
// scripted "Save scene in the export folder", and `--open FILE` at start (gui.cpp). Opening applies what
// the file holds — parameters, shown panels, UI scale, layout, models (built on their workers, then their
// checkpoints loaded) — and puts what it could not use in a visible message (app/scene.hpp reads it).
#pragma once

#include <string>

#include "app/state.hpp"

namespace llada::app {

// Reads and applies a scene; false (and an error message) when the file cannot be opened at all.
bool open_scene_file(AppState& s, const std::string& path);
// Writes the window's scene to `path`; with_checkpoints: each built model's checkpoint beside it.
bool save_scene_file(AppState& s, const std::string& path, bool with_checkpoints);
// The Open / Save dialogs, when asked for from the File menu (call once a frame).
void draw_scene_dialogs(AppState& s);

}  // namespace llada::app
