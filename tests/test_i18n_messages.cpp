// The messages core writes for the window, in Vietnamese: each test case makes core fail the way a
// person meets it (a missing or damaged file, text that is not UTF-8, a damaged checkpoint, a model too
// large for memory, a training run that diverges) and checks that tr_message leaves no line of the real
// message in English and keeps its variable parts. A failure here means core reworded a message: update
// its template in app/i18n/messages.cpp and the Vietnamese in app/i18n/vi.po.
#include <doctest/doctest.h>

#include <string>

#include "app/i18n/i18n.hpp"
#include "app/params.hpp"
#include "app/scene.hpp"
#include "app/settings.hpp"
#include "core/data/corpus.hpp"
#include "core/lesson/lesson.hpp"
#include "core/data/text.hpp"
#include "core/train/checkpoint.hpp"
#include "core/train/memory.hpp"
#include "core/train/session.hpp"
#include "core/train/trainer.hpp"
#include "core/util/file.hpp"
#include "tests/fake_backend.hpp"
#include "tests/temp_dir.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::app;

namespace {

float g_t = 0.5f;
int g_L = 8;
bool g_on = false;
std::string g_tok = "byte";
char g_prompt[8] = "";
app::RegisterParams g_reg{"i18n_panel", {
    app::Param::real("t", &g_t, 0, 1, "a time"),
    app::Param::integer("L", &g_L, 1, 4096, "a length"),
    app::Param::flag("on", &g_on, "a switch"),
    app::Param::choice("tokenizer", &g_tok, {"byte", "gpt2"}, "a choice"),
    app::Param::text("prompt", g_prompt, sizeof g_prompt, "a short buffer")}};

// The message in Vietnamese with every line translated, and `kept` (a path, a number) still in it.
void check_vietnamese(const std::string& english, const std::string& kept = "") {
  INFO("message: " << english);
  const MessageTranslation vi = translate_message(english, Lang::vi);
  INFO("Vietnamese: " << vi.text);
  CHECK(vi.untranslated == 0);
  CHECK(vi.text != english);
  CHECK(vi.text.find("HINT") == std::string::npos);
  if (!kept.empty()) CHECK(vi.text.find(kept) != std::string::npos);
}

}  // namespace

TEST_CASE("core messages in Vietnamese: a missing file, a folder, a file that cannot be opened") {
  test::TempDir dir("i18n");
  const std::string missing = (dir.path() / "nowhere.txt").string();
  auto a = load_text_file(missing);
  REQUIRE(!a);
  check_vietnamese(a.error().to_string(), "nowhere.txt");
  auto b = load_text_file(dir.path());
  REQUIRE(!b);
  check_vietnamese(b.error().to_string());
  auto c = read_file_bytes(missing);
  REQUIRE(!c);
  check_vietnamese(c.error().to_string(), "nowhere.txt");
  auto d = load_corpus("no-such-corpus");
  REQUIRE(!d);
  check_vietnamese(d.error().to_string(), "no-such-corpus");
}

TEST_CASE("core messages in Vietnamese: text that is not UTF-8, empty or too short") {
  auto bad = clean_text("ab\xC3(cd", TextOptions{.min_chars = 0}, "notes.txt");
  REQUIRE(!bad);
  check_vietnamese(bad.error().to_string(), "notes.txt");
  auto cut = clean_text("abc\xE1\xBA", TextOptions{.min_chars = 0}, "notes.txt");
  REQUIRE(!cut);
  check_vietnamese(cut.error().to_string());
  auto empty = clean_text("   ", TextOptions{.min_chars = 10}, "notes.txt");
  REQUIRE(!empty);
  check_vietnamese(empty.error().to_string());
  auto shrt = clean_text("Xin chào", TextOptions{.min_chars = 100}, "notes.txt");
  REQUIRE(!shrt);
  check_vietnamese(shrt.error().to_string(), "100");
  auto unnamed = clean_text("", TextOptions{.min_chars = 10});  // core's default name, "the text"
  REQUIRE(!unnamed);
  check_vietnamese(unnamed.error().to_string());
}

TEST_CASE("core messages in Vietnamese: damaged checkpoints") {
  test::TempDir dir("i18n");
  auto s = train::TrainSession::create(test::small_train_config(0.01f));
  REQUIRE(s);
  const std::string path = (dir.path() / "m.ckpt").string();
  REQUIRE(s->save(path));
  auto bytes = read_file_bytes(path);
  REQUIRE(bytes);
  std::string flipped = *bytes;
  flipped[flipped.size() / 2] ^= 0x5A;
  auto corrupt = train::checkpoint_from_bytes(flipped, path);
  REQUIRE(!corrupt);
  check_vietnamese(corrupt.error().to_string(), "m.ckpt");
  auto cut = train::checkpoint_from_bytes(std::string_view(*bytes).substr(0, bytes->size() - 40), path);
  REQUIRE(!cut);
  check_vietnamese(cut.error().to_string(), "m.ckpt");
  auto header = train::checkpoint_from_bytes(std::string_view(*bytes).substr(0, 14), path);
  REQUIRE(!header);
  check_vietnamese(header.error().to_string());
  std::string magic = *bytes;
  magic[0] = 'X';
  auto not_ours = train::checkpoint_from_bytes(magic, path);
  REQUIRE(!not_ours);
  check_vietnamese(not_ours.error().to_string(), "m.ckpt");
  auto none = train::read_checkpoint((dir.path() / "none.ckpt").string());
  REQUIRE(!none);
  check_vietnamese(none.error().to_string(), "none.ckpt");
}

