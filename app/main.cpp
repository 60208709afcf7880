// llada-lab: with no subcommand it opens the window; with one it runs headless.
//
//   llada-lab [--screenshot PATH --frames N] [--device auto|cpu|cuda]   the window
//   llada-lab SUBCOMMAND [ARGS...]                                    headless (see `llada-lab help`)
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <new>
#include <stdexcept>
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

// Runs a command; out of memory or an unexpected exception becomes a message and exit code 1, never an
// abort. Then stdout is flushed and checked: output lost to a full disk or a closed pipe is an error,
// not a silent success.
static int run_guarded(const char* what, const std::function<int()>& fn) {
  int rc = 1;
  try {
    rc = fn();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr,
                 "llada-lab %s: out of memory\nHINT: choose a smaller model, batch, vocabulary or input; close other "
                 "programs\n", what);
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llada-lab %s: unexpected error: %s\nHINT: this is a bug; please report it with the command "
                 "line\n", what, e.what());
    return 1;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    const int err = errno;
    std::fprintf(stderr, "llada-lab %s: cannot write the output (%s)\nHINT: check the disk space or where the output "
                 "goes\n", what, err ? std::strerror(err) : "write error");
    return 1;
  }
  return rc;
}

int main(int argc, char** argv) {
  auto& cmds = llada::cli::commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
  if (argc >= 2 && argv[1][0] != '-') {
    std::string name = argv[1];
    if (name == "help")
      return run_guarded("help", [] {
        print_help();
        return 0;
      });
    for (const auto& c : cmds)
      if (c.name == name)
        return run_guarded(c.name.c_str(), [&] { return c.run(std::vector<std::string>(argv + 2, argv + argc)); });
    std::fprintf(stderr, "llada-lab: unknown command '%s'\nHINT: run 'llada-lab help' for the list.\n",
                 name.c_str());
    return 2;
  }
  if (argc >= 2 && std::string(argv[1]) == "--window-help") {
    char help[] = "--help";
    char* gui_argv[] = {argv[0], help, nullptr};
    return run_guarded("--window-help", [&] { return llada::app::run_gui(2, gui_argv); });  // prints and returns
  }
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    return run_guarded("help", [] {
      print_help();
      return 0;
    });
  }
  return run_guarded("window", [&] { return llada::app::run_gui(argc, argv); });
}
