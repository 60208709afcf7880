// Redrawing the window only where its picture changed (app/damage.hpp), on software renderers.
//
// A software renderer (llvmpipe: a laptop or a classroom PC without a GPU driver, a virtual machine,
// Xvfb) spends its frame filling pixels, so there render() redraws only the damaged rectangle of the
// back buffer — cleared there, every command's clip rectangle cut to it exactly as the OpenGL backend
// turns clip rectangles into scissor boxes, so each pixel inside is drawn by the same commands as a whole
// redraw draws it, and each command trimmed to its triangles that reach the box (the renderer sets up
// every triangle of a draw call before the scissor drops it) — and keeps the rest of the last picture.
// That needs a back buffer that still holds the last frame after a swap: Mesa's software path copies
// the back buffer to the window and keeps it, and the first two drawn frames test it (the second reads
// back what the first drew; a swap chain that hands over another buffer fails the test, and the window
// is then drawn whole every time). A GPU, a scaled (HiDPI) framebuffer or a display not starting on a
// whole pixel: the whole window each frame.
//
// (Keeping the picture in a framebuffer object and copying it to the window each frame was tried first:
// llvmpipe copies through a shader, which cost more than the redrawing it saved.)
//
// With check on (--redraw check), every drawn frame is drawn in part, read back, drawn whole over it and
// read again; the two pictures are compared pixel for pixel, mismatches counted and the first logged.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "app/damage.hpp"

namespace llada::app {

class PartialRedraw {
 public:
  PartialRedraw() = default;
  PartialRedraw(const PartialRedraw&) = delete;
  PartialRedraw& operator=(const PartialRedraw&) = delete;

  // off: every frame drawn whole. `software`: the renderer fills pixels on the CPU (gl_util.hpp).
  void configure(bool enabled, bool check, bool software) { enabled_ = enabled, check_ = check, software_ = software; }
  // Draws `d` (modified: opaque runs split, clip rectangles cut) into the back buffer, before the swap.
  // `whole`: redraw everything (the window asked for a refresh); `images_changed`: a widget drew new
  // pixels into a texture it shows.
  void render(ImDrawData& d, ImTextureID atlas, ImVec2 white_uv, bool whole, bool images_changed);

  // Figures for --frame-stats: pixels redrawn over pixels shown, over all drawn frames.
  double redrawn_fraction() const { return shown_px_ > 0 ? double(redrawn_px_) / double(shown_px_) : 0; }
  bool partial() const { return kept_ == Kept::Yes; }
  // --redraw check: logs how many drawn frames differed from a whole redraw; false when one did.
  bool report_check() const;
  int64_t mismatched_frames() const { return mismatched_frames_; }
  int64_t checked_frames() const { return checked_frames_; }

 private:
  enum class Kept { Unknown, Testing, Yes, No };  // does the back buffer keep the last picture?
  void draw(ImDrawData& d, int fb_w, int fb_h, const int box[4]);  // box: x0, y0, x1, y1 from the top left
  std::vector<uint8_t> read(int fb_w, int fb_h);  // the back buffer's RGBA rows, GL's order
  // Counts (and logs the first) frame whose partly redrawn picture `part` differs from `whole`.
  void compare(const std::vector<uint8_t>& part, const std::vector<uint8_t>& whole, int fb_w, int fb_h, const int box[4]);

  bool enabled_ = true, check_ = false, software_ = false;
  Kept kept_ = Kept::Unknown;
  std::vector<uint8_t> first_;  // the first drawn frame, to test that the back buffer keeps it
  int fb_w_ = 0, fb_h_ = 0;
  DamageTracker tracker_;
  ImTextureID atlas_ = nullptr;
  int64_t redrawn_px_ = 0, shown_px_ = 0, mismatched_frames_ = 0, checked_frames_ = 0;
};

}  // namespace llada::app
