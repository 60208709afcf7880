// The lessons the window offers and the reader's progress through them.
//
// Lessons are compiled in from lessons/*.md (app/CMakeLists.txt); a folder given by $LLADA_LESSONS_DIR,
// or a lessons/ folder next to the executable, replaces files of the same name, so an author sees an
// edit without rebuilding. Each lesson id ("01_forward_process") has one file per language.
// Progress (steps seen, questions answered right, the step last shown) is kept per lesson id in
// CONFIG_DIR/lessons.json (app/lessons/progress.hpp). No GUI dependency; the UI thread only.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/lessons/progress.hpp"
#include "core/lesson/lesson.hpp"

namespace llada::app {

struct BuiltinLesson {
  const char* file;  // "01_forward_process.en.md"
  std::string_view text;
};
std::span<const BuiltinLesson> builtin_lessons();  // generated from lessons/*.md

// The window's panels and parameters, for lesson::check_lesson.
lesson::Catalogue window_catalogue();

struct LessonEntry {
  std::string id;
  std::map<std::string, lesson::Lesson> by_language;  // "en", "vi"
  // The lesson in `lang`, else English, else any; never null (an entry has at least one language).
  const lesson::Lesson& in(const std::string& lang) const;
};

struct Library {
  std::vector<LessonEntry> lessons;  // sorted by id
  std::vector<std::string> problems; // files that did not parse or check (they are left out)
};
const Library& library();  // read on first use

}  // namespace llada::app
