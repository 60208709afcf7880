// `llada-lab scene check FILE…`: reads scenes as the window opens them (app/scene.hpp) and says what
// would open and what would not (unknown or out-of-range parameters, wrong types, missing checkpoints),
// so a teacher can check a scene before class, without a display.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/cli/command.hpp"
#include "app/scene.hpp"

namespace llada::cli {
namespace {

int check(const std::string& path) {
  auto r = app::read_scene(path);
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
    return 1;
  }
  const app::Scene& s = r->scene;
  int shown = 0;
  for (const auto& [id, on] : s.panels) shown += on;
  std::printf("%s: scene version %d, %zu parameters, %d panels shown, layout %s, ui scale %s\n", path.c_str(),
              s.version, s.params.size(), shown, s.layout.empty() ? "none" : "yes",
              s.ui_scale > 0 ? std::to_string(s.ui_scale).c_str() : "unchanged");
  for (const auto& m : s.models)
    std::printf("  model %s: %s, %s, %s, step %llu, checkpoint %s\n", m.slot.c_str(), m.options.model.c_str(),
                m.options.tokenizer.c_str(), m.options.corpus.c_str(), (unsigned long long)m.step,
                m.checkpoint.empty() ? "none" : m.checkpoint_path.empty() ? "MISSING" : m.checkpoint_path.c_str());
  if (r->problems.empty()) {
    std::printf("  opens whole\n");
    return 0;
  }
  std::printf("  opens, except:\n");
  for (const auto& p : r->problems) std::printf("  - %s\n", p.c_str());
  return 1;
}

int run_scene(const std::vector<std::string>& words) {
  const bool help = std::any_of(words.begin(), words.end(), [](const std::string& w) { return w == "--help" || w == "-h"; });
  if (words.empty() || help || words[0] != "check" || words.size() < 2) {
    std::fprintf(help ? stdout : stderr,
                 "Usage: llada-lab scene check FILE...\n\n"
                 "Reads scene files (File > Save scene in the window) as the window would open them and lists what\n"
                 "it could not use: unknown or out-of-range parameters, values of the wrong type, missing checkpoints.\n"
                 "Exit status: 0 when every scene opens whole, 1 when one is damaged or opens only in part.\n");
    return help ? 0 : 2;
  }
  for (size_t i = 1; i < words.size(); ++i)
    if (words[i].starts_with("-")) {  // an option, not a file ('cannot open --frobnicate' said nothing useful)
      std::fprintf(stderr, "llada-lab scene: unknown option %s\nHINT: run 'llada-lab scene --help'.\n", words[i].c_str());
      return 2;
    }
  int rc = 0;
  for (size_t i = 1; i < words.size(); ++i) rc = std::max(rc, check(words[i]));
  return rc;
}

RegisterCommand reg{"scene", "check scene files (what the window would open, what not)", run_scene};

}  // namespace
}  // namespace llada::cli
