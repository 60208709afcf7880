// Settings kept between runs, in $XDG_CONFIG_HOME/llada-lab/ (default ~/.config/llada-lab/):
//   settings.json  panel visibility, UI scale, and free key/values other features use
//                  (e.g. "corpus", "tokenizer"); written by us with nlohmann-json
//   imgui.ini      window positions and sizes (ImGui's text, written by save_window_layout in ini_clamp.hpp)
// A missing file means defaults; an unreadable or corrupt one means defaults plus a message, never a crash.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/util/result.hpp"

namespace llada::app {

struct Settings {
  static constexpr float kMinScale = 0.75f, kMaxScale = 3.0f;

  float ui_scale = 1.0f;                      // 1 = 16 px text; projectors want 1.5–2
  std::map<std::string, bool> panels;         // panel id -> shown (absent: the panel's default)
  std::map<std::string, std::string> values;  // free key/values for later features

  std::string get(const std::string& key, const std::string& fallback = {}) const {
    auto it = values.find(key);
    return it == values.end() ? fallback : it->second;
  }
  void set(const std::string& key, std::string value) { values[key] = std::move(value); }
  // A number stored as text; the fallback when absent, malformed or outside [lo, hi] (hand edits).
  double get_number(const std::string& key, double fallback, double lo, double hi) const;
  void set_number(const std::string& key, double v);
};

// $XDG_CONFIG_HOME/llada-lab, else $HOME/.config/llada-lab, else ".llada-lab" in the working directory.
std::string default_config_dir();

// Parses settings.json text, keeping every valid entry. Unknown keys are ignored (a newer version may have
// written them); a value of the wrong type or out of range ("ui_scale": "big", 1e400, 9) is left at its
// default and described in `problems`, so one bad hand edit never costs the other settings. Text that is
// not a JSON object at all is an error.
struct ParsedSettings {
  Settings settings;
  std::vector<std::string> problems;  // one line per entry that was reset
};
Result<ParsedSettings> parse_settings(const std::string& json_text);
std::string settings_to_json(const Settings& s);

// Reads DIR/settings.json. Missing file: defaults, no message. A file with bad entries (or no JSON at
// all) is first copied to DIR/settings.json.bak, since the lab rewrites settings.json; the good entries
// are kept, and `problem` says what was reset, where the backup is, and what to do.
struct Loaded {
  Settings settings;
  std::string problem;  // empty when all went well
};
Loaded load_settings(const std::string& dir);

// Creates DIR if needed and writes DIR/settings.json through a temporary file and a rename, so a crash
// mid-write never leaves a half file behind.
Result<void> save_settings(const std::string& dir, const Settings& s);

}  // namespace llada::app
