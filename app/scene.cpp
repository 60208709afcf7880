// Scene files: JSON text ⇄ Scene, opening what can be opened (app/scene.hpp).
#include "app/scene.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "app/params.hpp"
#include "core/util/file.hpp"

namespace llada::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kSlots[] = {"gpt", "llada"};

// A float as the shortest decimal that reads back as it (1e-3f → 0.001, not 0.0010000000474974513).
double tidy(float v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::strtod(std::string(buf, r.ptr).c_str(), nullptr);
}

json options_json(const train::RunOptions& o) {
  return json{{"model", o.model},   {"tokenizer", o.tokenizer}, {"corpus", o.corpus},   {"B", o.B},
              {"T", o.T},           {"d", o.d},                 {"layers", o.layers},   {"heads", o.heads},
              {"stride", o.stride}, {"steps", o.steps},         {"eval_every", o.eval_every},
              {"threads", o.threads}, {"lr", tidy(o.lr)},       {"clip", tidy(o.clip)}, {"weight_decay", tidy(o.weight_decay)},
              {"warmup", o.warmup}, {"seed", o.seed},           {"inverse_t", !o.no_inverse_t}};
}

// Reads each known field of the right type; anything else is a problem and keeps the default.
train::RunOptions options_from(const json& j, const std::string& where, std::vector<std::string>& problems) {
  train::RunOptions o;
  if (!j.is_object()) {
    problems.push_back(where + ": 'options' is not an object; the default model settings are used");
    return o;
  }
  auto text = [&](const char* k, std::string& v) {
    if (!j.contains(k)) return;
    if (j[k].is_string()) v = j[k].get<std::string>();
    else problems.push_back(where + "." + k + " is not text; kept '" + v + "'");
  };
  auto whole = [&]<class Int>(const char* k, Int& v) {
    if (!j.contains(k)) return;
    if (j[k].is_number_integer()) v = j[k].get<Int>();
    else problems.push_back(where + "." + k + " is not a whole number; kept " + std::to_string(v));
  };
  auto real = [&](const char* k, float& v) {
    if (!j.contains(k)) return;
    if (j[k].is_number()) v = j[k].get<float>();
    else problems.push_back(where + "." + k + " is not a number; kept " + std::to_string(v));
  };
  text("model", o.model), text("tokenizer", o.tokenizer), text("corpus", o.corpus);
  whole("B", o.B), whole("T", o.T), whole("d", o.d), whole("layers", o.layers), whole("heads", o.heads);
  whole("stride", o.stride), whole("steps", o.steps), whole("eval_every", o.eval_every), whole("threads", o.threads);
  whole("warmup", o.warmup), whole("seed", o.seed);
  real("lr", o.lr), real("clip", o.clip), real("weight_decay", o.weight_decay);
  if (j.contains("inverse_t")) {
    if (j["inverse_t"].is_boolean()) o.no_inverse_t = !j["inverse_t"].get<bool>();
    else problems.push_back(where + ".inverse_t is not true or false; kept " + (o.no_inverse_t ? "false" : "true"));
  }
  for (const auto& [k, v] : j.items()) {
    static const char* known[] = {"model", "tokenizer", "corpus", "B", "T", "d", "layers", "heads", "stride", "steps",
                                  "eval_every", "threads", "lr", "clip", "weight_decay", "warmup", "seed", "inverse_t"};
    if (std::find(std::begin(known), std::end(known), k) == std::end(known))
      problems.push_back(where + "." + k + " is not a model setting this version knows: skipped");
  }
  return o;
}

}  // namespace

std::string scene_to_json(const Scene& s) {
  json j;
  j["llada_lab_scene"] = s.version;
  j["params"] = s.params;
  j["panels"] = s.panels;
  if (s.ui_scale > 0) j["ui_scale"] = s.ui_scale;
  if (!s.layout.empty()) j["layout"] = s.layout;
  json models = json::object();
  for (const auto& m : s.models) {
    json e{{"options", options_json(m.options)}, {"step", m.step}};
    if (!m.checkpoint.empty()) e["checkpoint"] = m.checkpoint;
    models[m.slot] = e;
  }
  j["models"] = models;
  return j.dump(2) + "\n";
}

