// Small OpenGL helpers for the widgets that draw into textures (point_cloud, heatmap): an RGBA texture
// with an optional framebuffer to render into, GLSL programs from shaders/ (compiled into the program)
// with a clear message on failure, and the choice between the GL path and the CPU fallback.
//
// The choice (RenderPath) is per widget kind and follows measurement, not a guess (--render cpu|gl,
// set_forced_path, overrides it):
//  - on a software rasteriser (llvmpipe, softpipe, SwiftShader: Xvfb, a VM, a machine without a GPU
//    driver) the CPU path, at once: measured there with `llada-lab bench render` (Mesa llvmpipe 15, 2
//    shared cores at load average 15, medians of 15 draws, ms, CPU vs GL):
//        point cloud, 700×600 px, 2 px points + 8 trails:  V = 256: 0.10 vs 0.35;  V = 50 257: 0.46 vs 84;
//                                                          V = 100 277: 1.7 vs 209
//        8 attention maps of 16×16 at 320×320 px, all updated: 0.03 vs 10.6–14.6
//    (llvmpipe shades GL_POINTS and every framebuffer pass on the CPU anyway, with more work per
//    pixel), so timing GL there again would only stall the first frames;
//  - on any other renderer (a GPU), both paths are timed over the first draws and the faster kept; the
//    point cloud times them again when its point count changes tenfold (a GPU's lead grows with it).
// Everything here runs on the UI thread, where the GL context is current.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llada::app::widgets {

enum class RenderPath { Auto, Cpu, Gl };
void set_forced_path(RenderPath p);  // from --render; Auto = choose (below)
void set_measure_everywhere(bool on);  // --render measure: time both paths even on a software renderer
RenderPath forced_path();
const char* path_name(RenderPath p);
std::string gl_renderer();  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
bool software_renderer(const std::string& renderer);  // llvmpipe, softpipe, SwiftShader, …
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

// Picks a path: the CPU on a software renderer (above), else by timing: record() the milliseconds of
// each render until both paths have `trials` samples after a first, left-out one (alternating), then
// chosen() is the one with the lower median. Logs the figures once per choice.
class PathChooser {
 public:
  explicit PathChooser(const char* what, int trials = 4) : what_(what), trials_(trials) {}
  ~PathChooser() { set_timing(false); }
  PathChooser(const PathChooser&) = delete;
  PathChooser& operator=(const PathChooser&) = delete;
  RenderPath next();  // the path to use for the next render (needs the GL context: reads GL_RENDERER)
  void restart();     // time both again (the work changed size); a software renderer's choice stays
  void record(RenderPath p, double ms);
  void disable_gl(const std::string& why);  // a shader failed: CPU from now on
  RenderPath chosen() const { return chosen_; }
  double median_ms(RenderPath p) const;
  const std::string& note() const { return note_; }  // "CPU 1.2 ms, GL 14.8 ms on llvmpipe → CPU"
  // How many choosers have begun timing (a first render recorded) and not yet chosen, 0 when none has
  // recorded a render in the last second: a scripted screenshot waits for them, so '--render measure'
  // ends in a choice whatever the machine's speed.
  static int timing_in_progress();

 private:
  void set_timing(bool on);
  bool timing_ = false;
  const char* what_;
  int trials_;
  std::vector<double> cpu_, gl_;
  bool cpu_warm_ = false, gl_warm_ = false, gl_failed_ = false;
  RenderPath chosen_ = RenderPath::Auto;
  std::string note_;
};

}  // namespace llada::app::widgets
