// llada-lab: with no subcommand it opens the window; with one it runs headless.
//
//   llada-lab [--screenshot PATH --frames N] [--device auto|cpu|cuda]   the window
//   llada-lab SUBCOMMAND [ARGS...]                                    headless (see `llada-lab help`)
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/cli/command.hpp"
#include "app/gui.hpp"

namespace llada::cli {
std::vector<Command>& commands() {
  static std::vector<Command> registry;
  return registry;
}
}  // namespace llada::cli

static void print_help() {
  auto& cmds = llada::cli::commands();
  std::printf(
      "LLaDA Lab — masked diffusion and autoregressive language models, trained live.\n\n"
      "Usage:\n"
      "  llada-lab [--screenshot PATH --frames N] [--device auto|cpu|cuda]   open the window\n"
      "  llada-lab COMMAND [ARGS...]                                      run headless\n\n"
      "Commands:\n");
  for (const auto& c : cmds) std::printf("  %-12s %s\n", c.name.c_str(), c.summary.c_str());
  std::printf("  %-12s %s\n", "help", "this text");
  std::printf("\nEach command takes --help. Window options (--size, --panel, --config-dir, --frame-stats): "
              "llada-lab --window-help\n");
}

int main(int argc, char** argv) {
  auto& cmds = llada::cli::commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
  if (argc >= 2 && argv[1][0] != '-') {
    std::string name = argv[1];
    if (name == "help") {
      print_help();
      return 0;
    }
    for (const auto& c : cmds)
      if (c.name == name) return c.run(std::vector<std::string>(argv + 2, argv + argc));
    std::fprintf(stderr, "llada-lab: unknown command '%s'\nHINT: run 'llada-lab help' for the list.\n",
                 name.c_str());
    return 2;
  }
  if (argc >= 2 && std::string(argv[1]) == "--window-help") {
    char help[] = "--help";
    char* gui_argv[] = {argv[0], help, nullptr};
    return llada::app::run_gui(2, gui_argv);  // prints the window's options and returns
  }
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    print_help();
    return 0;
  }
  return llada::app::run_gui(argc, argv);
}
