#include "app/widgets/gl_util.hpp"

#include <GL/glcorearb.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/util/log.hpp"

namespace llada::app::widgets {

namespace {
RenderPath g_forced = RenderPath::Auto;
bool g_measure_everywhere = false;
int g_timing = 0;  // PathChoosers between their first timed render and their choice (one GL thread)
std::chrono::steady_clock::time_point g_last_timed;  // the last render one of them recorded
bool g_alive = false;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string shader_log(unsigned obj, bool program) {
  GLint n = 0;
  program ? glGetProgramiv(obj, GL_INFO_LOG_LENGTH, &n) : glGetShaderiv(obj, GL_INFO_LOG_LENGTH, &n);
  std::string s(std::max(1, n), '\0');
  program ? glGetProgramInfoLog(obj, n, nullptr, s.data()) : glGetShaderInfoLog(obj, n, nullptr, s.data());
  while (!s.empty() && (s.back() == '\0' || s.back() == '\n')) s.pop_back();
  return s;
}

unsigned compile_one(GLenum kind, const char* name, std::string& error) {
  const char* src = shader_source(name);
  if (!src) {
    error = std::string("shaders/") + name + " is not in the program\nHINT: re-run the build (CMake embeds shaders/*.glsl)";
    return 0;
  }
  const unsigned sh = glCreateShader(kind);
  glShaderSource(sh, 1, &src, nullptr);
  glCompileShader(sh);
  GLint ok = 0;
  glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    error = std::string("shaders/") + name + " does not compile: " + shader_log(sh, false) +
            "\nHINT: the window draws with the CPU path instead; fix the GLSL (version 330 core)";
    glDeleteShader(sh);
    return 0;
  }
  return sh;
}
}  // namespace

void set_gl_alive(bool alive) { g_alive = alive; }
bool gl_alive() { return g_alive; }
void set_forced_path(RenderPath p) { g_forced = p; }
void set_measure_everywhere(bool on) { g_measure_everywhere = on; }
RenderPath forced_path() { return g_forced; }
const char* path_name(RenderPath p) { return p == RenderPath::Cpu ? "CPU" : p == RenderPath::Gl ? "GL" : "auto"; }

std::string gl_renderer() {
  const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return r ? r : "unknown renderer";
}

unsigned compile_program(const char* vert_name, const char* frag_name, std::string& error) {
  const unsigned vs = compile_one(GL_VERTEX_SHADER, vert_name, error);
  if (!vs) return 0;
  const unsigned fs = compile_one(GL_FRAGMENT_SHADER, frag_name, error);
  if (!fs) {
    glDeleteShader(vs);
    return 0;
  }
  const unsigned p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    error = std::string("shaders/") + vert_name + " + " + frag_name + " do not link: " + shader_log(p, true) +
            "\nHINT: the window draws with the CPU path instead";
    glDeleteProgram(p);
    return 0;
  }
  return p;
}

Texture::~Texture() {
  if (!g_alive) return;
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
}

void Texture::ensure(int w, int h, bool linear) {
  if (!tex_) glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  if (w != w_ || h != h_) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    w_ = w, h_ = h;
    linear_ = !linear;  // force the filter below
  }
  if (linear != linear_) {
    const GLint f = linear ? GL_LINEAR : GL_NEAREST;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, f);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, f);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    linear_ = linear;
  }
}

void Texture::upload(const uint32_t* rgba, int w, int h, bool linear) {
  ensure(w, h, linear);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
}

bool Texture::begin_draw(int w, int h) {
  ensure(w, h, false);
  if (!fbo_) {
    glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  } else {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  }
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return false;
  }
  glViewport(0, 0, w, h);
  return true;
}

void Texture::end_draw() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

bool software_renderer(const std::string& r) {
  for (const char* name : {"llvmpipe", "softpipe", "SwiftShader", "Software Rasterizer"})
    if (r.find(name) != std::string::npos) return true;
  return false;
}

RenderPath PathChooser::next() {
  if (g_forced != RenderPath::Auto) return g_forced;
  if (chosen_ != RenderPath::Auto) return chosen_;
  if (const std::string r = gl_renderer(); !g_measure_everywhere && software_renderer(r)) {
    chosen_ = RenderPath::Cpu;
    note_ = std::string(what_) + ": CPU on the software renderer " + r + " (measured there far faster than GL)";
    log_line(note_);
    return chosen_;
  }
  return cpu_.size() + cpu_warm_ <= gl_.size() + gl_warm_ ? RenderPath::Cpu : RenderPath::Gl;
}

void PathChooser::record(RenderPath p, double ms) {
  if (g_forced != RenderPath::Auto || chosen_ != RenderPath::Auto) return;
  // Each path's first draw is left out: it pays one-time costs (llvmpipe compiles the shaders to
  // machine code at their first use, the CPU path allocates its buffer).
  set_timing(true);
  g_last_timed = std::chrono::steady_clock::now();
  bool& warm = p == RenderPath::Cpu ? cpu_warm_ : gl_warm_;
  if (!warm) {
    warm = true;
    return;
  }
  (p == RenderPath::Cpu ? cpu_ : gl_).push_back(ms);
  if (static_cast<int>(std::min(cpu_.size(), gl_.size())) < trials_) return;
  const double c = median(cpu_), g = median(gl_);
  chosen_ = c <= g ? RenderPath::Cpu : RenderPath::Gl;
  set_timing(false);
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s: CPU %.2f ms, GL %.2f ms (medians of %d) on %s: drawing with %s", what_, c, g,
                trials_, gl_renderer().c_str(), path_name(chosen_));
  note_ = buf;
  log_line(note_);
}

void PathChooser::restart() {
  if (chosen_ == RenderPath::Auto || gl_failed_ || (!g_measure_everywhere && software_renderer(gl_renderer()))) return;
  cpu_.clear(), gl_.clear();
  cpu_warm_ = gl_warm_ = false;
  chosen_ = RenderPath::Auto;
}

void PathChooser::disable_gl(const std::string& why) {
  gl_failed_ = true;
  chosen_ = RenderPath::Cpu;
  set_timing(false);
  note_ = std::string(what_) + ": CPU (the shader path failed)";
  log_line(std::string(what_) + ": " + why);
}

void PathChooser::set_timing(bool on) {
  if (on != timing_) g_timing += on ? 1 : -1, timing_ = on;
}

int PathChooser::timing_in_progress() {
  // A widget that stopped rendering mid-way (its panel closed) holds nothing up for more than a second.
  return std::chrono::steady_clock::now() - g_last_timed < std::chrono::seconds(1) ? g_timing : 0;
}

double PathChooser::median_ms(RenderPath p) const { return median(p == RenderPath::Cpu ? cpu_ : gl_); }

}  // namespace llada::app::widgets
