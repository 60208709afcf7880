#include "app/widgets/heatmap.hpp"

#include <GL/glcorearb.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "app/frame_stats.hpp"
#include "core/util/log.hpp"

namespace llada::app::widgets {

namespace {

PathChooser& shared_chooser() {
  static PathChooser c{"heatmap"};
  return c;
}

// The GL objects every heatmap shares: the program, an empty VAO (core profile draws need one) and a
// float texture for the values.
struct HeatGl {
  unsigned program = 0, vao = 0, values = 0;
  bool failed = false;
  bool ready() {
    if (failed) return false;
    if (program) return true;
    std::string err;
    program = compile_program("heatmap.vert.glsl", "heatmap.frag.glsl", err);
    if (!program) {
      failed = true;
      shared_chooser().disable_gl(err);
      return false;
    }
    glGenVertexArrays(1, &vao);
    glGenTextures(1, &values);
    glBindTexture(GL_TEXTURE_2D, values);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    return true;
  }
};
HeatGl g_gl;  // lives as long as the window's context (the program exits after destroying it: not freed)

ImU32 mix(const float a[3], const float b[3], float t) {
  auto c = [&](int i) { return static_cast<int>(std::lround(255.0f * (a[i] + (b[i] - a[i]) * t))); };
  return IM_COL32(c(0), c(1), c(2), 255);
}

}  // namespace

ImU32 heat_color(float t) {
  static const float a[3] = {0.05f, 0.07f, 0.20f}, b[3] = {0.10f, 0.55f, 0.60f}, c[3] = {0.99f, 0.90f, 0.35f};
  t = std::clamp(t, 0.0f, 1.0f);
  return t < 0.5f ? mix(a, b, t * 2) : mix(b, c, t * 2 - 1);
}

void Heatmap::colorize(std::span<const float> values, float vmax, std::vector<uint32_t>& out) {
  out.resize(values.size());
  const float inv = vmax > 0 ? 1.0f / vmax : 0.0f;
  for (size_t i = 0; i < values.size(); i++) out[i] = values[i] < 0 ? kHiddenCell : heat_color(values[i] * inv);
}

const PathChooser& Heatmap::chooser() { return shared_chooser(); }

ImTextureID Heatmap::render(std::span<const float> values, int rows, int cols, float vmax, uint64_t version, int w,
                            int h) {
  PathChooser& ch = shared_chooser();
  RenderPath path = ch.next();
  const bool measuring = forced_path() == RenderPath::Auto && ch.chosen() == RenderPath::Auto;
  const bool size_matters = path == RenderPath::Gl;  // the CPU texture is rows×cols whatever the item's size
  if (!tex_.empty() && !measuring && version == version_ && path == path_ && (!size_matters || (w == w_ && h == h_)))
    return tex_.id();
  const auto t0 = std::chrono::steady_clock::now();
  const RenderTimer render_timer;  // rendering, not building the UI, in --frame-stats
  bool done = false;
  if (path == RenderPath::Gl && g_gl.ready() && tex_.begin_draw(std::max(1, w), std::max(1, h))) {
    glBindTexture(GL_TEXTURE_2D, g_gl.values);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, cols, rows, 0, GL_RED, GL_FLOAT, values.data());
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glUseProgram(g_gl.program);
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(glGetUniformLocation(g_gl.program, "u_values"), 0);
    glUniform1f(glGetUniformLocation(g_gl.program, "u_max"), vmax > 0 ? vmax : 1.0f);
    glBindVertexArray(g_gl.vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glUseProgram(0);
    tex_.end_draw();
    if (measuring) glFinish();
    done = true;
  }
  if (!done) {
    path = RenderPath::Cpu;
    colorize(values, vmax, pixels_);
    tex_.upload(pixels_.data(), cols, rows);
  }
  ch.record(path, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  version_ = version, w_ = w, h_ = h, path_ = path;
  log_once(std::string("heatmap ") + path_name(path),
           std::string("heatmap: drawn by ") + (path == RenderPath::Gl ? "GL shaders" : "CPU texels") + " on " + gl_renderer());
  return tex_.id();
}

}  // namespace llada::app::widgets
