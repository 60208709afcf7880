// A 2-D cloud of up to a few hundred thousand coloured points (the Embedding space panel's tokens),
// drawn into a texture either by the GLSL program shaders/points.*.glsl or by a CPU splat into an RGBA
// buffer — whichever PathChooser measured faster on this renderer (gl_util.hpp). Both draw the same
// picture: square points of point_px pixels (round on the GL path), in the order given, later on top,
// then the trails (polylines one pixel wide, blended over the points: GL_LINE_STRIP through the same
// program on the GL path, a line walk on the CPU).
//
//   cloud.set_points(xy, colors, version);       // when the data changes (bump version)
//   cloud.set_trails(txy, starts, color, tver);  // polylines over the points (pinned tokens' trails)
//   ImTextureID t = cloud.render(view, w, h, 3); // redraws only when view, size, data or path changed
//   ImGui::Image(t, ImVec2(w, h));
#pragma once

#include <imgui.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "app/widgets/gl_util.hpp"

namespace llada::app::widgets {

struct CloudView {
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;  // the data rectangle shown (y up)
  bool operator==(const CloudView&) const = default;
};

class PointCloud {
 public:
  PointCloud() = default;
  PointCloud(const PointCloud&) = delete;
  PointCloud& operator=(const PointCloud&) = delete;
  ~PointCloud();

  // xy (N, 2), colors (N), drawn in index order. Copied; `version` says when to copy again.
  void set_points(std::span<const float> xy, std::span<const ImU32> colors, uint64_t version);
  // xy (n, 2) in data units; polyline k is vertices [starts[k], starts[k + 1]) (starts: one entry more
  // than polylines, starts[0] = 0). One colour; its alpha blends it over the points.
  void set_trails(std::span<const float> xy, std::span<const int> starts, ImU32 color, uint64_t version);
  ImTextureID render(const CloudView& v, int w, int h, float point_px, ImU32 background);
  RenderPath last_path() const { return last_path_; }
  double last_ms() const { return last_ms_; }
  const PathChooser& chooser() const { return chooser_; }

  // The CPU path alone, for tests and the headless export: w×h RGBA pixels, row 0 at the top.
  static void splat(std::span<const float> xy, std::span<const ImU32> colors, const CloudView& v, int w, int h,
                    float point_px, ImU32 background, std::vector<uint32_t>& out);
  // The CPU path's trails, drawn over `out` (w×h, as splat left it).
  static void splat_lines(std::span<const float> xy, std::span<const int> starts, ImU32 color, const CloudView& v, int w,
                          int h, std::vector<uint32_t>& out);

 private:
  bool draw_gl(const CloudView& v, int w, int h, float point_px, ImU32 background);
  void draw_gl_trails();
  std::vector<float> xy_;
  std::vector<ImU32> colors_;
  std::vector<float> trail_xy_;
  std::vector<int> trail_starts_;
  ImU32 trail_color_ = 0;
  uint64_t version_ = ~0ull, drawn_version_ = ~0ull, gl_version_ = ~0ull;
  uint64_t trail_version_ = 0, drawn_trail_version_ = ~0ull, gl_trail_version_ = ~0ull;
  CloudView drawn_view_;
  int drawn_w_ = 0, drawn_h_ = 0;
  float drawn_px_ = 0;
  RenderPath drawn_path_ = RenderPath::Auto, last_path_ = RenderPath::Auto;
  double last_ms_ = 0;
  Texture tex_;
  std::vector<uint32_t> pixels_;
  PathChooser chooser_{"point cloud"};
  unsigned program_ = 0, vao_ = 0, vbo_[2] = {0, 0}, trail_vao_ = 0, trail_vbo_ = 0;
  bool gl_failed_ = false;
  int size_class_ = -1;  // ⌊log10(points)⌋ the path was chosen at
};

}  // namespace llada::app::widgets
