// The soak test's scripted user (app/soak.hpp).
#include "app/soak.hpp"

#include <GLFW/glfw3.h>  // key codes: ImGui 1.86 indexes io.KeysDown by them
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/lessons/player.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/scene_window.hpp"
#include "app/soak_memory.hpp"
#include "core/util/log.hpp"

namespace llada::app {

namespace {

namespace fs = std::filesystem;

enum class Act { Panel, Param, Tokenizer, Checkpoint, Scene, Language, Classroom, Lesson, Train, Export, Count };
constexpr int kActs = int(Act::Count);
constexpr const char* kActNames[kActs] = {"panel",    "param",     "tokenizer", "checkpoint", "scene",
                                          "language", "classroom", "lesson",    "train",      "export"};
// How often each kind comes after the first round (relative weights). Scenes and rebuilds replace the
// models, so they are rarer: the models must get to train between them.
constexpr int kActWeights[kActs] = {14, 40, 4, 7, 3, 3, 3, 9, 8, 7};

// A slider dragged over several frames: one value a frame from `from` to `to`.
struct Drag {
  std::string panel, name;
  double from = 0, to = 0;
  bool integer = false;
  int frames = 0, done = 0;
};

struct Soak {
  bool on = false;
  std::uint64_t seed = 0;
  double seconds = 60;
  std::mt19937_64 schedule;  // which kind of action comes at which frame: from the seed alone
  std::mt19937_64 rng;       // the action's own choices: reseeded from (seed, action number) for each one, so
                             // a choice that depends on the window's state never shifts the later actions
  Act kind = Act::Count;     // the action being taken (its name tags the log lines)
  std::string dir;  // checkpoints, scenes and exports
  int next_frame = 0, frame = 0;
  int actions = 0;
  std::array<int, kActs> counts{};
  std::vector<Act> first_round;  // each kind once, in a seeded order
  int refused_numbers = 0, refused_texts = 0;
  int messages = 0, errors = 0, restarts = 0;
  int failed_saves = 0;  // checkpoint saves that failed (AppState::failed_writes): the run exits 1
  size_t messages_logged = 0;
  std::string trainer_said[2];  // each slot's last snapshot message, logged when it changes
  std::optional<Drag> drag;
  int release_key = -1;  // a key pressed last frame, released this one
  std::vector<std::string> scenes;
  std::vector<MemorySample> memory;
  double load_sum = 0;
  int load_n = 0;
  double next_sample = 0, next_report = 60, now = 0;
  // Stalls: frames that took longer than kSlowFrame seconds (the UI thread blocked, or starved of CPU),
  // each logged with the last action before it.
  int slow_frames = 0;
  double longest_frame = 0;
  std::string last_action;
};
constexpr double kSlowFrame = 2.0;
Soak g;

// "soak 1234 param: softmax.T = 2.5" for an action; "soak 1234: …" for what happened around it.
void say(const std::string& what) {
  if (g.kind != Act::Count) g.last_action = std::to_string(g.frame) + " " + kActNames[int(g.kind)] + ": " + what;
  log_line("soak " + std::to_string(g.frame) + (g.kind == Act::Count ? "" : std::string(" ") + kActNames[int(g.kind)]) +
           ": " + what);
}

// Draws from the seed only (the standard distributions differ between libraries; these do not).
std::uint64_t draw(std::uint64_t n) { return n ? g.rng() % n : 0; }
double uniform() { return double(g.rng() >> 11) * 0x1.0p-53; }
bool chance(double p) { return uniform() < p; }
template <class T>
const T& pick(const std::vector<T>& v) { return v[size_t(draw(v.size()))]; }

std::string number_text(double v, bool integer) {
  char buf[64];
  if (integer) std::snprintf(buf, sizeof buf, "%lld", (long long)std::llround(v));
  else std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// A press of `key` as the GLFW backend reports one: down for one frame, then up.
void press(int key, const char* name) {
  ImGui::GetIO().KeysDown[key] = true;
  g.release_key = key;
  say(std::string("key ") + name);
}

// ---------------------------------------------------------------- parameters

// Texts a person might type or paste: empty, plain, Vietnamese, pinned tokens, mask patterns, long,
// blank, invalid UTF-8.
std::vector<std::string> sample_texts() {
  return {"", "Once upon a time there was a little girl.", "Xin chào, đây là một câu tiếng Việt có dấu.",
          "0:Once, 5:upon", "0110", "1111", "[MASK] [MASK] the", std::string(600, 'a') + " end", "   \t\n",
          "\xff\xfe\xc3(", "the the the the the", "3.14159"};
}

std::string random_value(const Param& p, bool* integer) {
  *integer = p.kind == Param::Kind::Int;
  switch (p.kind) {
    case Param::Kind::Float:
    case Param::Kind::Int: {
      if (chance(0.15)) return number_text(chance(0.5) ? p.lo : p.hi, *integer);
      double v = p.lo + uniform() * (p.hi - p.lo);
      if (p.lo > 0 && p.hi / p.lo > 1000 && chance(0.5)) v = p.lo * std::pow(p.hi / p.lo, uniform());  // a log slider
      return number_text(std::clamp(v, p.lo, p.hi), *integer);
    }
    case Param::Kind::Bool: return chance(0.5) ? "true" : "false";
    case Param::Kind::Enum: return p.choices.empty() ? "" : pick(p.choices);
    case Param::Kind::String: {
      std::string now = p.read ? p.read() : "";
      if (!now.empty() && chance(0.3)) {  // typing: a character added or removed at the end
        if (chance(0.5)) now.pop_back();
        else now += char('a' + draw(26));
        return now;
      }
      return pick(sample_texts());
    }
  }
  return "";
}

void set_logged(const std::string& panel, const std::string& name, const std::string& value, bool number) {
  if (auto r = set_param(panel, name, value); !r) {
    (number ? g.refused_numbers : g.refused_texts)++;
    say("  refused: " + r.error().what);
  }
}

struct ParamRef {
  const ParamSet* set;
  const Param* p;
};

// Every parameter; with `shown_first`, mostly those of shown panels (what the person is looking at).
std::vector<ParamRef> all_params(const AppState& s, bool shown_only) {
  std::vector<ParamRef> out;
  for (const ParamSet& set : param_sets()) {
    const Panel* panel = find_panel(set.panel);
    if (shown_only && (!panel || !panel_visible(s, *panel))) continue;
    for (const Param& p : set.params) out.push_back({&set, &p});
  }
  return out;
}

void act_param(AppState& s) {
  std::vector<ParamRef> ps = all_params(s, chance(0.7));
  if (ps.empty()) ps = all_params(s, false);
  if (ps.empty()) return;
  const ParamRef r = pick(ps);
  bool integer = false;
  const std::string v = random_value(*r.p, &integer);
  const bool number = r.p->kind == Param::Kind::Float || r.p->kind == Param::Kind::Int;
  if (number && chance(0.3)) {
    Drag d{r.set->panel, r.p->name, std::strtod(r.p->read().c_str(), nullptr), std::strtod(v.c_str(), nullptr),
           integer, 5 + int(draw(20)), 0};
    say("drag " + d.panel + "." + d.name + " from " + r.p->read() + " to " + v + " over " + std::to_string(d.frames) +
        " frames");
    g.drag = d;
    return;
  }
  say("param " + r.set->panel + "." + r.p->name + " = \"" + v.substr(0, 80) + (v.size() > 80 ? "…" : "") + "\"");
  set_logged(r.set->panel, r.p->name, v, number);
}

void continue_drag() {
  Drag& d = *g.drag;
  ++d.done;
  const double v = d.from + (d.to - d.from) * double(d.done) / double(d.frames);
  set_logged(d.panel, d.name, number_text(d.done == d.frames ? d.to : v, d.integer), true);
  if (d.done >= d.frames) g.drag.reset();
}

// ---------------------------------------------------------------- panels, language, classroom

void act_panel(AppState& s) {
  if (chance(0.1)) {
    s.tile_requested = true;
    say("View > Arrange shown panels side by side");
    return;
  }
  if (chance(0.08)) {
    const std::vector<float> scales{0.75f, 1.0f, 1.25f, 1.5f, 2.0f, 3.0f};
    s.pending_ui_scale = pick(scales);
    say("View > UI scale " + number_text(s.pending_ui_scale, false));
    return;
  }
  std::vector<const Panel*> shown, all;
  for (const Panel& p : panels()) {
    all.push_back(&p);
    if (panel_visible(s, p)) shown.push_back(&p);
  }
  // Hide more often than show once many are open: a person keeps a handful on the screen.
  const Panel* p = shown.size() > 5 && chance(0.6) ? pick(shown) : pick(all);
  const bool show = !panel_visible(s, *p);
  s.settings.panels[p->id] = show;
  say(std::string(show ? "show " : "hide ") + p->id);
}

void act_language(AppState& s) {
  const Lang l = language() == Lang::en ? Lang::vi : Lang::en;
  set_language(l);
  s.settings.set("language", language_code(l));
  say(std::string("View > Language ") + language_code(l));
}

void act_classroom(AppState& s) {
  if (chance(0.5)) {
    if (s.classroom) press(chance(0.5) ? GLFW_KEY_ESCAPE : GLFW_KEY_F11, "Esc or F11 (leave classroom mode)");
    else press(GLFW_KEY_F11, "F11");
    return;
  }
  s.classroom_request = s.classroom ? 0 : 1;
  say(s.classroom ? "leave classroom mode" : "View > Classroom mode");
}

// ---------------------------------------------------------------- lessons

void act_lesson(AppState& s) {
  LessonPlayer& p = lesson_player();
  const auto& lessons = library().lessons;
  if (lessons.empty()) return;
  const int r = int(draw(10));
  const lesson::Step* step = p.step();
  if (!p.lesson() || r < 2) {
    const LessonEntry& e = lessons[size_t(draw(lessons.size()))];
    const int at = int(draw(e.in(p.language()).steps.size() + 1)) - 1;  // -1: where the reader left it
    say("open lesson " + e.id + (at < 0 ? " where the reader left it" : " at step " + std::to_string(at + 1)));
    p.open(s, e.id, at);
  } else if (r < 5) {
    if (s.classroom) press(chance(0.5) ? GLFW_KEY_RIGHT : GLFW_KEY_PAGE_DOWN, "Right / Page Down");
    else say(std::string("lesson Next") + (p.next(s) ? "" : " (last step)"));
  } else if (r < 6) {
    if (s.classroom) press(chance(0.5) ? GLFW_KEY_LEFT : GLFW_KEY_PAGE_UP, "Left / Page Up");
    else say(std::string("lesson Back") + (p.back(s) ? "" : " (first step)"));
  } else if (r < 9 && step && !step->questions.empty()) {
    const int q = int(draw(step->questions.size()));
    const lesson::Question& question = step->questions[size_t(q)];
    if (r == 8) {
      say("lesson question " + std::to_string(q + 1) + ": Show me");
      p.show_me(s, q);
      return;
    }
    AnswerState& a = p.answer_state(q);
    if (question.numeric) a.typed = chance(0.5) ? number_text(question.answer, false) : pick(sample_texts());
    else a.choice = int(draw(question.choices.size() + 1)) - 1;
    const auto v = p.check(s, q);
    say("lesson question " + std::to_string(q + 1) + ": answered (" +
        (v == AnswerState::Verdict::Right ? "right" : v == AnswerState::Verdict::Wrong ? "wrong" : "no verdict") + ")");
  } else {
    say("lesson close");
    p.close();
  }
}

// ---------------------------------------------------------------- models

const char* slot_file(SlotId id) { return id == SlotId::Gpt ? "gpt.ckpt" : "llada.ckpt"; }

void act_tokenizer(AppState& s) {
  if (chance(0.6)) {
    std::vector<ParamRef> ps;
    for (const ParamRef& r : all_params(s, false))
      if (r.p->kind == Param::Kind::Enum && r.p->name.find("tokenizer") != std::string::npos) ps.push_back(r);
    if (!ps.empty()) {
      const ParamRef r = pick(ps);
      const std::string v = pick(r.p->choices);
      say("tokenizer " + r.set->panel + "." + r.p->name + " = " + v);
      set_logged(r.set->panel, r.p->name, v, false);
      return;
    }
  }
  // Rebuild a model with another tokenizer (the Training panel's Build, with a small model).
  const std::vector<std::string> tokenizers{"byte", "gpt2", "cl100k"};
  const std::vector<std::string> models{"zero-layer", "gpt", "llada"};
  const std::string model = pick(models), tok = pick(tokenizers);
  say("rebuild " + model + " with tokenizer " + tok);
  autostart_training(s, {model}, 0, tok);
}

void act_checkpoint(AppState& s) {
  const SlotId id = chance(0.5) ? SlotId::Gpt : SlotId::Llada;
  const SlotId other = id == SlotId::Gpt ? SlotId::Llada : SlotId::Gpt;
  train::Trainer* tr = lab_session(s).slot(id).trainer();
  if (!tr) {
    say(std::string("checkpoint: no ") + slot_name(id) + " model yet");
    return;
  }
  const std::string own = g.dir + "/" + slot_file(id);
  const int r = int(draw(10));
  if (r < 4) {
    say(std::string("save checkpoint ") + slot_name(id) + " to " + own);
    tr->save(own);
  } else if (r < 7) {
    say(std::string("load checkpoint ") + slot_name(id) + " from " + own);
    tr->load(own);
  } else if (r < 9) {
    const std::string path = g.dir + "/" + slot_file(other);
    say(std::string("load the other model's checkpoint into ") + slot_name(id) + ": " + path);
    tr->load(path);
  } else {
    // A damaged copy: its bytes cut short or one byte changed.
    std::ifstream in(own, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!bytes.empty()) {
      if (chance(0.5)) bytes.resize(size_t(draw(bytes.size())));
      else bytes[size_t(draw(bytes.size()))] ^= char(1 + draw(255));
    }
    const std::string path = g.dir + "/damaged.ckpt";
    std::ofstream(path, std::ios::binary) << bytes;
    say(std::string("load a damaged checkpoint into ") + slot_name(id) + " (" + std::to_string(bytes.size()) + " bytes)");
    tr->load(path);
  }
}

void act_scene(AppState& s) {
  const int r = int(draw(10));
  if (g.scenes.empty() || r < 4) {
    const std::string path = g.dir + "/scene-" + std::to_string(draw(3)) + ".json";
    const bool with = chance(0.5);
    say("save scene " + path + (with ? " with checkpoints" : ""));
    save_scene_file(s, path, with);
    if (std::find(g.scenes.begin(), g.scenes.end(), path) == g.scenes.end()) g.scenes.push_back(path);
  } else if (r < 9) {
    const std::string path = pick(g.scenes);
    say("open scene " + path);
    open_scene_file(s, path);
  } else {
    std::ifstream in(pick(g.scenes));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty()) {
      if (chance(0.5)) text.resize(size_t(draw(text.size())));
      else text[size_t(draw(text.size()))] = "x\"}]:,0"[draw(7)];
    }
    const std::string path = g.dir + "/damaged-scene.json";
    std::ofstream(path) << text;
    say("open a damaged scene (" + std::to_string(text.size()) + " bytes)");
    open_scene_file(s, path);
  }
}

void act_train(AppState& s) {
  const int r = int(draw(12));
  if (r == 0) return press(GLFW_KEY_SPACE, "Space (play / pause)");
  if (r == 1) return press(GLFW_KEY_S, "S (one step)");
  if (r == 2) return press(GLFW_KEY_R, "R (reset)");
  const SlotId id = chance(0.5) ? SlotId::Gpt : SlotId::Llada;
  train::Trainer* tr = lab_session(s).slot(id).trainer();
  const std::string who = slot_name(id);
  if (!tr) return say("train: no " + who + " model yet");
  if (r < 5) say(who + " Start"), tr->start();
  else if (r < 7) say(who + " Pause"), tr->pause();
  else if (r < 8) say(who + " Step"), tr->step(1);
  else if (r < 9) say(who + " Step 100"), tr->step(100);
  else {
    const float lr = chance(0.15) ? (chance(0.5) ? 1e-5f : 1.0f) : float(1e-5 * std::pow(1e5, uniform()));
    say(who + " live learning rate " + number_text(lr, false));
    tr->set_learning_rate(lr);
  }
}

void act_export(AppState& s) {
  std::vector<const FileAction*> entries;
  for (const FileAction& a : file_actions())
    if (!a.panel.empty() && a.run) entries.push_back(&a);  // the top-level entries open dialogs (scenes: act_scene)
  if (entries.empty()) return;
  const FileAction* a = pick(entries);
  say("File > " + a->panel + " > " + a->label);
  a->run(s);
}

// A splitmix64 step: well-spread seeds for the per-action generators.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void act(AppState& s, Act kind) {
  g.rng.seed(mix(g.seed ^ mix(std::uint64_t(g.actions))));
  ++g.actions;
  ++g.counts[size_t(kind)];
  g.kind = kind;
  struct Untag { ~Untag() { g.kind = Act::Count; } } untag;
  switch (kind) {
    case Act::Panel: return act_panel(s);
    case Act::Param: return act_param(s);
    case Act::Tokenizer: return act_tokenizer(s);
    case Act::Checkpoint: return act_checkpoint(s);
    case Act::Scene: return act_scene(s);
    case Act::Language: return act_language(s);
    case Act::Classroom: return act_classroom(s);
    case Act::Lesson: return act_lesson(s);
    case Act::Train: return act_train(s);
    case Act::Export: return act_export(s);
    case Act::Count: return;
  }
}

Act next_kind() {
  if (g.actions < kActs) return g.first_round[size_t(g.actions)];
  int total = 0;
  for (int w : kActWeights) total += w;
  int x = int(g.schedule() % std::uint64_t(total));
  for (int k = 0; k < kActs; ++k)
    if ((x -= kActWeights[k]) < 0) return Act(k);
  return Act::Param;
}

// ---------------------------------------------------------------- between actions

// Both models keep training: one that is paused (by an action, or rebuilt by a scene) starts again, and
// one that diverged continues from its last good weights at a tenth of the rate, as the Training
// panel's buttons do.
void keep_training(AppState& s) {
  for (SlotId id : {SlotId::Gpt, SlotId::Llada}) {
    TrainerSlot& slot = lab_session(s).slot(id);
    train::Trainer* tr = slot.trainer();
    auto snap = slot.snapshot();
    if (!tr || !snap || slot.building()) continue;
    if (snap->status == train::TrainerStatus::Paused) {
      say(std::string("keep training: Start ") + slot_name(id));
      tr->start();
      ++g.restarts;
    } else if (snap->status == train::TrainerStatus::Diverged) {
      say(std::string("keep training: ") + slot_name(id) + " diverged, continue with lr / 10");
      tr->set_learning_rate(std::max(1e-6f, snap->lr / 10));
      tr->start();
      ++g.restarts;
    }
  }
}

// What the window told the person goes into the log; old banners are dismissed (a person clicks x).
void read_messages(AppState& s) {
  g.messages_logged = std::min(g.messages_logged, s.messages.size());
  for (size_t i = g.messages_logged; i < s.messages.size(); ++i) {
    const Message& m = s.messages[i];
    ++g.messages;
    if (m.kind == Message::Kind::Error) ++g.errors;
    std::string line = m.text.substr(0, m.text.find('\n'));
    say(std::string(m.kind == Message::Kind::Error ? "  shown error: " : "  shown note: ") + line.substr(0, 160));
  }
  if (s.messages.size() > 3) s.messages.erase(s.messages.begin(), s.messages.end() - 3);
  g.messages_logged = s.messages.size();
  // What the trainers said (a checkpoint saved or refused, a divergence) shows in the Training panel.
  for (SlotId id : {SlotId::Gpt, SlotId::Llada}) {
    auto snap = lab_session(s).slot(id).snapshot();
    std::string& last = g.trainer_said[int(id)];
    if (!snap || snap->message == last) continue;
    last = snap->message;
    if (!last.empty()) say(std::string("  ") + slot_name(id) + " says: " + last.substr(0, last.find('\n')).substr(0, 160));
  }
}

void sample_memory() {
  g.memory.push_back({g.now, resident_bytes()});
  if (const double l = load_average(); l >= 0) g.load_sum += l, ++g.load_n;
}

double mib(std::uint64_t bytes) { return double(bytes) / (1024.0 * 1024.0); }

void start(AppState& s) {
  g.schedule.seed(g.seed);
  for (int k = 0; k < kActs; ++k) g.first_round.push_back(Act(k));
  for (size_t i = g.first_round.size(); i > 1; --i) std::swap(g.first_round[i - 1], g.first_round[g.schedule() % i]);
  g.dir = s.config_dir + "/soak-files";
  std::error_code ec;
  fs::create_directories(g.dir, ec);
  s.settings.set("export_dir", g.dir);
  log_line("soak: seed " + std::to_string(g.seed) + ", " + number_text(g.seconds, false) + " s, files in " + g.dir);
  autostart_training(s, {"gpt", "llada"}, 0, "byte");
  sample_memory();
  g.next_sample = 2;
  g.next_frame = 2;
}

}  // namespace

