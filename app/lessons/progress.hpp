// The reader's progress through the lessons (steps seen, questions answered right, the step last shown),
// kept per lesson id in CONFIG_DIR/lessons.json:
//
//   {"01_forward_process": {"seen": [0, 1, 2], "answered": ["1.0", "2.1"], "step": 2}, …}
//
// No GUI dependency (the fuzzing harness reads the file as the window does); the UI thread only.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace llada::app {

struct LessonProgress {
  std::set<int> seen;              // step indices
  std::set<std::string> answered;  // "STEP.QUESTION" answered right
  int step = 0;                    // where the reader was
  bool operator==(const LessonProgress&) const = default;
};
using ProgressMap = std::map<std::string, LessonProgress>;

// lessons.json's text → progress. Entries of the wrong shape are skipped (steps below 0 read as 0); text
// that is not JSON gives an empty map (a damaged file starts the progress again rather than fail).
ProgressMap parse_progress(std::string_view json_text);
std::string progress_to_json(const ProgressMap& p);

ProgressMap load_progress(const std::string& config_dir);  // missing or corrupt file: empty
// Through a temporary file and a rename, every write checked: on failure the old file is unchanged.
Result<void> save_progress(const std::string& config_dir, const ProgressMap& p);

}  // namespace llada::app
