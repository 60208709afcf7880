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
  if (program_) glDeleteProgram(program_);
}

void PointCloud::set_points(std::span<const float> xy, std::span<const ImU32> colors, uint64_t version) {
  if (version == version_) return;
  xy_.assign(xy.begin(), xy.end());
  colors_.assign(colors.begin(), colors.end());
  version_ = version;
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
  glBindVertexArray(0);
  glUseProgram(0);
  tex_.end_draw();
  return true;
}

ImTextureID PointCloud::render(const CloudView& v, int w, int h, float point_px, ImU32 background) {
  w = std::max(1, w), h = std::max(1, h);
  RenderPath path = chooser_.next();
  const bool measuring = forced_path() == RenderPath::Auto && chooser_.chosen() == RenderPath::Auto;
  const bool same = drawn_version_ == version_ && drawn_view_ == v && drawn_w_ == w && drawn_h_ == h &&
                    drawn_px_ == point_px && drawn_path_ == path;
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
    tex_.upload(pixels_.data(), w, h);
  }
  last_ms_ = ms_since(t0);
  last_path_ = path;
  log_once(std::string("point cloud ") + path_name(path),
           std::string("point cloud: drawn by ") + (path == RenderPath::Gl ? "GL shaders" : "CPU splat") + " on " + gl_renderer());
  chooser_.record(path, last_ms_);
  drawn_version_ = version_, drawn_view_ = v, drawn_w_ = w, drawn_h_ = h, drawn_px_ = point_px, drawn_path_ = path;
  return tex_.id();
}

}  // namespace llada::app::widgets
