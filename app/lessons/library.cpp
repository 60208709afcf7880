#include "app/lessons/library.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "core/util/file.hpp"

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

ProgressMap load_progress(const std::string& config_dir) {
  ProgressMap out;
  std::ifstream in(config_dir + "/lessons.json", std::ios::binary);
  if (!in) return out;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    if (!j.is_object()) return out;
    for (const auto& [id, v] : j.items()) {
      if (!v.is_object()) continue;
      LessonProgress p;
      if (v.contains("seen") && v["seen"].is_array())
        for (const auto& x : v["seen"])
          if (x.is_number_integer()) p.seen.insert(x.get<int>());
      if (v.contains("answered") && v["answered"].is_array())
        for (const auto& x : v["answered"])
          if (x.is_string()) p.answered.insert(x.get<std::string>());
      if (v.contains("step") && v["step"].is_number_integer()) p.step = std::max(0, v["step"].get<int>());
      out[id] = std::move(p);
    }
  } catch (const nlohmann::json::exception&) {
    return {};  // a damaged file: start again rather than fail
  }
  return out;
}

Result<void> save_progress(const std::string& config_dir, const ProgressMap& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [id, v] : p) j[id] = {{"seen", v.seen}, {"answered", v.answered}, {"step", v.step}};
  std::error_code ec;
  fs::create_directories(config_dir, ec);
  return write_file_atomic(config_dir + "/lessons.json", j.dump(2) + "\n", "lesson progress file");
}

}  // namespace llada::app
