// Small OpenGL helpers for the widgets that draw into textures (point_cloud, heatmap): an RGBA texture
// with an optional framebuffer to render into, GLSL programs from shaders/ (compiled into the program)
// with a clear message on failure, and the choice between the GL path and the CPU fallback.
//
// The choice (RenderPath) is per widget kind: Auto times both paths over the first frames, on this
// renderer, and keeps the faster; --render cpu|gl (set_forced_path) overrides. Everything here runs on
// the UI thread, where the GL context is current.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llada::app::widgets {

enum class RenderPath { Auto, Cpu, Gl };
void set_forced_path(RenderPath p);  // from --render; Auto = measure
RenderPath forced_path();
const char* path_name(RenderPath p);
std::string gl_renderer();  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
// The window says when its GL context exists: GL objects held by panels' statics outlive it, and their
// destructors must not call GL after the context is gone (it took the objects with it).
void set_gl_alive(bool alive);
bool gl_alive();

// The text of shaders/NAME (e.g. "points.vert.glsl"), or nullptr (generated shader_sources.cpp).
const char* shader_source(std::string_view name);

// A linked program from two files of shaders/; 0 and `error` ("shaders/x.frag.glsl: 0:5: …\nHINT: …")
// when a source is missing or does not compile or link.
unsigned compile_program(const char* vert_name, const char* frag_name, std::string& error);

// An RGBA8 texture (nearest or linear filtering), optionally with a framebuffer to draw into.
class Texture {
 public:
  Texture() = default;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;
  ~Texture();
  // Allocates (on a size change) and uploads w×h pixels, row 0 at the top.
  void upload(const uint32_t* rgba, int w, int h, bool linear = false);
  // Allocates w×h and binds a framebuffer on it with the viewport set; end_draw() rebinds the window's.
  bool begin_draw(int w, int h);
  void end_draw();
  ImTextureID id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex_)); }
  int width() const { return w_; }
  int height() const { return h_; }
  bool empty() const { return tex_ == 0; }

 private:
  void ensure(int w, int h, bool linear);
  unsigned tex_ = 0, fbo_ = 0;
  int w_ = 0, h_ = 0;
  bool linear_ = false;
};

// Picks a path by timing: record() the milliseconds of each render until both paths have `trials`
// samples after a first, left-out one (alternating), then chosen() is the one with the lower median.
// Logs the figures once.
class PathChooser {
 public:
  explicit PathChooser(const char* what, int trials = 4) : what_(what), trials_(trials) {}
  RenderPath next() const;  // the path to use for the next render
  void record(RenderPath p, double ms);
  void disable_gl(const std::string& why);  // a shader failed: CPU from now on
  RenderPath chosen() const { return chosen_; }
  double median_ms(RenderPath p) const;
  const std::string& note() const { return note_; }  // "CPU 1.2 ms, GL 14.8 ms on llvmpipe → CPU"

 private:
  const char* what_;
  int trials_;
  std::vector<double> cpu_, gl_;
  bool cpu_warm_ = false, gl_warm_ = false;
  RenderPath chosen_ = RenderPath::Auto;
  std::string note_;
};

}  // namespace llada::app::widgets
