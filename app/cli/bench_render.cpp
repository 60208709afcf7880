// `llada-lab bench render`: the two drawing paths of the window's point cloud and heatmaps
// (app/widgets/point_cloud, heatmap), timed side by side on this machine's OpenGL renderer, and their
// pictures compared. It opens a hidden 3.3 core window (a display is needed: under Xvfb, run it with
// xvfb-run) and draws through the very widgets the panels use, each path forced in turn.
//
//   llada-lab bench render [--points N] [--size WxH] [--point-px P] [--trails K] [--maps M] [--T T]
//                          [--repeats R] [--check]
//
// Figures (milliseconds, medians over R draws, each ended by glFinish, as the window's PathChooser
// times them):
//   cloud redraw   the same points in a moved view (zoom, pan, a resized panel: no upload on the GL path)
//   cloud update   new coordinates (a training update: the GL path uploads its vertex buffers again)
//   heatmaps       M maps of T×T, all updated (a new attention snapshot)
// --check compares the two paths' pictures (points and trails; heatmap cells at their centres) and
// exits 1 when they disagree beyond rasterisation's one-pixel differences.
#include <GLFW/glfw3.h>
#include <GL/glcorearb.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/widgets/gl_util.hpp"
#include "app/widgets/heatmap.hpp"
#include "app/widgets/point_cloud.hpp"

namespace llada::cli {
namespace {

namespace widgets = app::widgets;
using Clock = std::chrono::steady_clock;
using widgets::RenderPath;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::vector<uint32_t> read_texture(ImTextureID id, int w, int h) {
  std::vector<uint32_t> px(size_t(w) * h);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(id)));
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  return px;
}

int channel_gap(uint32_t a, uint32_t b) {
  int worst = 0;
  for (int sh = 0; sh < 32; sh += 8) worst = std::max(worst, std::abs(int((a >> sh) & 0xFF) - int((b >> sh) & 0xFF)));
  return worst;
}

// A cloud shaped like an embedding table's: a dense Gaussian core with a few outliers, and trails that
// wander (random walks of 64 updates).
struct Scene {
  std::vector<float> xy, trail_xy;
  std::vector<ImU32> colors;
  std::vector<int> starts{0};
};

Scene make_scene(int n, int trails) {
  Scene s;
  std::mt19937 rng(7);
  std::normal_distribution<float> N(0, 1);
  const ImU32 palette[] = {IM_COL32(110, 210, 120, 255), IM_COL32(255, 160, 60, 255), IM_COL32(235, 85, 85, 255),
                           IM_COL32(95, 135, 205, 255), IM_COL32(72, 72, 84, 255)};
  for (int i = 0; i < n; i++) {
    const float k = i % 50 == 0 ? 2.5f : 1.0f;
    s.xy.push_back(k * N(rng)), s.xy.push_back(0.6f * k * N(rng));
    s.colors.push_back(palette[(i * 7) % 5]);
  }
  for (int t = 0; t < trails; t++) {
    float x = N(rng), y = N(rng);
    for (int k = 0; k < 64; k++) x += 0.08f * N(rng), y += 0.08f * N(rng), s.trail_xy.push_back(x), s.trail_xy.push_back(y);
    s.starts.push_back(int(s.trail_xy.size() / 2));
  }
  return s;
}

struct Timing {
  double redraw = 0, update = 0, heat = 0;
};

