// What the trainer tests share: a batch source a zero-layer model learns in a few dozen steps.
#pragma once

#include <cstdint>

#include "core/train/trainer.hpp"

namespace llada::test {

// Rows of the repeating sequence 0,1,…,V−1,0,1,… starting at a step-dependent offset: next-token
// prediction is learnable by a zero-layer model (each token has one successor).
template <int V>
void cyclic_batch(uint64_t index, int B, int T, int32_t* inputs, int32_t* targets) {
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t) {
      const int start = static_cast<int>((index * 7 + static_cast<uint64_t>(b) * 3) % V);
      inputs[b * T + t] = (start + t) % V;
      targets[b * T + t] = (start + t + 1) % V;
    }
}

// A small trainer on cyclic batches: B 4, T 8, seed 5, lr 0.05, no evaluations, probe 1 … 4, snapshots
// published often; tests change what they look at.
template <int V>
train::TrainerOptions cyclic_trainer_options(ModelConfig model, train::Objective objective) {
  train::TrainerOptions o;
  o.train.model = model;
  o.train.objective = objective;
  o.train.B = 4;
  o.train.T = 8;
  o.train.seed = 5;
  o.train.lr = {.lr_max = 0.05f, .lr_min = 0.05f};
  o.train.tokenizer_id = "synthetic";
  o.train_batch = cyclic_batch<V>;
  o.eval_every = 0;
  o.probe = {1, 2, 3, 4};
  o.max_publish_hz = 1000;
  return o;
}

// A zero-layer GPT session over V = 16 (B 4, T 8, seed 3) at a constant learning rate, no clipping: an
// lr of 1e4 diverges within a few steps, 0.05 learns.
inline train::TrainConfig small_train_config(float lr) {
  train::TrainConfig c;
  c.model = ModelConfig::zero_layer(16, 8);
  c.B = 4;
  c.T = 8;
  c.seed = 3;
  c.lr = {.lr_max = lr, .lr_min = lr};
  c.grad_clip = 0.0f;
  c.tokenizer_id = "synthetic";
  return c;
}

}  // namespace llada::test
