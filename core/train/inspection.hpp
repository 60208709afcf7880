// What the Embedding space and Attention maps panels look at, copied out of the live model on the
// trainer's thread — only while a panel asks for it (Trainer::request_inspection) and at a bounded
// rate, never at every step. Readers get immutable copies inside snapshots and never touch the model.
//
// The two download_* functions are the only places that read weights or activations for the window:
// when model memory lives on a device, they are where the explicit download goes.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/models/model.hpp"

namespace llada::train {

enum InspectWhat : unsigned { kInspectEmbedding = 1u, kInspectAttention = 2u };

// The tables and the probe position's hidden state, all of the same step.
struct EmbeddingView {
  uint64_t step = 0;
  int V = 0, Vin = 0, C = 0;
  bool tied = false;
  std::vector<float> embedding;     // E (Vin, C)
  std::vector<float> unembedding;   // W_U (V, C); empty when tied (then W_U = E's first V rows)
  std::vector<float> bias;          // b (V)
  std::vector<float> hidden;        // h (C) at the probe position
  std::vector<float> logits;        // (V) at h: W_U·h + b
  int position = 0;                 // the probe position
  int32_t target = -1;              // the true token there
  const float* unembedding_rows() const { return tied ? embedding.data() : unembedding.data(); }
  size_t bytes() const { return (embedding.size() + unembedding.size() + bias.size() + logits.size()) * sizeof(float); }
};

// Attention probabilities of every layer and head on the probe sequence.
struct AttentionView {
  uint64_t step = 0;
  int n_layer = 0, n_head = 0, T = 0;
  bool causal = true;
  std::vector<float> probs;  // (n_layer, n_head, T, T): row = query position, column = key position
  const float* map(int layer, int head) const {
    return probs.data() + (static_cast<size_t>(layer) * n_head + head) * T * T;
  }
};

// Singular values of E at one evaluation.
struct SpectrumPoint {
  uint64_t step = 0;
  double effective_rank = 0;
  std::vector<double> sv;  // descending (C)
};

// After a forward of the probe (B = 1, T = its length): the copies, by explicit downloads. nullptr when
// a download fails, and for the attention of the zero-layer GPT (it has none).
std::shared_ptr<const EmbeddingView> download_embedding_view(const Model& m, int position, int32_t target, uint64_t step);
std::shared_ptr<const AttentionView> download_attention_view(const Model& m, uint64_t step);
SpectrumPoint embedding_spectrum(const Model& m, uint64_t step);

}  // namespace llada::train
