// A heatmap of a small matrix (attention maps: T×T probabilities) drawn into a texture, either by the
// GLSL program shaders/heatmap.*.glsl (a float texture through a colour ramp, at the item's pixel size)
// or on the CPU (one RGBA texel per cell, scaled up with nearest filtering) — the faster path on this
// renderer, measured over the first draws (gl_util.hpp's PathChooser, shared by every heatmap).
// Cells with a negative value (hidden: the causal triangle's upper half) are drawn grey.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <span>
#include <vector>

#include "app/widgets/gl_util.hpp"

namespace llada::app::widgets {

// The colour ramp both paths use (dark blue → teal → yellow) for t in [0, 1]; the grey of hidden cells.
ImU32 heat_color(float t);
constexpr ImU32 kHiddenCell = IM_COL32(41, 41, 46, 255);

class Heatmap {
 public:
  Heatmap() = default;
  Heatmap(const Heatmap&) = delete;
  Heatmap& operator=(const Heatmap&) = delete;
  // values (rows, cols) row-major, row 0 at the top; brightest at vmax. Redraws when `version`, the
  // size or the path changes.
  ImTextureID render(std::span<const float> values, int rows, int cols, float vmax, uint64_t version, int w, int h);
  // The CPU path alone: rows×cols RGBA texels.
  static void colorize(std::span<const float> values, float vmax, std::vector<uint32_t>& out);
  static const PathChooser& chooser();

 private:
  Texture tex_;
  std::vector<uint32_t> pixels_;
  uint64_t version_ = ~0ull;
  int w_ = 0, h_ = 0;
  RenderPath path_ = RenderPath::Auto;
};

}  // namespace llada::app::widgets