Result<SceneRead> parse_scene(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {  // the place only: the library's words are English
    return fail("the scene is damaged: it is not valid JSON (error at byte " + std::to_string(e.byte) + ")",
                "open another copy of the scene, or save it again from the window that made it");
  } catch (const json::exception& e) {
    return fail(std::string("the scene is damaged: it is not valid JSON (") + e.what() + ")",
                "open another copy of the scene, or save it again from the window that made it");
  }
  if (!j.is_object())
    return fail("the scene is damaged: its text is JSON but not an object", "a scene starts with '{'");
  SceneRead r;
  Scene& s = r.scene;
  auto& problems = r.problems;
  if (!j.contains("llada_lab_scene") || !j["llada_lab_scene"].is_number_integer()) {
    problems.push_back("no 'llada_lab_scene' version number: read as version " + std::to_string(kSceneVersion));
  } else {
    s.version = j["llada_lab_scene"].get<int>();
    if (s.version > kSceneVersion)
      problems.push_back("the scene was written by a newer LLaDA Lab (scene version " + std::to_string(s.version) +
                         ", this one reads " + std::to_string(kSceneVersion) + "): what this version knows is used");
  }
  for (const auto& [k, v] : j.items())
    if (k != "llada_lab_scene" && k != "params" && k != "panels" && k != "ui_scale" && k != "layout" && k != "models")
      problems.push_back("'" + k + "' is not part of a scene this version knows: skipped");

  if (j.contains("params")) {
    if (!j["params"].is_object()) {
      problems.push_back("'params' is not an object: no panel parameter was set");
    } else {
      for (const auto& [key, v] : j["params"].items()) {
        // Numbers and booleans are accepted as well as text (a hand-written scene: "forward.t": 0.6).
        std::string value;
        if (v.is_string()) value = v.get<std::string>();
        else if (v.is_boolean()) value = v.get<bool>() ? "true" : "false";
        else if (v.is_number()) value = v.dump();
        else {
          problems.push_back("parameter " + key + " has no usable value: skipped");
          continue;
        }
        auto split = split_param_key(key);
        if (!split) {
          problems.push_back(split.error().what + ": skipped");
          continue;
        }
        auto ok = check_param(split->first, split->second, value);
        if (!ok) {
          problems.push_back(ok.error().what + ": skipped");
          continue;
        }
        s.params[key] = *ok;
      }
    }
  }
  if (j.contains("panels")) {
    if (!j["panels"].is_object()) problems.push_back("'panels' is not an object: the shown panels stay as they are");
    else
      for (const auto& [id, v] : j["panels"].items()) {
        if (v.is_boolean()) s.panels[id] = v.get<bool>();
        else problems.push_back("panel '" + id + "' is not true or false: skipped");
      }
  }
  if (j.contains("ui_scale")) {
    const auto& v = j["ui_scale"];
    if (v.is_number() && v.get<double>() >= 0.75 && v.get<double>() <= 3.0) s.ui_scale = v.get<float>();
    else problems.push_back("ui_scale is not a number in [0.75, 3]: the scale stays as it is");
  }
  if (j.contains("layout")) {
    if (j["layout"].is_string()) s.layout = j["layout"].get<std::string>();
    else problems.push_back("'layout' is not text: the panels stay where they are");
  }
  if (j.contains("models")) {
    if (!j["models"].is_object()) {
      problems.push_back("'models' is not an object: no model was built");
    } else {
      for (const auto& [slot, v] : j["models"].items()) {
        if (std::find(std::begin(kSlots), std::end(kSlots), slot) == std::end(kSlots)) {
          problems.push_back("model slot '" + slot + "' is neither gpt nor llada: skipped");
          continue;
        }
        if (!v.is_object()) {
          problems.push_back("models." + slot + " is not an object: skipped");
          continue;
        }
        SceneModel m;
        m.slot = slot;
        m.options = options_from(v.contains("options") ? v["options"] : json::object(), "models." + slot + ".options",
                                 problems);
        if (v.contains("step") && v["step"].is_number_unsigned()) m.step = v["step"].get<std::uint64_t>();
        if (v.contains("checkpoint")) {
          if (v["checkpoint"].is_string()) m.checkpoint = v["checkpoint"].get<std::string>();
          else problems.push_back("models." + slot + ".checkpoint is not a file name: the model is built untrained");
        }
        s.models.push_back(std::move(m));
      }
    }
  }
  return r;
}

Result<SceneRead> read_scene(const std::string& path) {
  auto text = read_file_bytes(path, size_t(1) << 26);
  if (!text) return std::unexpected(text.error());
  auto r = parse_scene(*text);
  if (!r) return fail("'" + path + "': " + r.error().what, r.error().hint);
  const fs::path dir = fs::path(path).parent_path();
  for (auto& m : r->scene.models) {
    if (m.checkpoint.empty()) continue;
    const fs::path p = fs::path(m.checkpoint).is_absolute() ? fs::path(m.checkpoint) : dir / m.checkpoint;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) m.checkpoint_path = p.string();
    else
      r->problems.push_back("the " + m.slot + " checkpoint '" + p.string() +
                            "' is missing: that model is built untrained (copy the file beside the scene)");
  }
  return r;
}

Result<void> write_scene(const std::string& path, const Scene& s) {
  return write_file_atomic(path, scene_to_json(s), "scene file");
}

std::string checkpoint_beside(const std::string& scene_path, const std::string& slot) {
  fs::path p(scene_path);
  std::string stem = p.filename().string();
  for (const char* ext : {".llada-scene.json", ".json"})
    if (stem.size() > std::string(ext).size() && stem.ends_with(ext)) {
      stem.resize(stem.size() - std::string(ext).size());
      break;
    }
  return (p.parent_path() / (stem + "." + slot + ".ckpt")).string();
}

}  // namespace llada::app
