#include "app/widgets/point_cloud.hpp"

#include <GL/glcorearb.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/frame_stats.hpp"
#include "core/util/log.hpp"

namespace llada::app::widgets {

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

PointCloud::~PointCloud() {
  if (!gl_alive()) return;
  if (vbo_[0]) glDeleteBuffers(2, vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (trail_vbo_) glDeleteBuffers(1, &trail_vbo_);
  if (trail_vao_) glDeleteVertexArrays(1, &trail_vao_);
  if (program_) glDeleteProgram(program_);
}

void PointCloud::set_points(std::span<const float> xy, std::span<const ImU32> colors, uint64_t version) {
  if (version == version_) return;
  xy_.assign(xy.begin(), xy.end());
  colors_.assign(colors.begin(), colors.end());
  version_ = version;
}

void PointCloud::set_trails(std::span<const float> xy, std::span<const int> starts, ImU32 color, uint64_t version) {
  if (version == trail_version_ && color == trail_color_) return;
  trail_xy_.assign(xy.begin(), xy.end());
  trail_starts_.assign(starts.begin(), starts.end());
  trail_color_ = color;
  trail_version_ = version;
}

void PointCloud::splat_lines(std::span<const float> xy, std::span<const int> starts, ImU32 color, const CloudView& v,
                             int w, int h, std::vector<uint32_t>& out) {
  const float sx = w / (v.x1 - v.x0), sy = h / (v.y1 - v.y0);
  const uint32_t a = (color >> IM_COL32_A_SHIFT) & 0xFF;
  auto blend = [&](int x, int y) {  // source over, the result opaque (as GL's blend on an opaque target)
    uint32_t& d = out[static_cast<size_t>(y) * w + x];
    uint32_t r = 0xFF000000u;
    for (int sh : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT}) {
      const uint32_t cs = (color >> sh) & 0xFF, cd = (d >> sh) & 0xFF;
      r |= ((cs * a + cd * (255 - a) + 127) / 255) << sh;
    }
    d = r;
  };
  const size_t n = xy.size() / 2;
  for (size_t k = 0; k + 1 < starts.size(); k++) {
    const int first = std::max(0, starts[k]), last = std::min(static_cast<int>(n), starts[k + 1]);
    for (int i = first; i + 1 < last; i++) {
      // Window coordinates as the GL path's (pixel (x, y) covers [x, x + 1) × [y, y + 1), row 0 on top).
      float ax = (xy[2 * i] - v.x0) * sx, ay = (v.y1 - xy[2 * i + 1]) * sy;
      float bx = (xy[2 * i + 2] - v.x0) * sx, by = (v.y1 - xy[2 * i + 3]) * sy;
      // Clip to the target (Liang–Barsky), so a zoomed-in view walks only the visible part.
      float t0 = 0, t1 = 1;
      const float dx = bx - ax, dy = by - ay;
      bool visible = std::isfinite(dx) && std::isfinite(dy);
      for (auto [p, q] : {std::pair{-dx, ax}, std::pair{dx, w - ax}, std::pair{-dy, ay}, std::pair{dy, h - ay}}) {
        if (!visible) break;
        if (p == 0) visible = q >= 0;
        else if (p < 0) t0 = std::max(t0, q / p);
        else t1 = std::min(t1, q / p);
      }
      if (!visible || t0 > t1) continue;
      const float cx = ax + t0 * dx, cy = ay + t0 * dy, ex = ax + t1 * dx, ey = ay + t1 * dy;
      // GL's rule for thin lines, near enough: along the major axis, each pixel whose centre the segment
      // passes, half-open (the last pixel is the next segment's first, so a strip blends each joint once),
      // at the minor coordinate the line has there.
      const bool x_major = std::abs(ex - cx) >= std::abs(ey - cy);
      const float a0 = x_major ? cx : cy, a1 = x_major ? ex : ey, b0 = x_major ? cy : cx, b1 = x_major ? ey : ex;
      if (a0 == a1) continue;
      const int dir = a1 > a0 ? 1 : -1;
      int k = dir > 0 ? int(std::ceil(a0 - 0.5f)) : int(std::floor(a0 - 0.5f));
      const int end = dir > 0 ? int(std::ceil(a1 - 0.5f)) : int(std::floor(a1 - 0.5f));
      for (; k != end; k += dir) {
        const float b = b0 + (k + 0.5f - a0) / (a1 - a0) * (b1 - b0);
        const int x = x_major ? k : int(std::floor(b)), y = x_major ? int(std::floor(b)) : k;
        if (x >= 0 && x < w && y >= 0 && y < h) blend(x, y);
      }
    }
  }
}

void PointCloud::splat(std::span<const float> xy, std::span<const ImU32> colors, const CloudView& v, int w, int h,
                       float point_px, ImU32 background, std::vector<uint32_t>& out) {
  out.assign(static_cast<size_t>(w) * h, background);
  const int s = std::max(1, static_cast<int>(std::lround(point_px)));
  const float sx = w / (v.x1 - v.x0), sy = h / (v.y1 - v.y0), half = 0.5f * (s - 1);
  const size_t n = std::min(colors.size(), xy.size() / 2);
  for (size_t i = 0; i < n; i++) {
    const float px = (xy[2 * i] - v.x0) * sx - half, py = (v.y1 - xy[2 * i + 1]) * sy - half;
    if (!(px > -s && px < w && py > -s && py < h)) continue;  // also drops NaN
    const int x0 = static_cast<int>(std::floor(px)), y0 = static_cast<int>(std::floor(py));
    for (int dy = 0; dy < s; dy++) {
      const int y = y0 + dy;
      if (y < 0 || y >= h) continue;
      uint32_t* row = out.data() + static_cast<size_t>(y) * w;
      for (int dx = 0; dx < s; dx++) {
        const int x = x0 + dx;
        if (s >= 4 && (dx == 0 || dx == s - 1) && (dy == 0 || dy == s - 1)) continue;  // cut corners
        if (x >= 0 && x < w) row[x] = colors[i];
      }
    }
  }
}

bool PointCloud::draw_gl(const CloudView& v, int w, int h, float point_px, ImU32 background) {
  if (gl_failed_) return false;
  if (!program_) {
    std::string err;
    program_ = compile_program("points.vert.glsl", "points.frag.glsl", err);
    if (!program_) {
      gl_failed_ = true;
      chooser_.disable_gl(err);
      return false;
    }
    glGenVertexArrays(1, &vao_);
    glGenBuffers(2, vbo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_[0]);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_[1]);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
    glBindVertexArray(0);
  }
  if (!tex_.begin_draw(w, h)) {
    gl_failed_ = true;
    chooser_.disable_gl("the point cloud's framebuffer is incomplete");
    return false;
  }
  const size_t n = std::min(colors_.size(), xy_.size() / 2);
  glBindVertexArray(vao_);
  if (gl_version_ != version_) {
    glBindBuffer(GL_ARRAY_BUFFER, vbo_[0]);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(n * 2 * sizeof(float)), xy_.data(), GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_[1]);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(n * sizeof(ImU32)), colors_.data(), GL_DYNAMIC_DRAW);
    gl_version_ = version_;
  }
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(background);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glUseProgram(program_);
  glUniform4f(glGetUniformLocation(program_, "u_view"), v.x0, v.y0, 1.0f / (v.x1 - v.x0), 1.0f / (v.y1 - v.y0));
  glUniform1f(glGetUniformLocation(program_, "u_point_size"), std::max(1.0f, std::round(point_px)));
  glUniform1i(glGetUniformLocation(program_, "u_round"), point_px >= 4 ? 1 : 0);
  glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(n));
  glDisable(GL_PROGRAM_POINT_SIZE);
  draw_gl_trails();
  glBindVertexArray(0);
  glUseProgram(0);
  tex_.end_draw();
  return true;
}

