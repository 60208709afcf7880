#include "app/settings.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/util/file.hpp"

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

namespace {

// Number literals too large for a double ("1e400") make nlohmann's parser throw, which would lose the
// whole file: outside strings, each such literal becomes null, which the entry checks then reset.
std::string neutralise_huge_numbers(const std::string& t) {
  std::string out;
  out.reserve(t.size());
  bool in_string = false;
  for (size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < t.size()) out += t[++i];
      else if (c == '"') in_string = false;
      ++i;
    } else if (c == '"') {
      in_string = true;
      out += c;
      ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t j = i + 1;
      while (j < t.size() && (std::isdigit(static_cast<unsigned char>(t[j])) || t[j] == '.' || t[j] == 'e' ||
                              t[j] == 'E' || t[j] == '+' || t[j] == '-'))
        ++j;
      const std::string lit = t.substr(i, j - i);
      const double v = std::strtod(lit.c_str(), nullptr);
      out += std::isfinite(v) ? lit : std::string("null");
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace

Result<ParsedSettings> parse_settings(const std::string& json_text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(neutralise_huge_numbers(json_text));
  } catch (const nlohmann::json::parse_error& e) {  // the place only: the library's words are English
    return fail("it is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("it is not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object()) return fail("its top level is not a JSON object");
  ParsedSettings out;
  Settings& s = out.settings;
  auto bad = [&](const std::string& what) { out.problems.push_back(what); };
  try {
    if (j.contains("ui_scale")) {
      const auto& v = j["ui_scale"];
      const double x = v.is_number() ? v.get<double>() : 0.0;
      if (!v.is_number()) bad("\"ui_scale\" is not a number");
      else if (!(x >= Settings::kMinScale && x <= Settings::kMaxScale))
        bad("\"ui_scale\" " + v.dump() + " is outside [" + std::to_string(Settings::kMinScale) + ", " +
            std::to_string(Settings::kMaxScale) + "]");
      else s.ui_scale = static_cast<float>(x);
    }
    if (j.contains("panels")) {
      if (!j["panels"].is_object()) bad("\"panels\" is not an object");
      else
        for (auto& [k, v] : j["panels"].items()) {
          if (!v.is_boolean()) bad("\"panels\".\"" + k + "\" is not true or false");
          else s.panels[k] = v.get<bool>();
        }
    }
    if (j.contains("values")) {
      if (!j["values"].is_object()) bad("\"values\" is not an object");
      else
        for (auto& [k, v] : j["values"].items()) {
          if (!v.is_string()) bad("\"values\".\"" + k + "\" is not a string");
          else s.values[k] = v.get<std::string>();
        }
    }
  } catch (const nlohmann::json::exception& e) {  // defensive: type errors the checks above missed
    return fail(std::string("it has an unexpected shape (") + e.what() + ")");
  }
  return out;
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
  auto text = read_file_bytes(path, size_t(1) << 24);
  if (!text) return {Settings{}, "could not read settings file: " + text.error().what + "; using defaults"};
  auto parsed = parse_settings(*text);
  if (parsed && parsed->problems.empty()) return {parsed->settings, {}};
  // The lab rewrites settings.json: keep what the person wrote first.
  const std::string backup = path + ".bak";
  fs::copy_file(path, backup, fs::copy_options::overwrite_existing, ec);
  // One line each, a list item per problem: the window translates a message line by line (tr_message).
  const std::string kept = ec ? "a backup copy could not be made: " + ec.message()
                              : "the file as it was is saved as '" + backup + "'";
  if (!parsed)
    return {Settings{}, "settings file '" + path + "' is unusable, the defaults are used:\n- " + parsed.error().what +
                            "\n" + kept + "\nHINT: fix or delete the file; the lab rewrites it on exit"};
  std::string list;
  for (const auto& p : parsed->problems) list += "\n- " + p;
  return {parsed->settings,
          "settings file '" + path + "': these values are reset to the default, every other setting is kept:" + list +
              "\n" + kept + "\nHINT: fix the value in the backup and copy it back, or set it again in the window"};
}

Result<void> save_settings(const std::string& dir, const Settings& s) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create settings folder '" + dir + "': " + ec.message(),
                      "choose another folder with --config-dir DIR");
  return write_file_atomic(dir + "/settings.json", settings_to_json(s), "settings file");
}


}  // namespace llada::app
