// Writing what the window shows to a PNG (--screenshot, File > Save screenshot, and later "export plot").
#pragma once

#include <string>

#include "core/util/result.hpp"

namespace llada::app {

// Reads the current GL read buffer (call after rendering, before swapping: the back buffer) in the
// rectangle (x, y, w, h) of framebuffer pixels, y counted from the top, and writes it as an RGB PNG.
Result<void> write_framebuffer_png(const std::string& path, int x, int y, int w, int h, int fb_height);

}  // namespace llada::app
