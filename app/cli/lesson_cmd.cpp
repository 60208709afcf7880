// `llada-lab lesson check [FILE|FOLDER…]`: validates lessons without a window — their structure, the panel
// and parameter names and ranges of @panel / @set / @show, each @check's computed value against its @answer,
// and that the translations of one lesson (same id, other language) have the same steps, questions and
// answers. Without arguments it checks the lessons compiled into the program.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "app/cli/command.hpp"
#include "app/lessons/library.hpp"
#include "core/lesson/lesson.hpp"

namespace llada::cli {
namespace {

namespace fs = std::filesystem;

const char* kUsage =
    "Usage: llada-lab lesson check [FILE.md|FOLDER]...\n\n"
    "Checks lessons: structure (steps, questions with answers), @panel / @set / @show against the window's\n"
    "panels and parameters (llada-lab --window-help), each @check computed by core/ against its @answer,\n"
    "and that the languages of one lesson (NAME.en.md, NAME.vi.md) have the same steps, questions and\n"
    "answers. A folder means its *.md files except README.md. No argument: the lessons built in.\n"
    "Exit status 0 when every lesson passes, 1 otherwise.\n";

int check(const std::vector<std::string>& args) {
  std::vector<lesson::Lesson> lessons;
  std::vector<std::string> errors, notes;
  auto add = [&](Result<lesson::Lesson> l) {
    if (l) lessons.push_back(std::move(*l));
    else errors.push_back(l.error().to_string());
  };
  if (args.empty()) {
    for (const auto& b : app::builtin_lessons()) add(lesson::parse_lesson(b.text, std::string("lessons/") + b.file));
  }
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> files;
      for (const auto& e : fs::directory_iterator(a, ec))
        if (e.path().extension() == ".md" && e.path().filename() != "README.md") files.push_back(e.path().string());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) add(lesson::load_lesson(f));
    } else {
      add(lesson::load_lesson(a));
    }
  }
  const lesson::Catalogue cat = app::window_catalogue();
  std::map<std::string, std::vector<const lesson::Lesson*>> by_id;
  int steps = 0, questions = 0, checked = 0;
  for (const auto& l : lessons) {
    auto p = lesson::check_lesson(l, cat, &notes);
    errors.insert(errors.end(), p.begin(), p.end());
    by_id[l.id].push_back(&l);
    steps += int(l.steps.size());
    for (const auto& s : l.steps) {
      questions += int(s.questions.size());
      for (const auto& q : s.questions) checked += !q.check.empty();
    }
  }
  for (const auto& [id, ls] : by_id)
    for (size_t i = 1; i < ls.size(); ++i) {
      auto p = lesson::compare_translations(*ls[0], *ls[i]);
      errors.insert(errors.end(), p.begin(), p.end());
    }
  for (const auto& n : notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
  std::printf("%zu lesson files (%zu lessons), %d steps, %d questions, %d answers computed by core/: %s\n",
              lessons.size(), by_id.size(), steps, questions, checked,
              errors.empty() ? "ok" : (std::to_string(errors.size()) + " problems").c_str());
  return errors.empty() ? 0 : 1;
}

int run_lesson(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "check") return check(std::vector<std::string>(args.begin() + 1, args.end()));
  std::fprintf(stderr, "llada-lab lesson: unknown action '%s'\nHINT: run 'llada-lab lesson --help'.\n", args[0].c_str());
  return 2;
}

RegisterCommand reg{"lesson", "check lessons: structure, panel parameters, computed answers, translations", run_lesson};

}  // namespace
}  // namespace llada::cli
