// Benchmarks of llada-lab (`llada-lab bench train`, `llada-lab bench tokenize`, …). Each benchmark lives
// in its own file and registers itself, like the subcommands (command.hpp):
//
//   static int bench_train(const std::vector<std::string>& args);
//   static llada::cli::RegisterBench reg{"train", "tokens/s and GFLOP/s of a training step", bench_train};
//
// `llada-lab bench` alone runs every benchmark in name order; `llada-lab bench NAME [ARGS…]` one of them.
// Figures go to stdout, progress to stderr. Benchmarks are not tests: they print, they do not judge.
#pragma once

#include <string>
#include <vector>

#include "app/cli/command.hpp"

namespace llada::cli {

std::vector<Command>& benchmarks();  // the registry of benchmarks

struct RegisterBench {
  RegisterBench(std::string name, std::string summary, CommandFn run) {
    benchmarks().push_back(Command{std::move(name), std::move(summary), run});
  }
};

}  // namespace llada::cli
