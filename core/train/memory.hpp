// How much memory a training run needs, worked out before anything is allocated, so that a model too
// large for the machine is refused with the figure ("needs about 310 GiB, 19 GiB are available")
// instead of aborting with std::bad_alloc minutes later.
//
// The estimate counts what the session allocates: parameters, gradients and the two AdamW moments
// (4 floats per parameter), the activations and their gradients for B×T positions (per Transformer
// layer about 18·C + NH·T floats per position, twice), the logits (B·T·V floats) and the batch. The
// window's Trainer keeps a last good copy of the weights and moments (3 floats more per parameter).
#pragma once

#include <cstdint>
#include <string>

#include "core/util/result.hpp"

namespace llada {
struct ModelConfig;
namespace nn {
class Backend;
}
}

namespace llada::train {

// The number of parameters of a model of this config (Model::param_layout summed; no weights allocated).
uint64_t parameter_count(const ModelConfig& model);

// Bytes a TrainSession of this model and batch shape allocates (an estimate, within ~10 %).
uint64_t training_bytes(const ModelConfig& model, int B, int T);

// Memory this process may still allocate: the smaller of MemAvailable (/proc/meminfo) and the address-
// space limit (ulimit -v) minus what is mapped already. UINT64_MAX when neither is known.
uint64_t available_bytes();

// Ok when `bytes` fit in available_bytes(); else an error naming `what`, both figures and a hint.
Result<void> check_fits_in_memory(uint64_t bytes, const std::string& what);
// The same against the memory the run will allocate in: backend.free_memory() (a GPU's free memory on a
// device, the host's available memory on the CPU).
Result<void> check_fits_in_memory(uint64_t bytes, const std::string& what, const nn::Backend& backend);

}  // namespace llada::train
