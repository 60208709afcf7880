#include "app/settings.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace llada::app {

namespace fs = std::filesystem;

std::string default_config_dir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/llada-lab";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/llada-lab";
  return ".llada-lab";
}

double Settings::get_number(const std::string& key, double fallback, double lo, double hi) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  if (end != it->second.c_str() + it->second.size() || !(v >= lo && v <= hi)) return fallback;
  return v;
}

void Settings::set_number(const std::string& key, double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  values[key] = buf;
}

Result<Settings> parse_settings(const std::string& json_text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(std::string("it is not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object()) return fail("its top level is not a JSON object");
  Settings s;
  try {
    if (j.contains("ui_scale")) {
      if (!j["ui_scale"].is_number()) return fail("\"ui_scale\" is not a number");
      float v = j["ui_scale"].get<float>();
      if (!(v >= Settings::kMinScale && v <= Settings::kMaxScale))
        return fail("\"ui_scale\" " + std::to_string(v) + " is outside [" + std::to_string(Settings::kMinScale) +
                    ", " + std::to_string(Settings::kMaxScale) + "]");
      s.ui_scale = v;
    }
    if (j.contains("panels")) {
      if (!j["panels"].is_object()) return fail("\"panels\" is not an object");
      for (auto& [k, v] : j["panels"].items()) {
        if (!v.is_boolean()) return fail("\"panels\".\"" + k + "\" is not true or false");
        s.panels[k] = v.get<bool>();
      }
    }
    if (j.contains("values")) {
      if (!j["values"].is_object()) return fail("\"values\" is not an object");
      for (auto& [k, v] : j["values"].items()) {
        if (!v.is_string()) return fail("\"values\".\"" + k + "\" is not a string");
        s.values[k] = v.get<std::string>();
      }
    }
  } catch (const nlohmann::json::exception& e) {  // defensive: type errors the checks above missed
    return fail(std::string("it has an unexpected shape (") + e.what() + ")");
  }
  return s;
}

std::string settings_to_json(const Settings& s) {
  nlohmann::json j;
  j["ui_scale"] = s.ui_scale;
  j["panels"] = nlohmann::json::object();
  for (auto& [k, v] : s.panels) j["panels"][k] = v;
  j["values"] = nlohmann::json::object();
  for (auto& [k, v] : s.values) j["values"][k] = v;
  return j.dump(2) + "\n";
}

Loaded load_settings(const std::string& dir) {
  const std::string path = dir + "/settings.json";
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return {Settings{}, "could not read settings file '" + path + "'; using defaults"};
  auto parsed = parse_settings(text.str());
  if (!parsed)
    return {Settings{}, "settings file '" + path + "' is unusable: " + parsed.error().what +
                            "; using defaults\nHINT: fix or delete the file; the lab rewrites it on exit"};
  return {*parsed, {}};
}

Result<void> save_settings(const std::string& dir, const Settings& s) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create settings folder '" + dir + "': " + ec.message(),
                      "choose another folder with --config-dir DIR");
  const std::string path = dir + "/settings.json", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << settings_to_json(s);
    if (!out) return fail("cannot write '" + tmp + "'", "check the folder's permissions or use --config-dir DIR");
  }
  fs::rename(tmp, path, ec);
  if (ec) return fail("cannot replace '" + path + "': " + ec.message(), "check the folder's permissions");
  return {};
}

}  // namespace llada::app
