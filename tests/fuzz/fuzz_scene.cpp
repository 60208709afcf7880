// Fuzz target: a scene file as File › Open scene and `llada-lab scene check` read it (app/scene.cpp),
// against a registry holding one parameter of each kind. Any bytes give a scene with its problems listed
// or an error; what is kept must be written and read back unchanged, with no new problem.
#include <cstdint>
#include <string>

#include "app/params.hpp"
#include "app/scene.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {
namespace app = llada::app;
struct Fields {
  float t = 0.5f;
  int L = 4;
  bool on = false;
  std::string mode = "a", text = "x";
} g;
app::RegisterParams reg{"forward", {app::Param::real("t", &g.t, 0, 1, "t"), app::Param::integer("L", &g.L, 1, 64, "L"),
                                    app::Param::flag("on", &g.on, "on"), app::Param::choice("mode", &g.mode, {"a", "b"}, "mode"),
                                    app::Param::text("sentence", &g.text, "text")}};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto r = app::parse_scene(text);
  if (!r) {
    FUZZ_CHECK(!r.error().what.empty(), "an error without a message");
    return 0;
  }
  const app::Scene& s = r->scene;
  FUZZ_CHECK(s.ui_scale == 0 || (s.ui_scale >= 0.75f && s.ui_scale <= 3.0f), "ui_scale out of range");
  app::Scene written = s;
  written.version = app::kSceneVersion;  // what this version writes
  auto again = app::parse_scene(app::scene_to_json(written));
  FUZZ_CHECK(again.has_value(), "a written scene does not read back");
  FUZZ_CHECK(again->problems.empty(), "a written scene reads back with problems");
  const app::Scene& b = again->scene;
  FUZZ_CHECK(b.params == s.params && b.panels == s.panels && b.ui_scale == s.ui_scale && b.layout == s.layout,
             "a scene changed on a round trip");
  FUZZ_CHECK(b.models.size() == s.models.size(), "a scene lost a model on a round trip");
  for (size_t i = 0; i < s.models.size(); ++i)
    FUZZ_CHECK(b.models[i].slot == s.models[i].slot && b.models[i].checkpoint == s.models[i].checkpoint &&
                   b.models[i].step == s.models[i].step,
               "a model changed on a round trip");
  return 0;
}