Timing time_path(RenderPath path, const Scene& sc, int w, int h, float point_px, int maps, int T, int repeats) {
  widgets::set_forced_path(path);
  widgets::PointCloud cloud;
  cloud.set_trails(sc.trail_xy, sc.starts, IM_COL32(255, 255, 255, 150), 1);
  widgets::CloudView view{-4, 4, -3, 3};
  std::vector<double> redraw, update, heat;
  uint64_t version = 1;
  cloud.set_points(sc.xy, sc.colors, version);
  cloud.render(view, w, h, point_px, IM_COL32(22, 22, 28, 255));  // first draw: shaders compiled, buffers made
  glFinish();
  std::vector<float> moved = sc.xy;
  for (int r = 0; r < repeats; r++) {
    view.x0 += 0.001f, view.x1 += 0.001f;
    auto t0 = Clock::now();
    cloud.render(view, w, h, point_px, IM_COL32(22, 22, 28, 255));
    glFinish();
    redraw.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    for (size_t i = 0; i < moved.size(); i++) moved[i] += (r % 2 ? 1e-4f : -1e-4f);
    t0 = Clock::now();
    cloud.set_points(moved, sc.colors, ++version);
    cloud.render(view, w, h, point_px, IM_COL32(22, 22, 28, 255));
    glFinish();
    update.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::vector<widgets::Heatmap> hm(maps);
  std::vector<float> values(size_t(T) * T);
  const int side = std::max(1, 320 / T) * T;
  for (int r = 0; r <= repeats; r++) {
    for (size_t i = 0; i < values.size(); i++) values[i] = float((i * 37 + r * 11) % 97) / 97.0f;
    const auto t0 = Clock::now();
    for (auto& m : hm) m.render(values, T, T, 1.0f, uint64_t(r + 1), side, side);
    glFinish();
    if (r > 0) heat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());  // r = 0 warms up
  }
  return {median(redraw), median(update), median(heat)};
}

// The two paths' pictures of the same scene: the share of drawn pixels that differ, and of trail pixels.
bool check_paths(const Scene& sc, int w, int h, float point_px, int T) {
  std::vector<uint32_t> pics[2], heat[2];
  const widgets::CloudView view{-4, 4, -3, 3};
  const int side = std::max(1, 320 / T) * T;
  std::vector<float> values(size_t(T) * T);
  for (int q = 0; q < T; q++)
    for (int k = 0; k < T; k++) values[q * T + k] = k > q ? -1.0f : float((q * 5 + k * 3) % 11) / 10.0f;  // causal
  for (int i = 0; i < 2; i++) {
    widgets::set_forced_path(i == 0 ? RenderPath::Cpu : RenderPath::Gl);
    widgets::PointCloud cloud;
    cloud.set_points(sc.xy, sc.colors, 1);
    cloud.set_trails(sc.trail_xy, sc.starts, IM_COL32(255, 255, 255, 150), 1);
    pics[i] = read_texture(cloud.render(view, w, h, point_px, IM_COL32(22, 22, 28, 255)), w, h);
    widgets::Heatmap hm;
    const ImTextureID t = hm.render(values, T, T, 1.0f, 1, side, side);
    const int tw = i == 0 ? T : side;
    const auto all = read_texture(t, tw, tw);
    for (int q = 0; q < T; q++)  // the cell centres
      for (int k = 0; k < T; k++) heat[i].push_back(all[size_t(q * tw / T + tw / (2 * T)) * tw + k * tw / T + tw / (2 * T)]);
  }
  const uint32_t bg = IM_COL32(22, 22, 28, 255);
  long drawn = 0, differ = 0, trail[2] = {0, 0};
  for (size_t p = 0; p < pics[0].size(); p++) {
    if (pics[0][p] == bg && pics[1][p] == bg) continue;
    drawn++;
    differ += channel_gap(pics[0][p], pics[1][p]) > 2;
    for (int i = 0; i < 2; i++) {  // a trail pixel: white blended over a point or the background
      const uint32_t c = pics[i][p];
      trail[i] += (c & 0xFF) > 150 && ((c >> 8) & 0xFF) > 150 && ((c >> 16) & 0xFF) > 150;
    }
  }
  int heat_worst = 0;
  for (size_t c = 0; c < heat[0].size(); c++) heat_worst = std::max(heat_worst, channel_gap(heat[0][c], heat[1][c]));
  const double share = drawn ? double(differ) / drawn : 1.0;
  const double trail_ratio = trail[0] ? double(trail[1]) / trail[0] : 0.0;
  std::printf("check: %ld drawn pixels, %.2f %% differ between the paths; trail pixels CPU %ld, GL %ld; heatmap cells: "
              "largest channel gap %d\n",
              drawn, 100 * share, trail[0], trail[1], heat_worst);
  // Points and lines rasterise a pixel apart at some edges; the ramp rounds differently by a unit or two.
  const bool trails_ok = sc.starts.size() < 2 || (trail[0] > 0 && trail_ratio > 0.8 && trail_ratio < 1.25);
  const bool ok = drawn > 0 && share < 0.05 && trails_ok && heat_worst <= 3;
  if (!ok) std::printf("check: FAILED: the CPU and GL paths draw different pictures\n");
  return ok;
}

