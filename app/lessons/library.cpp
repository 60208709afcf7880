#include "app/lessons/library.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/panels/panel.hpp"
#include "app/params.hpp"

namespace llada::app {

namespace fs = std::filesystem;

lesson::Catalogue window_catalogue() {
  return lesson::Catalogue{
      [](const std::string& panel) { return find_panel(panel) != nullptr; },
      [](const std::string& panel, const std::string& name, const std::string& value) {
        return check_param(panel, name, value);
      }};
}

const lesson::Lesson& LessonEntry::in(const std::string& lang) const {
  if (auto it = by_language.find(lang); it != by_language.end()) return it->second;
  if (auto it = by_language.find("en"); it != by_language.end()) return it->second;
  return by_language.begin()->second;
}

namespace {

// Lesson files of a folder, by file name (README.md is the authors' guide, not a lesson).
void read_folder(const fs::path& dir, std::map<std::string, std::string>& texts) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".md" || name == "README.md") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (in) texts[name] = ss.str();
  }
}

Library read_library() {
  std::map<std::string, std::string> texts;  // file name -> text
  for (const auto& b : builtin_lessons()) texts[b.file] = std::string(b.text);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) read_folder(exe.parent_path() / "lessons", texts);
  if (const char* d = std::getenv("LLADA_LESSONS_DIR"); d && *d) read_folder(d, texts);
  Library lib;
  std::map<std::string, LessonEntry> by_id;
  lesson::Catalogue cat = window_catalogue();
  cat.compute_answers = false;  // `llada-lab lesson check` and the tests verify the answers
  for (const auto& [name, text] : texts) {
    auto l = lesson::parse_lesson(text, "lessons/" + name);
    if (!l) {
      lib.problems.push_back(l.error().to_string());
      continue;
    }
    auto problems = lesson::check_lesson(*l, cat);
    if (!problems.empty()) {
      lib.problems.insert(lib.problems.end(), problems.begin(), problems.end());
      continue;
    }
    LessonEntry& e = by_id[l->id];
    e.id = l->id;
    e.by_language[l->language] = std::move(*l);
  }
  for (auto& [id, e] : by_id) lib.lessons.push_back(std::move(e));
  return lib;
}

}  // namespace

const Library& library() {
  static const Library lib = read_library();
  return lib;
}

}  // namespace llada::app
