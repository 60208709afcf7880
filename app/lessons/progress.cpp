#include "app/lessons/progress.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/util/file.hpp"

namespace llada::app {

ProgressMap parse_progress(std::string_view json_text) {
  ProgressMap out;
  try {
    const nlohmann::json j = nlohmann::json::parse(json_text);
    if (!j.is_object()) return out;
    for (const auto& [id, v] : j.items()) {
      if (!v.is_object()) continue;
      LessonProgress p;
      auto int_of = [](const nlohmann::json& x, int& to) {  // a whole number that fits an int (no wrap)
        if (x.is_number_unsigned()) {
          if (x.get<std::uint64_t>() > std::uint64_t(INT_MAX)) return false;
          to = int(x.get<std::uint64_t>());
          return true;
        }
        if (!x.is_number_integer() || x.get<std::int64_t>() < INT_MIN || x.get<std::int64_t>() > INT_MAX) return false;
        to = int(x.get<std::int64_t>());
        return true;
      };
      if (v.contains("seen") && v["seen"].is_array())
        for (const auto& x : v["seen"])
          if (int k = 0; int_of(x, k) && k >= 0) p.seen.insert(k);
      if (v.contains("answered") && v["answered"].is_array())
        for (const auto& x : v["answered"])
          if (x.is_string()) p.answered.insert(x.get<std::string>());
      if (v.contains("step"))
        if (int k = 0; int_of(v["step"], k)) p.step = std::max(0, k);
      out[id] = std::move(p);
    }
  } catch (const nlohmann::json::exception&) {
    return {};  // a damaged file: start again rather than fail
  }
  return out;
}

std::string progress_to_json(const ProgressMap& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [id, v] : p) j[id] = {{"seen", v.seen}, {"answered", v.answered}, {"step", v.step}};
  return j.dump(2) + "\n";
}

ProgressMap load_progress(const std::string& config_dir) {
  auto text = read_file_bytes(config_dir + "/lessons.json", size_t(1) << 24);
  return text ? parse_progress(*text) : ProgressMap{};
}

Result<void> save_progress(const std::string& config_dir, const ProgressMap& p) {
  std::error_code ec;
  std::filesystem::create_directories(config_dir, ec);
  // Through a temporary file of its own and a rename, every write checked: a full disk is an error and the
  // old progress stays whole (a buffered stream used to rename an empty file over it, unnoticed).
  return write_file_atomic(config_dir + "/lessons.json", progress_to_json(p), "lesson progress file");
}

}  // namespace llada::app