TEST_CASE("core messages in Vietnamese: a model too large for the memory") {
  auto ok = train::check_fits_in_memory(uint64_t(1) << 62, "a huge table");
  REQUIRE(!ok);
  check_vietnamese(ok.error().to_string(), "a huge table");
  train::TrainConfig c = test::small_train_config(0.01f);
  c.model = ModelConfig::zero_layer(1 << 30, 512);
  auto s = train::TrainSession::create(c);
  REQUIRE(!s);
  check_vietnamese(s.error().to_string());
  test::FakeBackend small;  // a device with one byte free
  small.free_bytes = 1;
  c = test::small_train_config(0.01f);
  c.backend = &small;
  auto d = train::TrainSession::create(c);
  REQUIRE(!d);
  check_vietnamese(d.error().to_string(), "fake");
}

TEST_CASE("core messages in Vietnamese: the trainer's divergence and its checkpoint messages" * doctest::test_suite("threads")) {
  test::TempDir dir("i18n");
  auto o = test::cyclic_trainer_options<16>(ModelConfig::zero_layer(16, 8), train::Objective::Autoregressive);
  o.train.lr = {.lr_max = 1e4f, .lr_min = 1e4f};
  o.train.grad_clip = 0.0f;
  auto made = train::Trainer::create(o);
  REQUIRE(made);
  train::Trainer& tr = **made;
  const std::string path = (dir.path() / "good.ckpt").string();
  tr.save(path);
  tr.wait_until_idle();
  check_vietnamese(tr.snapshot()->message, "good.ckpt");
  tr.load((dir.path() / "missing.ckpt").string());
  tr.wait_until_idle();
  check_vietnamese(tr.snapshot()->message, "missing.ckpt");
  tr.step(40);
  tr.wait_until_idle();
  auto snap = tr.snapshot();
  REQUIRE(snap->status == train::TrainerStatus::Diverged);
  check_vietnamese(snap->message);
  tr.set_learning_rate(-1.0f);
  tr.wait_until_idle();
  check_vietnamese(tr.snapshot()->message);
}

TEST_CASE("core names the window shows: every named corpus has a Vietnamese title") {
  const Lang before = language();
  set_language(Lang::vi);
  for (const auto& c : named_corpora()) CHECK_MESSAGE(std::string(tr(c.title.c_str())) != c.title, c.title);
  set_language(before);
}

TEST_CASE("window messages in Vietnamese: a refused parameter value, as a lesson's @set, a scene or --set meets it") {
  // LessonPlayer::apply shows "lessons/FILE: " + the error; the lessons panel lists check_lesson's
  // "lessons/FILE:LINE: " + the error; settings.json's problems end in " (kept the default)".
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"t", "abc"}, {"t", "2"}, {"L", "1.5"}, {"L", "0"}, {"on", "maybe"}, {"tokenizer", "words"}, {"prompt", "far too long"}};
  for (const auto& [name, value] : refused) {
    auto r = set_param("i18n_panel", name, value);
    REQUIRE(!r);
    check_vietnamese("lessons/x.md: " + r.error().to_string(), "lessons/x.md");
    check_vietnamese("lessons/x.md:12: " + r.error().to_string(), "lessons/x.md:12");
    check_vietnamese(r.error().what + " (kept the default)", "i18n_panel." + name);
  }
  auto no_panel = set_param("no_such_panel", "t", "1");
  REQUIRE(!no_panel);
  check_vietnamese(no_panel.error().to_string(), "no_such_panel");
  auto no_param = set_param("i18n_panel", "no_such", "1");
  REQUIRE(!no_param);
  check_vietnamese(no_param.error().to_string(), "no_such");
  check_vietnamese("lessons/x.md:12: " + no_param.error().to_string(), "lessons/x.md:12: ");
  check_vietnamese("lessons/x.md: " + no_panel.error().to_string(), "lessons/x.md: ");
  auto bad_key = split_param_key("nodot");
  REQUIRE(!bad_key);
  check_vietnamese(bad_key.error().to_string(), "nodot");
  // A scene's problems come as a list, one "- " item a line.
  check_vietnamese("- " + no_param.error().what + ": skipped\n- panel 'old' does not exist in this version: skipped", "- ");
}

