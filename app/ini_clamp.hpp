// Window places read from imgui.ini, brought back onto the screen before the first frame: a panel saved
// off-screen (a larger monitor, a projector unplugged, a hand edit) would otherwise stay where no one
// can see or drag it, on every launch.
#pragma once

#include <string>

#include "core/util/result.hpp"

namespace llada::app {

// For every window place ImGui has loaded (call after LoadIniSettingsFromDisk, before the first
// NewFrame): the size is cut to the screen (w × h, screen units), and the position moved so the whole
// window lies on it. Returns how many places were changed.
int clamp_saved_windows_to_screen(int w, int h);

// Writes imgui.ini ourselves, through write_file_atomic, when ImGui asks (io.WantSaveIniSettings, with
// io.IniFilename null) or when `force` (at exit): ImGui's own writes are unchecked, and a full disk left
// an empty imgui.ini behind, the layout lost without a word.
Result<void> save_window_layout(const std::string& path, bool force);

}  // namespace llada::app
