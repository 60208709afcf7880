// The tensor shapes of a model's forward pass, step by step, as the seeds write them for Model1:
//     tokens [5, 8] → Embedding(V, 64) → [5, 8, 64] → GELU → [5, 8, 64] → Linear(64, V) → logits [5, 8, V]
// and the targets [5, 8] = the inputs shifted by one. The window's Training panel and
// `llada-lab math shapes` print these; a test checks the last one against Model::forward.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/models/model.hpp"

namespace llada {

struct ShapeStep {
  std::string op;                   // what makes this tensor ("Embedding(V, 64)", "GELU", …; "" for the input)
  std::string name;                 // the tensor ("tokens", "logits", …)
  std::vector<std::int64_t> shape;  // e.g. {5, 8, 64}
};

// The forward pass of `cfg` on a (B, T) batch: tokens first, logits last, then the probabilities and the
// targets. Transformers list their blocks as one step ("2 × block (attention, MLP)").
std::vector<ShapeStep> forward_shapes(const ModelConfig& cfg, int B, int T);

// "targets [5, 8] = the inputs shifted by one …" (causal models), or LLaDA's "targets [5, 8] = x_0 …".
std::string targets_text(const ModelConfig& cfg, int B, int T);

// "[5, 8, 64]"
std::string shape_text(std::span<const std::int64_t> shape);
// "tokens [5, 8] → Embedding(V=100000, d=64) → [5, 8, 64] → …": the whole list on one line.
std::string shapes_line(const std::vector<ShapeStep>& steps);

}  // namespace llada