std::string parse_soak_options(cli::Args& a) {
  const auto seed = a.get("--soak");
  g.seconds = a.get_double("--soak-seconds", g.seconds, 1, 7 * 24 * 3600.0);
  if (!seed) return a.has("--soak-seconds") ? "--soak-seconds needs --soak SEED" : "";
  char* end = nullptr;
  g.seed = std::strtoull(seed->c_str(), &end, 10);
  if (seed->empty() || *end != '\0' || (*seed)[0] == '-')
    return "--soak expects a seed (a whole number 0 or more), got '" + *seed + "'";
  if (!a.has("--config-dir"))
    return "--soak changes settings at random: give it a folder of its own with --config-dir DIR";
  g.on = true;
  return "";
}

bool soak_on() { return g.on; }

void soak_frame(AppState& s, int frame) {
  if (frame > 2 && s.now - g.now > kSlowFrame) {  // the frames before the first action build fonts and models
    ++g.slow_frames;
    say("  slow frame: " + number_text(s.now - g.now, false).substr(0, 5) + " s; the last action was at " +
        g.last_action.substr(0, 120));
  }
  if (frame > 2) g.longest_frame = std::max(g.longest_frame, s.now - g.now);
  g.frame = frame, g.now = s.now;
  g.failed_saves = s.failed_writes;
  if (g.release_key >= 0) ImGui::GetIO().KeysDown[g.release_key] = false, g.release_key = -1;
  if (frame == 1) start(s);
  read_messages(s);
  if (g.now >= g.next_sample) sample_memory(), g.next_sample += 2;
  if (g.now >= g.next_report) {
    g.next_report += 60;
    log_line("soak: " + number_text(g.now / 60, false) + " min, " + std::to_string(g.actions) + " actions, RSS " +
             number_text(std::round(mib(g.memory.back().rss)), true) + " MiB");
  }
  if (frame % 90 == 0) keep_training(s);
  if (g.drag) {
    continue_drag();
  } else if (frame >= g.next_frame) {
    act(s, next_kind());
    // Each kind once at a brisk pace first, then an action every 3 to 30 frames.
    g.next_frame = frame + (g.actions < kActs ? 2 : 3 + int(g.schedule() % 28));
  }
  if (g.now >= g.seconds) s.quit_requested = true;
}