void PointCloud::draw_gl_trails() {
  if (trail_starts_.size() < 2) return;
  if (!trail_vao_) {
    glGenVertexArrays(1, &trail_vao_);
    glGenBuffers(1, &trail_vbo_);
    glBindVertexArray(trail_vao_);
    glBindBuffer(GL_ARRAY_BUFFER, trail_vbo_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glDisableVertexAttribArray(1);  // the colour is one constant attribute value
  }
  glBindVertexArray(trail_vao_);
  if (gl_trail_version_ != trail_version_) {
    glBindBuffer(GL_ARRAY_BUFFER, trail_vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(trail_xy_.size() * sizeof(float)), trail_xy_.data(), GL_DYNAMIC_DRAW);
    gl_trail_version_ = trail_version_;
  }
  std::vector<GLint> first;
  std::vector<GLsizei> count;
  const int n = static_cast<int>(trail_xy_.size() / 2);
  for (size_t k = 0; k + 1 < trail_starts_.size(); k++) {
    const int a = std::max(0, trail_starts_[k]), b = std::min(n, trail_starts_[k + 1]);
    if (b - a >= 2) first.push_back(a), count.push_back(b - a);
  }
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(trail_color_);
  glVertexAttrib4f(1, c.x, c.y, c.z, c.w);
  glUniform1i(glGetUniformLocation(program_, "u_round"), 0);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);  // stays opaque
  if (!first.empty()) glMultiDrawArrays(GL_LINE_STRIP, first.data(), count.data(), static_cast<GLsizei>(first.size()));
  glDisable(GL_BLEND);
}

ImTextureID PointCloud::render(const CloudView& v, int w, int h, float point_px, ImU32 background) {
  w = std::max(1, w), h = std::max(1, h);
  const int size_class = static_cast<int>(std::log10(std::max<size_t>(1, colors_.size())));
  if (size_class != size_class_) chooser_.restart(), size_class_ = size_class;
  RenderPath path = chooser_.next();
  const bool measuring = forced_path() == RenderPath::Auto && chooser_.chosen() == RenderPath::Auto;
  const bool same = drawn_version_ == version_ && drawn_trail_version_ == trail_version_ && drawn_view_ == v &&
                    drawn_w_ == w && drawn_h_ == h && drawn_px_ == point_px && drawn_path_ == path;
  if (same && !measuring && !tex_.empty()) return tex_.id();
  const RenderTimer render_timer;  // rendering, not building the UI, in --frame-stats
  const auto t0 = std::chrono::steady_clock::now();
  bool done = false;
  if (path == RenderPath::Gl) {
    done = draw_gl(v, w, h, point_px, background);
    if (done && measuring) glFinish();  // the time of the drawing itself, not of queuing it
  }
  if (!done) {
    path = RenderPath::Cpu;
    splat(xy_, colors_, v, w, h, point_px, background, pixels_);
    splat_lines(trail_xy_, trail_starts_, trail_color_, v, w, h, pixels_);
    tex_.upload(pixels_.data(), w, h);
  }
  last_ms_ = ms_since(t0);
  last_path_ = path;
  log_once(std::string("point cloud ") + path_name(path),
           std::string("point cloud: drawn by ") + (path == RenderPath::Gl ? "GL shaders" : "CPU splat") + " on " + gl_renderer());
  chooser_.record(path, last_ms_);
  drawn_version_ = version_, drawn_trail_version_ = trail_version_, drawn_view_ = v, drawn_w_ = w, drawn_h_ = h, drawn_px_ = point_px, drawn_path_ = path;
  return tex_.id();
}

}  // namespace llada::app::widgets
