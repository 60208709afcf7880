// Scenes: one JSON file holding what a teacher prepares at home and opens in class — every panel's
// parameters (the registry's PANEL.NAME keys, app/params.hpp), which panels are shown, the UI scale, the
// window layout (imgui.ini's text), the models' configuration and training settings, and optionally
// their checkpoints, written as files beside the scene and named relative to it.
//
//   {"llada_lab_scene": 1,
//    "params":  {"forward.t": "0.6", "forward.pattern": "0110", …},
//    "panels":  {"forward": true, "masks": false, …},
//    "ui_scale": 1.5,
//    "layout":  "[Window][Forward process###forward]\nPos=0,19\n…",
//    "models":  {"gpt":   {"options": {"model": "zero-layer", "tokenizer": "gpt2", "corpus": "sample", "B": 5, …},
//                          "step": 300, "checkpoint": "demo.gpt.ckpt"},
//                "llada": {…}}}
//
// Reading opens what it can: a key it does not know, a value of the wrong type, a parameter that does
// not exist or is out of range, a missing checkpoint, a newer version — each is skipped and named in
// `problems`, and the rest is used. Only a file that is not a JSON object at all is an error.
// No GUI here (the window applies a Scene in scene_window.cpp), so `llada-lab scene check` reads the
// same way.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/train/setup.hpp"
#include "core/util/result.hpp"

namespace llada::app {

constexpr int kSceneVersion = 1;

struct SceneModel {
  std::string slot;             // "gpt" or "llada"
  train::RunOptions options;    // what the slot was built from
  std::uint64_t step = 0;       // the step it had reached when saved (the checkpoint's, if any)
  std::string checkpoint;       // as written in the file (relative to the scene), empty: none
  std::string checkpoint_path;  // resolved against the scene's folder (read_scene); empty when missing
};

struct Scene {
  int version = kSceneVersion;
  std::map<std::string, std::string> params;  // PANEL.NAME -> value text
  std::map<std::string, bool> panels;         // panel id -> shown
  float ui_scale = 0;                         // 0: not in the scene
  std::string layout;                         // imgui.ini text; empty: not in the scene
  std::vector<SceneModel> models;
};

std::string scene_to_json(const Scene& s);

struct SceneRead {
  Scene scene;
  std::vector<std::string> problems;  // what was skipped, one line each, for a person
};
// Parses scene text. Error only when the text is not a JSON object (a damaged file: nothing to open).
// Parameters are checked against the registry (check_param): unknown or out-of-range ones are skipped.
Result<SceneRead> parse_scene(const std::string& json_text);
// Reads FILE and resolves each checkpoint against FILE's folder; a missing one is a problem (the model is
// then built untrained), its checkpoint_path left empty.
Result<SceneRead> read_scene(const std::string& path);
// Writes the scene (through a temporary file and a rename).
Result<void> write_scene(const std::string& path, const Scene& s);

// "demo.llada.json" → "demo.gpt.ckpt": the checkpoint file of slot `slot` saved beside a scene.
std::string checkpoint_beside(const std::string& scene_path, const std::string& slot);

}  // namespace llada::app