void soak_summary() {
  if (!g.on) return;
  sample_memory();
  std::string kinds;
  for (int k = 0; k < kActs; ++k) kinds += std::string(k ? ", " : "") + kActNames[k] + " " + std::to_string(g.counts[size_t(k)]);
  std::printf("soak: seed %llu, %.1f s, %d frames, %d actions: %s\n", (unsigned long long)g.seed, g.now, g.frame,
              g.actions, kinds.c_str());
  std::printf("soak: %d messages shown (%d errors), %d values refused (%d numbers in range), %d restarts of a "
              "paused or diverged model; longest frame %.2f s, %d frames over %.0f s; checkpoint saves failed: %d\n",
              g.messages, g.errors, g.refused_numbers + g.refused_texts, g.refused_numbers, g.restarts, g.longest_frame,
              g.slow_frames, kSlowFrame, g.failed_saves);
  const MemoryTrend m = memory_trend(g.memory, soak_warmup(g.now));
  char growth[96] = "too short to fit";
  if (m.mib_per_hour)
    std::snprintf(growth, sizeof growth, "%+.1f MiB/h%s", *m.mib_per_hour, g.now < 300 ? " (a run under 5 minutes says little)" : "");
  std::printf("soak: RSS start %.1f MiB, peak %.1f MiB, end %.1f MiB; growth %s (least squares over %d samples "
              "after a %.0f s warm-up); load average %.2f\n",
              mib(m.start), mib(m.peak), mib(m.end), growth, m.fitted, m.warmup, g.load_n ? g.load_sum / g.load_n : -1.0);
  std::fflush(stdout);
}

}  // namespace llada::app
