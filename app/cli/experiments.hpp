// The experiments of `llada-lab experiment NAME`, one file each (experiment_*.cpp); experiment_cmd.cpp
// dispatches. Each takes the words after its name and returns the command's exit code.
#pragma once

#include <string>
#include <vector>

namespace llada::cli {

int experiment_likelihood(const std::vector<std::string>& args);
int experiment_decoding(const std::vector<std::string>& args);
int experiment_reversal(const std::vector<std::string>& args);

}  // namespace llada::cli