TEST_CASE("window messages in Vietnamese: settings.json's problems, a damaged and an unusable one") {
  test::TempDir dir("i18n_settings");
  const std::string cfg = dir.path().string();
  REQUIRE(write_file_atomic(cfg + "/settings.json",
                          R"({"ui_scale": 9, "panels": {"forward": "yes"}, "values": {"x": 3, "forward.t": "1"}})"));
  const Loaded bad = load_settings(cfg);
  REQUIRE(bad.problem.find("ui_scale") != std::string::npos);
  check_vietnamese(bad.problem, "settings.json.bak");
  REQUIRE(write_file_atomic(cfg + "/settings.json", "not json {"));
  const Loaded broken = load_settings(cfg);
  REQUIRE(!broken.problem.empty());
  check_vietnamese(broken.problem, "settings.json.bak");
  REQUIRE(write_file_atomic(cfg + "/settings.json", "[1, 2]"));
  check_vietnamese(load_settings(cfg).problem);
}

TEST_CASE("window messages in Vietnamese: what a scene could not use, and a damaged scene") {
  auto r = parse_scene(R"({"llada_lab_scene": 99, "extra": 1, "params": {"i18n_panel.t": "5", "i18n_panel.L": "x", "nodot": "1"},
      "panels": {"forward": "yes"}, "ui_scale": "big", "layout": 3,
      "models": {"bert": {}, "llada": 2, "gpt": {"options": {"d": "x", "lr": "fast", "name": 1, "weird": 1, "inverse_t": 2},
                                                "checkpoint": 5}}})");
  REQUIRE(r);
  REQUIRE(r->problems.size() >= 8);
  std::string list = "Scene opened, except what it could not use: x.json";  // scene_window.cpp writes this lead with tr()
  for (const auto& p : r->problems) {
    check_vietnamese(p);
    list += "\n- " + p;
  }
  const MessageTranslation vi = translate_message(list, Lang::vi);
  CHECK(vi.untranslated == 1);  // the lead only
  CHECK(vi.text.find("\n- ") != std::string::npos);
  for (const char* damaged : {"{", "[1]", R"({"params": [1], "panels": 2, "models": []})"}) {
    auto d = parse_scene(damaged);
    if (!d) check_vietnamese(d.error().to_string());
    else
      for (const auto& p : d->problems) check_vietnamese(p);
  }
}

TEST_CASE("window messages in Vietnamese: a file the window cannot write (an export, settings, a scene)") {
  test::TempDir dir("i18n_write");
  const std::string folder = dir.path().string();
  auto into_folder = write_file_atomic(folder, "x", "export");
  REQUIRE(!into_folder);
  check_vietnamese(into_folder.error().to_string(), folder);
  auto missing = write_file_atomic(folder + "/no/such/dir/tokens.csv", "x", "settings file");
  REQUIRE(!missing);
  check_vietnamese(missing.error().to_string(), "tokens.csv");
  CHECK(translate_message(missing.error().to_string(), Lang::vi).text.find("settings file") == std::string::npos);
  auto unnamed = write_file_atomic("", "x", "scene file");
  REQUIRE(!unnamed);
  check_vietnamese(unnamed.error().to_string());
}

TEST_CASE("window messages in Vietnamese: a lesson file the Lessons panel cannot use") {
  // The panel lists parse_lesson's error or check_lesson's problems, each after "lessons/FILE:LINE: ".
  const std::string head = "# Lesson\n\n## Step\n@panel i18n_panel\n";
  const std::vector<std::string> broken = {
      "no title, no step\n",
      "# Lesson\n@panel i18n_panel\n",
      "# Lesson\n\n## Step\n@panel two words\n",
      head + "@set\n",
      head + "@set t\n",
      head + "@set prompt=\"open\n",
      head + "@set prompt=\"a\"b\n",
      head + "@question\n",
      head + "@answer 3\n",
      head + "@frobnicate\n",
      head + "@question Why?\n@answer 1\n@answer 2\n",
      head + "@question Why?\n@answer many\n",
      head + "@question Why?\n@answer 1\n@choice no\n",
      head + "@question Why?\n@choice\n",
      head + "@question Why?\n@hint\n",
      head + "@question Why?\n@check\n",
      head + "@question Why?\n@choice a\n",
      head + "@question Why?\n",
  };
  int errors = 0;
  for (const auto& text : broken) {
    auto l = lesson::parse_lesson(text, "lessons/x.md");
    REQUIRE_MESSAGE(!l, text);
    check_vietnamese(l.error().to_string(), "lessons/x.md:");
    ++errors;
  }
  const lesson::Catalogue cat{[](const std::string& p) { return p == "i18n_panel"; },
                              [](const std::string& p, const std::string& n, const std::string& v) { return check_param(p, n, v); },
                              false};
  auto l = lesson::parse_lesson("## Step without a panel\nText.\n\n## Step\n@panel nosuch\n\n## Step\n@panel i18n_panel\n"
                                "@set t=5 nosuch=1 other.t=1\n",
                                "lessons/x.md");
  REQUIRE(l);
  const auto problems = lesson::check_lesson(*l, cat);
  REQUIRE(problems.size() >= 5);
  for (const auto& p : problems) check_vietnamese(p, "lessons/x.md:");
  CHECK(errors == int(broken.size()));
}
