// Redrawing only the part of the window that changed.
//
// A frame that differs from the last drawn one (app/redraw.hpp) usually differs in a small part of it:
// a training curve and the step count, a histogram filling, one slider. A software renderer (llvmpipe,
// a laptop or a projector PC without a GPU driver) spends its time filling pixels — the same panel drawn
// at 640×400 took a tenth of its time at 1280×800 — so the window keeps its picture in a framebuffer of
// its own and redraws only the damaged rectangle there, every draw command clipped to it, then copies
// the picture to the screen (app/partial_redraw.hpp).
//
// DamageTracker finds that rectangle. Each draw command is summarised by a signature (a hash of its
// texture, clip rectangle and the vertices its indices reach, in their order) and the area it can touch
// (its vertices' bounds within its clip rectangle). Commands are matched by position (draw list i,
// command j) with the last frame's: where the signatures differ, both the old and the new area are
// damaged; a command that appeared or disappeared damages its area. Because the damaged rectangle is
// then redrawn whole, with every command that reaches into it in its usual order, windows overlapping
// it, reordered or moved come out right. A widget that drew new pixels into a texture it shows (the
// point cloud, the heatmaps) damages every command showing an image, and everything else (a resize,
// a new font atlas, a callback other than the house's blending switches) damages the whole window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace llada::app {

struct DamageRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void add(const DamageRect& r);                   // the union (an empty r adds nothing)
  DamageRect clipped(const DamageRect& to) const;  // the intersection (may be empty)
  float area() const { return empty() ? 0 : (x1 - x0) * (y1 - y0); }
};

// One draw command as the tracker sees it.
struct CommandSignature {
  uint64_t hash = 0;   // texture, clip rectangle, vertices reached (positions, texels, colours), in order
  DamageRect area;     // the pixels it can touch
  bool image = false;  // shows a texture other than the font atlas
  // Finer: its texture and clip rectangle (`state`, where its triangles may draw: `clip`) and, per
  // triangle, a hash and the pixels it can touch. Two commands of the same state whose triangles differ
  // only in a run between a common beginning and a common end (a changed number inside a window's text)
  // damage only that run's pixels, old and new. Empty `triangles`: the whole area.
  uint64_t state = 0;
  DamageRect clip;
  std::vector<uint64_t> triangles;
  std::vector<DamageRect> triangle_areas;
};

class DamageTracker {
 public:
  // The rectangle of `frame` (its draw lists' commands, in draw order) whose pixels may differ from the
  // frame given last, in the display's coordinates: empty when nothing changed, `display` when `whole`
  // (or on the first frame). `images_changed`: a widget drew new pixels into a texture it shows.
  DamageRect update(std::vector<std::vector<CommandSignature>> frame, const DamageRect& display, bool whole,
                    bool images_changed);
  void forget() { last_.clear(), have_last_ = false; }
  // The same damage as the rectangles it is made of (each changed command's old and new areas, within
  // the display), for merge_damage.
  const std::vector<DamageRect>& parts() const { return parts_; }

 private:
  std::vector<std::vector<CommandSignature>> last_;
  std::vector<DamageRect> parts_;
  DamageRect last_display_;
  bool have_last_ = false;
};

// A few rectangles covering `parts` (at most `max_count`): overlapping or adjoining ones, whose union
// costs no more pixels than they do apart, become one; while too many remain, the pair whose union adds
// the fewest pixels is merged. Training's status lines and its plot are three bands of the window, not
// the 77 % of it their bounding box covers.
std::vector<DamageRect> merge_damage(std::vector<DamageRect> parts, size_t max_count);

}  // namespace llada::app