void glfw_error(int code, const char* text) { std::fprintf(stderr, "llada-lab: GLFW error %d: %s\n", code, text); }

int bench_render(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h", "--check"});
  if (a.has("--help") || a.has("-h")) {
    std::puts("Usage: llada-lab bench render [--points N] [--size WxH] [--point-px P] [--trails K] [--maps M] [--T T]\n"
              "                              [--repeats R] [--check]\n"
              "Times the point cloud and heatmaps of the window on both paths (CPU and GLSL shaders) on this\n"
              "renderer; defaults: 100277 points (cl100k) at 700x600, 2 px, 8 trails; 8 maps of 16x16; 15 draws.\n"
              "--check compares the two paths' pictures and exits 1 when they differ. Needs a display (xvfb-run).");
    return 0;
  }
  const int n = int(a.get_int("--points", 100277, 1, 10'000'000));
  const std::string size = a.get_or("--size", "700x600");
  const float point_px = float(a.get_double("--point-px", 2, 1, 16));
  const int trails = int(a.get_int("--trails", 8, 0, 10'000));
  const int maps = int(a.get_int("--maps", 8, 1, 1024)), T = int(a.get_int("--T", 16, 1, 512));
  const int repeats = int(a.get_int("--repeats", 15, 1, 10'000));
  const bool check = a.has("--check");
  int w = 0, h = 0;
  if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w < 8 || h < 8 || w > 8192 || h > 8192)
    return std::fprintf(stderr, "llada-lab bench render: --size must be WxH (8 to 8192), got '%s'\n", size.c_str()), 2;
  if (auto p = a.problems(); !p.empty())
    return std::fprintf(stderr, "llada-lab bench render: %s\nHINT: llada-lab bench render --help\n", p.c_str()), 2;
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "llada-lab bench render: no display, skipped\nHINT: run it under a display, e.g. "
                         "xvfb-run -a llada-lab bench render\n");
    return check ? 1 : 0;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* win = glfwCreateWindow(64, 64, "llada-lab bench render", nullptr, nullptr);
  if (!win) {
    glfwTerminate();
    std::fprintf(stderr, "llada-lab bench render: cannot create an OpenGL 3.3 context\nHINT: update the graphics driver\n");
    return 1;
  }
  glfwMakeContextCurrent(win);
  widgets::set_gl_alive(true);
  const Scene sc = make_scene(n, trails);
  std::printf("renderer: %s\n", widgets::gl_renderer().c_str());
  std::printf("point cloud: %d points at %dx%d, %.0f px, %d trails of 64; heatmaps: %d maps of %dx%d at %dx%d px\n", n, w, h,
              point_px, trails, maps, T, T, std::max(1, 320 / T) * T, std::max(1, 320 / T) * T);
  std::printf("%-5s %15s %15s %15s   (ms, medians of %d)\n", "path", "cloud redraw", "cloud update", "heatmaps", repeats);
  Timing t[2];
  for (int i = 0; i < 2; i++) {
    t[i] = time_path(i == 0 ? RenderPath::Cpu : RenderPath::Gl, sc, w, h, point_px, maps, T, repeats);
    std::printf("%-5s %15.2f %15.2f %15.2f\n", i == 0 ? "CPU" : "GL", t[i].redraw, t[i].update, t[i].heat);
  }
  std::printf("faster: cloud redraw %s, cloud update %s, heatmaps %s\n", t[0].redraw <= t[1].redraw ? "CPU" : "GL",
              t[0].update <= t[1].update ? "CPU" : "GL", t[0].heat <= t[1].heat ? "CPU" : "GL");
  const bool ok = !check || check_paths(sc, w, h, point_px, T);
  widgets::set_forced_path(RenderPath::Auto);
  widgets::set_gl_alive(false);
  glfwDestroyWindow(win);
  glfwTerminate();
  return ok ? 0 : 1;
}

RegisterBench reg{"render", "point cloud and heatmaps: CPU path vs GLSL shaders on this renderer (needs a display)",
                  bench_render};

}  // namespace
}  // namespace llada::cli
