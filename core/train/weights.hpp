// An immutable copy of a model's weights, for generating text away from the thread that trains it.
//
// The Trainer publishes one in its snapshot when asked (Trainer::copy_weights), a checkpoint file gives
// one (weights_from_checkpoint), and whoever generates builds a private Model from it (model_from_weights)
// on its own thread: the running model is never read while it trains, and a checkpoint and a live
// trainer go through the same path. A copy is shared as std::shared_ptr<const WeightsCopy> and never
// changes after it is made.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/models/model.hpp"
#include "core/nn/param_buffer.hpp"
#include "core/util/result.hpp"

namespace llada::train {

struct WeightsCopy {
  ModelConfig config;
  nn::ParamBuffer params;    // the model's params() at the time of the copy
  uint64_t step = 0;         // optimizer steps the weights have had
  std::string tokenizer_id;  // the tokenizer the model was trained with ("gpt2", "byte", …)
  std::string origin;        // for people: "training, step 120" or the checkpoint's path
};

// A CPU Model holding exactly the copy's weights. Errors: an invalid config, or params whose layout
// does not match the config (a copy made by another model).
Result<Model> model_from_weights(const WeightsCopy& w);

// The weights of a checkpoint file (load_model_checkpoint), as a copy; errors name the file.
Result<std::shared_ptr<const WeightsCopy>> weights_from_checkpoint(const std::string& path);

}  // namespace llada::train
