// The window: GLFW + OpenGL 3.3 core + Dear ImGui, read top to bottom like ImGui's
// example_glfw_opengl3: options, settings, window, context, fonts, backends, loop (poll, new frame,
// UI, render, [screenshot], swap), shutdown in reverse.
//
//   llada-lab [--screenshot PATH --frames N] [--device auto|cpu|cuda] [--size WxH] [--panel ID]
//             [--config-dir DIR] [--frame-stats] [--sweep PANEL.NAME] [--lang vi|en] [--classroom]
#include "app/gui.hpp"

#include <GLFW/glfw3.h>
#include <GL/glcorearb.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/frame_stats.hpp"
#include "app/fonts.hpp"
#include "app/ini_clamp.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/lessons/player.hpp"
#include "app/menu.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/partial_redraw.hpp"
#include "app/redraw.hpp"
#include "app/scene_window.hpp"
#include "app/screenshot.hpp"
#include "app/settings_saver.hpp"
#include "app/soak.hpp"
#include "app/state.hpp"
#include "app/widgets/gl_util.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/setup.hpp"
#include "core/util/log.hpp"
#include "core/util/thread_priority.hpp"
#include "gpu/backend.hpp"
#include "gpu/device.hpp"

namespace llada::app {

namespace {

struct Options {
  std::string screenshot;  // write the last frame here and exit
  int frames = 30;         // with --screenshot: frames to render first (animations and layout settle)
  bool frames_given = false;  // --frames without --screenshot: a timed run that ends after them
  std::string device = "auto";
  int width = 1280, height = 800;
  std::string panel;       // show only this panel, filling the window
  std::string config_dir;
  bool frame_stats = false;
  std::string redraw = "partial";  // --redraw partial|whole|check (app/partial_redraw.hpp)
  std::optional<Sweep> sweep;             // --sweep PANEL.NAME[=LO:HI]: move it every frame (frame-time tests)
  std::vector<std::string> train_models;  // --train: build and train these at start
  int train_steps = 0;                    // --train-steps: N steps then pause (0: train on)
  std::string file_action;                // --file-action PANEL/LABEL: run it before the screenshot
  std::string lesson;                     // --lesson ID[:STEP]: open the Lessons panel at this lesson
  std::string open_scene;                 // --open FILE: start with this scene (app/scene_window.hpp)
  std::string lang;                       // --lang vi|en: this run's language (settings unchanged)
  bool classroom = false;                 // --classroom: start in classroom mode
  std::string train_tokenizer = "byte";   // --train-tokenizer: the tokenizer of the --train models
  std::string render = "auto";            // --render: point clouds and heatmaps by GL, CPU, auto or measure
};

const char* kUsage =
    "Usage: llada-lab [options]          open the window\n"
    "  --screenshot PATH   render --frames frames, write the window to PATH (PNG) and exit (exit 1 when the\n"
    "                      PNG, a --lesson or --open that did not open, or a checkpoint save failed)\n"
    "  --frames N          frames to render before the screenshot (default 30)\n"
    "  --device D          auto | cpu | cuda (default auto)\n"
    "  --size WxH          window size in screen units (default 1280x800)\n"
    "  --panel ID          show only this panel, filling the window (does not change saved layout)\n"
    "  --config-dir DIR    settings and layout folder (default $XDG_CONFIG_HOME/llada-lab)\n"
    "  --frames N          without --screenshot: run N frames as usual, then exit (a timed run; with\n"
    "                      --train, the N frames count from when the models are built)\n"
    "  --frame-stats       print at exit the frame time's median / p99 / worst, split into building the UI,\n"
    "                      rendering and waiting, and the frames over 50 ms after the first second\n"
    "  --sweep P[=LO:HI]   move the number parameter P (e.g. softmax.T) every frame across LO..HI (default:\n"
    "                      its range), as a slider dragged to and fro: its frame time with --frame-stats\n"
    "  --train MODELS      build and train zero-layer,gpt,llada (comma list; byte tokenizer, sample text)\n"
    "  --train-steps N     with --train: N steps then pause; the screenshot waits for them (default 0: train on)\n"
    "  --lesson ID[:STEP]  open the Lessons panel at lesson ID (e.g. 01_forward_process), step STEP (from 1)\n"
    "  --train-tokenizer T with --train: byte (default), gpt2 or cl100k\n"
    "  --redraw R          partial (default): redraw only where the picture changed; whole: all of it\n"
    "                      each frame; check: both, compared pixel for pixel (differences fail the run)\n"
    "  --render P          auto | cpu | gl | measure: draw point clouds and heatmaps with shaders or the CPU\n"
    "                      (default auto: the CPU on a software renderer, else time both and keep the\n"
    "                      faster; measure: time both even on a software renderer)\n"
    "  --file-action A     with --screenshot: run the File menu entry A (PANEL/LABEL, e.g.\n"
    "                      \"tokens/Export the Zipf plot (PNG)\") once the frames are rendered, then the screenshot\n"
    "  --lang vi|en        the window's language for this run (default: View > Language, else the locale)\n"
    "  --open FILE         start with a scene saved by File > Save scene (parameters, panels, layout, models)\n"
    "  --classroom         start in classroom mode (full screen, UI scale 2, one step at a time; F11 leaves)\n"
    "  --soak SEED         a scripted user acts at random from SEED while both models train (with\n"
    "                      --config-dir; --soak-seconds S, default 60): ./lab soak, app/soak.hpp\n"
    "Without a display: llada-lab help (the headless commands), or xvfb-run -a ./lab run\n";

// Returns the exit code to use when the options are unusable, or -1 to go on.
int parse_options(int argc, char** argv, Options& o) {
  cli::Args a(std::vector<std::string>(argv + 1, argv + argc), {"--frame-stats", "--help", "--classroom"});
  if (a.has("--help")) {
    std::fputs(kUsage, stdout);
    std::printf("Panels (for --panel):");
    for (const auto& p : panels()) std::printf(" %s (\"%s\")", p.id.c_str(), p.title.c_str());
    std::printf("\n\n%s", params_help().c_str());
    return 0;
  }
  o.screenshot = a.get_or("--screenshot", "");
  o.frames = int(a.get_int("--frames", o.frames, 1, 1000000));
  o.frames_given = a.get("--frames").has_value();
  o.device = a.get_or("--device", o.device);
  o.panel = a.get_or("--panel", "");
  o.config_dir = a.get_or("--config-dir", default_config_dir());
  o.frame_stats = a.has("--frame-stats");
  o.redraw = a.get_or("--redraw", o.redraw);
  if (const auto models = a.get("--train"))  // every name, empty ones too ("gpt," is refused below)
    for (size_t from = 0;;) {
      const size_t comma = models->find(',', from);
      o.train_models.push_back(models->substr(from, comma == std::string::npos ? std::string::npos : comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  o.train_steps = int(a.get_int("--train-steps", 0, 0, INT_MAX));
  o.file_action = a.get_or("--file-action", "");
  o.lesson = a.get_or("--lesson", "");
  o.open_scene = a.get_or("--open", "");
  o.lang = a.get_or("--lang", "");
  o.classroom = a.has("--classroom");
  o.train_tokenizer = a.get_or("--train-tokenizer", o.train_tokenizer);
  o.render = a.get_or("--render", o.render);
  const std::string sweep = a.get_or("--sweep", "");
  const auto size = a.get("--size");  // asked before problems(), which calls options never asked for unknown
  const std::string soak_problems = parse_soak_options(a);  // --soak SEED, --soak-seconds S
  std::string problems = a.problems();
  if (!soak_problems.empty()) problems += (problems.empty() ? "" : "\n") + soak_problems;
  if (size) {
    int w = 0, h = 0;
    if (std::sscanf(size->c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 16384 || h > 16384)
      problems += (problems.empty() ? "" : "\n") + ("--size expects WxH, at least 320x240, got '" + *size + "'");
    o.width = w, o.height = h;
  }
  if (o.train_steps < 0) problems += (problems.empty() ? "" : "\n") + std::string("--train-steps must be 0 or more");
  // Checked here, so a scripted run never goes on without the models it asked for.
  int gpts = 0, lladas = 0;
  for (const std::string& m : o.train_models) {
    gpts += m == "zero-layer" || m == "gpt", lladas += m == "llada";
    if (!train::known_model(m))
      problems += (problems.empty() ? "" : "\n") + ("--train: unknown model '" + m + "'; the models are zero-layer, gpt, llada");
  }
  if (gpts > 1 || lladas > 1)
    problems += (problems.empty() ? "" : "\n") + std::string("--train: one GPT (zero-layer or gpt) and one llada at most");
  if (!known_tokenizer(o.train_tokenizer))
    problems += (problems.empty() ? "" : "\n") + ("--train-tokenizer must be byte, gpt2 or cl100k, not '" + o.train_tokenizer + "'");
  if (!o.file_action.empty() && !find_file_action(o.file_action)) {
    std::string names;
    for (const auto& f : file_actions()) names += "\n  " + (f.panel.empty() ? f.label : f.panel + "/" + f.label);
    problems += (problems.empty() ? "" : "\n") + ("no File menu entry '" + o.file_action + "'; entries:" + names);
  }
  if (!o.file_action.empty() && o.screenshot.empty())
    problems += (problems.empty() ? "" : "\n") + std::string("--file-action needs --screenshot (the run ends with it)");
  if (!o.lang.empty() && !parse_language(o.lang))
    problems += (problems.empty() ? "" : "\n") + ("--lang must be vi or en, got '" + o.lang + "'");
  if (o.redraw != "partial" && o.redraw != "whole" && o.redraw != "check")
    problems += (problems.empty() ? "" : "\n") + std::string("--redraw must be partial, whole or check, not '") + o.redraw + "'";
  if (o.render != "auto" && o.render != "cpu" && o.render != "gl" && o.render != "measure")
    problems += (problems.empty() ? "" : "\n") + ("--render must be auto, cpu, gl or measure, got '" + o.render + "'");
  widgets::set_measure_everywhere(o.render == "measure");
  widgets::set_forced_path(o.render == "cpu" ? widgets::RenderPath::Cpu
                           : o.render == "gl" ? widgets::RenderPath::Gl
                                              : widgets::RenderPath::Auto);
  if (!sweep.empty()) {
    if (auto sw = parse_sweep(sweep)) o.sweep = *sw;
    else problems += (problems.empty() ? "" : "\n") + ("--sweep: " + sw.error().to_string());
  }
  if (o.frames < 1) problems += (problems.empty() ? "" : "\n") + std::string("--frames must be at least 1");
  if (o.device != "auto" && o.device != "cpu" && o.device != "cuda")
    problems += (problems.empty() ? "" : "\n") + ("--device must be auto, cpu or cuda, got '" + o.device + "'");
  if (const auto shot = a.get("--screenshot"); shot && shot->empty())
    problems += (problems.empty() ? "" : "\n") + std::string("--screenshot needs a file name (got \"\")");
  if (!o.panel.empty() && !find_panel(o.panel)) {
    std::string ids;
    for (const auto& p : panels()) ids += (ids.empty() ? "" : ", ") + p.id;
    problems += (problems.empty() ? "" : "\n") + ("no panel '" + o.panel + "'; panels: " + ids);
  }
  if (problems.empty()) return -1;
  std::fprintf(stderr, "llada-lab: %s\n\n%s", problems.c_str(), kUsage);
  return 2;
}


// --lesson ID[:STEP]: an unknown lesson is a message in the window, not a refusal to start (false: not
// opened; a scripted run then ends with exit 1).
bool open_lesson_option(AppState& s, const std::string& arg) {
  const size_t colon = arg.find(':');
  const std::string id = arg.substr(0, colon);
  const int step = colon == std::string::npos ? -1 : std::atoi(arg.c_str() + colon + 1) - 1;
  if (!lesson_player().open(s, id, std::max(-1, step))) {
    std::string ids;
    for (const auto& e : library().lessons) ids += " " + e.id;
    log_line("--lesson: no lesson '" + id + "'; the lessons are" + ids);
    s.error("--lesson: no lesson '" + id + "'\nHINT: the lessons are" + ids);
    return false;
  }
  return true;
}

bool g_refresh = true;  // the window asks to be drawn again (exposed, resized)
bool g_iconified = false;  // told by GLFW's callback: asking (glfwGetWindowAttrib) is an X server round trip
int g_glfw_error = 0;
std::string g_glfw_error_text;
void on_glfw_error(int code, const char* text) {
  g_glfw_error = code;
  g_glfw_error_text = text ? text : "";
}

void explain_no_display() {
  std::fprintf(stderr,
               "llada-lab: cannot open a window: no display (GLFW error %d: %s).\n"
               "The lab also runs without a window, from the command line:\n"
               "  llada-lab help                 the headless commands and what they do\n",
               g_glfw_error, g_glfw_error_text.c_str());
  for (const auto& c : cli::commands())
    std::fprintf(stderr, "  llada-lab %-20s %s\n", (c.name + " ...").c_str(), c.summary.c_str());
  std::fprintf(stderr,
               "or open the window in a virtual display:\n"
               "  xvfb-run -a ./lab run          (Debian package xvfb)\n");
}

// A settings or layout file that could not be written: said once, on screen and on stderr (the loop
// tries again; the message comes back only if the reason changes).
void report_unsaved(AppState& s, const Error& e, std::string& last) {
  if (e.to_string() == last) return;
  last = e.to_string();
  log_line(last);
  s.error(last);
}

// Writes the requested capture (window or rectangle) and says so; false on failure.
bool write_capture(AppState& s, int fb_w, int fb_h, ImVec2 fb_scale, bool quiet_success) {
  const AppState::Capture& c = s.capture;
  int x = 0, y = 0, w = fb_w, h = fb_h;
  if (c.w > 0 && c.h > 0) {
    x = std::clamp(int(c.x * fb_scale.x), 0, fb_w), y = std::clamp(int(c.y * fb_scale.y), 0, fb_h);
    w = std::clamp(int(c.w * fb_scale.x), 0, fb_w - x), h = std::clamp(int(c.h * fb_scale.y), 0, fb_h - y);
  }
  auto r = write_framebuffer_png(c.path, x, y, w, h, fb_h);
  if (!r) {
    log_line(r.error().to_string());
    s.error(r.error().to_string());
    return false;
  }
  log_line("screenshot: " + c.path + " (" + std::to_string(w) + "x" + std::to_string(h) + ")");
  if (!quiet_success) s.info("saved " + c.path);
  return true;
}

// The window's language: --lang, else the one chosen in View > Language (settings.json "language"),
// else the system locale's. Logged once with the reason.
void choose_language(const std::string& flag, const Settings& settings) {
  std::string why;
  Lang l = Lang::en;
  if (auto f = parse_language(flag)) {
    l = *f, why = "--lang " + flag;
  } else if (auto saved = parse_language(settings.get("language"))) {
    l = *saved, why = "settings.json";
  } else {
    l = system_language(&why);
  }
  set_language(l);
  log_once("language", std::string("language: ") + language_code(l) + " (" + why + ")");
}

}  // namespace

int run_gui(int argc, char** argv) {
  // Options and settings.
  Options opt;
  if (int rc = parse_options(argc, argv, opt); rc >= 0) return rc;
  // The backend the live models compute on (gpu/backend.hpp): auto falls back to the CPU and says so.
  auto device = gpu::make_backend(gpu::parse_device(opt.device).value_or(gpu::DeviceKind::Auto));  // name checked above
  if (!device) {
    std::fprintf(stderr, "llada-lab: %s\n", device.error().to_string().c_str());
    return 1;
  }
  log_once("device", device->summary);
  // The trainers take only the cycles nothing else wants: the frames come first; the panels' jobs keep
  // their nice value (core/util/thread_priority.hpp).
  set_background_idle(true);

  AppState s;
  s.device_summary = device->summary;
  s.backend = device->backend;
  s.config_dir = opt.config_dir;
  Loaded loaded = load_settings(s.config_dir);
  s.settings = loaded.settings;
  if (!loaded.problem.empty()) {
    log_line(loaded.problem);
    s.error(loaded.problem);
  }
  for (const auto& p : panels()) s.settings.panels.try_emplace(p.id, p.default_visible);
  choose_language(opt.lang, s.settings);
  migrate_old_values(s.settings.values);  // a settings.json of an older version
  for (const auto& problem : params_from_values(s.settings.values)) {  // the panels' parameters of the last run
    log_line("settings.json: " + problem);
    s.error("settings.json: " + problem);
  }
  std::error_code ec;
  std::filesystem::create_directories(s.config_dir, ec);
  const bool can_persist = !ec;
  if (!can_persist) {
    std::string m = "cannot create the settings folder '" + s.config_dir + "' (" + ec.message() +
                    "); settings and layout will not be saved\nHINT: use --config-dir DIR";
    log_line(m);
    s.error(m);
  }

  // Window and GL context.
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    explain_no_display();
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, "LLaDA Lab", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr,
                 "llada-lab: cannot create an OpenGL 3.3 window (GLFW error %d: %s).\n"
                 "HINT: update the graphics driver, or try LIBGL_ALWAYS_SOFTWARE=1; without a window, "
                 "'llada-lab help' lists the headless commands.\n",
                 g_glfw_error, g_glfw_error_text.c_str());
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { g_refresh = true; });
  glfwSetWindowIconifyCallback(window, [](GLFWwindow*, int iconified) { g_iconified = iconified != 0; });
  widgets::set_gl_alive(true);
  const bool capturing = !opt.screenshot.empty();
  glfwSwapInterval(capturing ? 0 : 1);  // screenshots need not wait for the display

  // ImGui context, fonts and backends.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const std::string ini_path = s.config_dir + "/imgui.ini";
  // --panel shows one panel full-window: read the saved layout but never overwrite it.
  const bool persist = can_persist && opt.panel.empty();
  io.IniFilename = nullptr;  // written by save_window_layout (ImGui's own writes are unchecked)
  if (can_persist) ImGui::LoadIniSettingsFromDisk(ini_path.c_str());
  if (int n = clamp_saved_windows_to_screen(opt.width, opt.height); n > 0)
    log_line(std::to_string(n) + " panel place(s) in '" + ini_path + "' lay off the screen; moved back onto it");
  ImGui::StyleColorsDark();
  // Opaque panels: the dark style's 94 % alpha lets the text of a panel behind show through one in
  // front, which on a projector reads as garbled overlapping text.
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = 1.0f;
  // Hints and captions (TextDisabled) a little brighter than the dark style's 50 % grey: a projector's
  // washed-out contrast made them hard to read from the back of a room.
  ImGui::GetStyle().Colors[ImGuiCol_TextDisabled] = ImVec4(0.64f, 0.64f, 0.64f, 1.0f);
  ImGui::GetStyle().WindowRounding = 4.0f;
  ImGui::GetStyle().FrameRounding = 3.0f;
  // Lines anti-aliased by their geometry, not by a texture that needs linear filtering (below, the atlas
  // is sampled nearest).
  ImGui::GetStyle().AntiAliasedLinesUseTex = false;
  apply_ui_scale(s.settings.ui_scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  // A lesson or scene that did not open is a message in the window; a scripted run (--screenshot,
  // --frames) still runs, so its picture shows the message, and ends with exit 1.
  bool start_failed = !opt.lesson.empty() && !open_lesson_option(s, opt.lesson);
  if (!opt.train_models.empty()) autostart_training(s, opt.train_models, opt.train_steps, opt.train_tokenizer);
  if (!opt.open_scene.empty() && !open_scene_file(s, opt.open_scene)) start_failed = true;
  if (opt.classroom) s.classroom_request = 1;

  // The loop. FrameClock splits each frame into building the UI, rendering and waiting (--frame-stats).
  std::vector<FrameTimes> frame_times;
  FrameClock clock;
  ImTextureID font_texture = nullptr;
  RedrawCheck redraw;  // frames whose picture did not change are not drawn again (app/redraw.hpp)
  PartialRedraw redraw_area;  // and those that did, only where they changed (app/partial_redraw.hpp)
  redraw_area.configure(opt.redraw != "whole", opt.redraw == "check", widgets::software_renderer(widgets::gl_renderer()));
  double last_input = -1;  // when the mouse, keyboard or --sweep last moved something
  SettingsSaver saver(settings_to_json(s.settings));  // writes on a worker (app/settings_saver.hpp)
  const double start = glfwGetTime();
  int exit_code = 0;
  int action_frame = -1;  // the frame --file-action ran in
  const FileAction* file_action = opt.file_action.empty() ? nullptr : find_file_action(opt.file_action);
  int action_ready_frames = 0;  // consecutive frames its entry has been ready
  std::string unsaved;    // the last settings or layout write error shown
  int timed_from = 1;     // a timed run (--frames without --screenshot) counts its frames from this one
  for (int frame = 1; !glfwWindowShouldClose(window) && !s.quit_requested; ++frame) {
    const double t0 = glfwGetTime();
    clock.begin();
    glfwPollEvents();
    clock.mark(Phase::Wait);
    if (opt.sweep)
      if (auto r = apply_sweep(*opt.sweep, frame); !r) log_once("sweep", "--sweep: " + r.error().to_string());
    if (s.pending_ui_scale > 0) {
      s.settings.ui_scale = std::clamp(s.pending_ui_scale, Settings::kMinScale, Settings::kMaxScale);
      s.pending_ui_scale = 0;
      if (!s.classroom) apply_ui_scale(s.settings.ui_scale);  // classroom mode keeps its own scale
    }
    update_classroom(s, window);
    ImGui_ImplOpenGL3_NewFrame();  // (re)creates the font atlas's texture when it is missing
    if (io.Fonts->TexID != font_texture && io.DisplayFramebufferScale.x == 1 && io.DisplayFramebufferScale.y == 1) {
      // Glyphs lie on whole pixels 1:1 with the atlas (app/fonts.cpp), so nearest sampling draws the same
      // text; a software renderer (llvmpipe) spent a third of its rendering on linear filtering.
      font_texture = io.Fonts->TexID;
      glBindTexture(GL_TEXTURE_2D, GLuint(reinterpret_cast<intptr_t>(font_texture)));
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }
    clock.mark(Phase::Ui);
    // The backend asks the window system for the window's size, focus and the cursor: on X11 each is a
    // round trip to the X server, which on a loaded machine waits for that process to be scheduled (up
    // to ~100 ms measured under Xvfb): waiting, not building the UI.
    ImGui_ImplGlfw_NewFrame();
    clock.mark(Phase::Wait);
    ImGui::NewFrame();
    s.now = t0 - start;
    s.dt = io.DeltaTime;
    s.panel_waiting = false;  // the panels built below say whether they still wait for their figures

    if (s.classroom) {
      draw_classroom(s);
    } else {
      draw_main_menu(s);
      draw_panels(s, opt.panel);
    }
    draw_messages(s);
    draw_scene_dialogs(s);
    if (soak_on()) soak_frame(s, frame);

    ImGui::Render();
    clock.mark(Phase::Ui);
    int fb_w = 0, fb_h = 0;
    fb_w = int(io.DisplaySize.x * io.DisplayFramebufferScale.x + 0.5f);  // as the backend read it this frame
    fb_h = int(io.DisplaySize.y * io.DisplayFramebufferScale.y + 0.5f);
    // A screenshot reads this frame's pixels: the frames that may end in one are always drawn.
    const bool refresh = std::exchange(g_refresh, false), images_changed = take_textures_drawn();
    const bool must_draw = refresh || images_changed || !s.capture.path.empty() || (capturing && frame >= opt.frames);
    // Input (or --sweep's simulated drag): every change is drawn at once; without, at most 30 a second.
    bool input = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.MouseWheelH != 0 ||
                 io.InputQueueCharacters.Size > 0 || opt.sweep.has_value();
    for (bool down : io.MouseDown) input |= down;
    for (bool down : io.KeysDown) input |= down;
    if (input) last_input = t0 - start;
    const bool draw = redraw.needed(*ImGui::GetDrawData(), must_draw, t0 - start - last_input < 0.5, t0 - start);
    if (draw) {
      redraw_area.render(*ImGui::GetDrawData(), io.Fonts->TexID, io.Fonts->TexUvWhitePixel, refresh, images_changed);
      if (opt.frame_stats) glFinish();  // the rendering itself, not its queuing (it would show in the swap)
    }
    clock.mark(Phase::Render);

    // With --train-steps N, the screenshot waits (up to 10 minutes) until the models are built and the N
    // steps done, so it shows trained models whatever the machine's speed.
    // --file-action waits the same way until its entry has something to act on, seen on two frames in a
    // row (a plot that appeared between this frame's drawing and the check is drawn on the next).
    if (file_action && file_action->ready && action_frame < 0)
      action_ready_frames = file_action->ready(s) ? action_ready_frames + 1 : 0;
    const bool action_waiting = file_action && file_action->ready && action_frame < 0 && action_ready_frames < 2;
    // And until every widget that began timing its two drawing paths has chosen (--render measure), and
    // every shown panel has what it asked for (AppState::panel_waiting).
    const bool waiting = capturing && s.now < 600 &&
                         ((((!opt.train_models.empty() && opt.train_steps > 0) || !opt.open_scene.empty()) &&
                           !training_settled(s)) ||
                          action_waiting || widgets::PathChooser::timing_in_progress() > 0 || s.panel_waiting);
    // A timed run with --train counts (and measures) its frames once the models are built (up to 10 minutes).
    const bool building = opt.frames_given && !capturing && !opt.train_models.empty() && s.now < 600 && !training_settled(s);
    if (building) timed_from = frame + 1;
    bool last_frame = capturing ? frame >= opt.frames && !waiting : opt.frames_given && frame - timed_from + 1 >= opt.frames;
    // --file-action: run the entry when the screenshot would be taken, then render a few more frames so
    // what it asked for (a PNG capture two frames on, a message) happens before the screenshot.
    if (last_frame && !opt.file_action.empty()) {
      if (action_frame < 0) {
        action_frame = frame;
        const size_t before = s.messages.size();
        if (file_action) file_action->run(s);
        // What the entry said ("saved …", or an error) goes to stderr too; an error fails the run.
        for (size_t i = before; i < s.messages.size(); ++i) {
          log_line(opt.file_action + ": " + s.messages[i].text);
          if (s.messages[i].kind == Message::Kind::Error) exit_code = 1;
        }
      }
      last_frame = frame >= action_frame + 4 && !(saves_in_progress(s) && s.now < 600);  // a save's outcome too
    }
    clock.mark(Phase::Ui);
    if (waiting && frame >= opt.frames) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    clock.mark(Phase::Wait);
    if (last_frame && capturing) s.capture = AppState::Capture{opt.screenshot, 0, 0, 0, 0, 0};
    if (!s.capture.path.empty() && s.capture.frames_to_wait-- <= 0) {
      const bool ok = write_capture(s, fb_w, fb_h, io.DisplayFramebufferScale, last_frame);
      if ((capturing || opt.frames_given) && !ok) exit_code = 1;  // a scripted run's screenshot or export was lost
      s.capture = {};
    }
    clock.mark(Phase::Render);
    if (draw) glfwSwapBuffers(window);
    clock.mark(Phase::Wait);
    clock.set_drawn(draw);
    if (last_frame) {
      frame_times.push_back(clock.end());
      break;
    }

    // Settings changed (panel shown, scale): save now, not only at exit, so a crash loses nothing.
    if (auto e = saver.take_error()) report_unsaved(s, *e, unsaved);
    if (persist && frame % 30 == 0) {
      params_to_values(s.settings.values);
      saver.start(s.config_dir, s.settings, ini_path);
    }
    clock.mark(Phase::Ui);
    // Without vsync (Xvfb, some drivers) the loop would spin a whole core: cap at ~60 frames a second,
    // and idle while iconified. The machines here are shared.
    if (!capturing) {
      if (g_iconified) glfwWaitEventsTimeout(0.1), clock.slept(100);
      double spare = 1.0 / 60 - (glfwGetTime() - t0);
      if (spare > 0.001) std::this_thread::sleep_for(std::chrono::duration<double>(spare));
      clock.slept(spare > 0.001 ? spare * 1000 : 0);
    }
    frame_times.push_back(clock.end());
    if (building) frame_times.clear();
  }

  // Shutdown, in reverse.
  if (s.classroom) {  // leave it first, so imgui.ini keeps the panels' own places
    s.classroom_request = 0;
    update_classroom(s, window);
  }
  saver.wait();
  if (persist) {
    params_to_values(s.settings.values);
    // Nothing can be shown any more: a file that could not be written is said on stderr and fails the exit.
    for (auto r : {save_settings(s.config_dir, s.settings), save_window_layout(ini_path, true)})
      if (!r) log_line(r.error().to_string()), exit_code = 1;
  }
  if (!redraw_area.report_check()) exit_code = 1;  // --redraw check: a frame differed
  if (opt.frame_stats)
    std::printf("redrawn: %.1f %% of the pixels of the drawn frames (--redraw %s)\n", 100 * redraw_area.redrawn_fraction(),
                opt.redraw.c_str());
  release_panels();  // the panels' jobs and weight copies, before the session and the backends go
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();  // writes imgui.ini
  widgets::set_gl_alive(false);
  glfwDestroyWindow(window);
  glfwTerminate();
  if (opt.frame_stats) std::fputs(frame_stats_report(std::move(frame_times)).c_str(), stdout);
  soak_summary();
  if ((capturing || opt.frames_given || soak_on()) && s.failed_writes > 0) exit_code = 1;  // a checkpoint save failed
  if ((capturing || opt.frames_given) && start_failed) exit_code = 1;  // --lesson or --open did not open
  return exit_code;
}

}  // namespace llada::app
