// --device auto|cpu|cuda for every command that computes (train, experiment, generate, bench).
#pragma once

#include <string>

#include "app/cli/args.hpp"
#include "core/nn/backend.hpp"
#include "core/util/result.hpp"

namespace llada::cli {

// The help line of the option.
const char* device_option_help();

// The --device value (default "auto"); read it before Args::problems().
std::string read_device_option(Args& a);

// The backend for a --device value (gpu::make_backend). Logs its one line once ("device: CUDA GPU 0 …",
// or "device: CPU (why)" when auto found no GPU). Errors: an unknown name, cuda without a usable GPU.
Result<const nn::Backend*> choose_backend(const std::string& device);

}  // namespace llada::cli
