// Fonts for the window: a text font that renders Vietnamese (Noto Sans, else DejaVu Sans, else ImGui's
// built-in font, with one log line saying which), and a monospace font for numbers and formulas.
//
// The UI scale rebuilds the atlas at the new pixel size instead of stretching it (FontGlobalScale
// blurs text on a projector), and scales the style's paddings and roundings from a saved base style.
#pragma once

#include <string>

struct ImFont;

namespace llada::app {

struct Fonts {
  ImFont* text = nullptr;  // the default font (io.Fonts->Fonts[0])
  ImFont* mono = nullptr;  // numbers and formulas; == text when no monospace font was found
  std::string text_path;   // the file used, or "" for ImGui's built-in font
  float scale = 1.0f;
};

// The fonts currently loaded, for panels that want the monospace one.
const Fonts& fonts();

// (Re)builds the font atlas and the style at `scale`. Before the GL backend exists (first call) only the
// atlas is built; afterwards the backend's font texture is recreated too. Logs once which font it took.
void apply_ui_scale(float scale);

}  // namespace llada::app
