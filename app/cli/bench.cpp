// `llada-lab bench [NAME [ARGS…]]`: runs the registered benchmarks (bench.hpp).
#include "app/cli/bench.hpp"

#include <algorithm>
#include <cstdio>

namespace llada::cli {

std::vector<Command>& benchmarks() {
  static std::vector<Command> registry;
  return registry;
}

namespace {

int run_bench(const std::vector<std::string>& args) {
  auto& all = benchmarks();
  std::sort(all.begin(), all.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    std::printf("Usage: llada-lab bench [NAME [ARGS...]]   (no NAME: run them all)\n\nBenchmarks:\n");
    for (const auto& b : all) std::printf("  %-12s %s\n", b.name.c_str(), b.summary.c_str());
    return 0;
  }
  if (args.empty()) {
    int worst = 0;
    for (const auto& b : all) {
      std::fprintf(stderr, "llada-lab: bench %s\n", b.name.c_str());
      worst = std::max(worst, b.run({}));
    }
    return worst;
  }
  for (const auto& b : all)
    if (b.name == args[0]) return b.run(std::vector<std::string>(args.begin() + 1, args.end()));
  std::fprintf(stderr, "llada-lab: unknown benchmark '%s'\nHINT: run 'llada-lab bench --help' for the list.\n",
               args[0].c_str());
  return 2;
}

RegisterCommand reg{"bench", "measure speed: training steps, GEMMs, … (prints figures)", run_bench};

}  // namespace
}  // namespace llada::cli
