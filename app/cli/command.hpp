// Subcommands of llada-lab (`llada-lab tokenize …`, `llada-lab train …`, `llada-lab bench …`).
//
// Each subcommand lives in its own file under app/cli/ and registers itself with a static
// `RegisterCommand`, so adding one never touches main.cpp:
//
//   static int run_tokenize(const std::vector<std::string>& args);
//   static llada::cli::RegisterCommand reg{"tokenize", "tokenize a file: ids, pieces or statistics", run_tokenize};
//
// args are the words after the subcommand name. Return 0 on success, 1 on a user error (print the
// Error with to_string() to stderr first), 2 on bad usage. Results go to stdout, progress to stderr.
#pragma once

#include <string>
#include <vector>

namespace llada::cli {

using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  std::string name;
  std::string summary;
  CommandFn run;
};

std::vector<Command>& commands();  // the registry, sorted by name on first use by main

struct RegisterCommand {
  RegisterCommand(std::string name, std::string summary, CommandFn run) {
    commands().push_back(Command{std::move(name), std::move(summary), run});
  }
};

}  // namespace llada::cli
