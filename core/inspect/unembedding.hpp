// The unembedding read as seed note 002 reads it, for one position with hidden state h (C):
//
//   logit_i = v_i·h + b_i = ‖v_i‖·‖h‖·cos θ_i + b_i      v_i = row i of W_U (V, C), b the bias (V)
//   P = softmax(logits),  L = −ln P(true)
//   ∇_h L   = Σ_i P(w_i)·v_i − v_true                     "the expected row minus the true row"
//   ∇_{v_i} L = (P(w_i) − 1[i = true])·h                  every wrong token's row is pushed away from h,
//                                                         the true one pulled toward it
//   ∇_{b_i} L = P(w_i) − 1[i = true]
//
// A token that never occurs as a target is only ever a wrong answer: its row only gets the −P·h push
// (and its bias only goes down), which is why never-used tokens sink (seed note 004). These are the
// numbers Model::backward computes for a single position with a weight-1 cross-entropy (tested).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace llada::inspect {

struct LogitTerm {
  int32_t token = 0;
  double v_norm = 0;  // ‖v_i‖
  double h_norm = 0;  // ‖h‖
  double cos = 0;     // cos θ_i (0 when either vector is zero)
  double bias = 0;    // b_i (0 without a bias)
  double logit() const { return v_norm * h_norm * cos + bias; }
};

// W (V, C), bias (V) or nullptr, h (C).
LogitTerm logit_term(const float* W, const float* bias, std::span<const float> h, int32_t token);

struct HiddenGradient {
  std::vector<float> expected_row;  // Σ_i P(w_i)·v_i (C): where the softmax pulls h away from
  std::vector<float> true_row;      // v_true (C)
  std::vector<float> grad;          // expected_row − true_row = ∇_h L (C)
  double loss = 0;                  // −ln P(true)
};

// probs (V) = softmax of the logits at h (temperature 1). target in [0, V).
HiddenGradient hidden_gradient(const float* W, std::span<const float> probs, int C, int32_t target);

// ∇_{v_i} L = (P(w_i) − 1[i = true])·h, written into out (C).
void unembedding_row_gradient(std::span<const float> h, float p_i, bool is_true, std::span<float> out);

// logits (V) = W·h + bias, in double sums (for checking a moved h: "one step").
std::vector<float> logits_at(const float* W, const float* bias, std::span<const float> h, int V);

}  // namespace llada::inspect
