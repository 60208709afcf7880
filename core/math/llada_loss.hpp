// The LLaDA loss of one sequence, from the model's probability of the true token at each position:
//     loss = −(1/t) Σ_{i masked} log p_i          (the 1/t factor can be switched off)
// Only masked positions count: the model sees the unmasked tokens, so predicting them teaches nothing.
// The 1/t factor balances noise levels: at time t about L·t tokens are masked, so (1/t)·L·t = L and
// every t weighs the same on average (10 tokens: t = 0.2 → 2 masks × 5 = 10, t = 0.8 → 8 × 1.25 = 10).
//
// The parts are returned so the window can print the arithmetic:
//     "(1/0.4) × (0.357 + 0.105) = 1.155"  =  factor × (terms[0] + terms[1]) = value
#pragma once

#include <span>
#include <vector>

#include "core/util/result.hpp"

namespace llada {

struct LladaLoss {
  double value = 0;           // factor · sum_neg_log_p
  double sum_neg_log_p = 0;   // Σ_{masked} −log p_i
  double factor = 1;          // 1/t, or 1 when the factor is off
  int masked_count = 0;       // number of masked positions
  std::vector<double> terms;  // −log p_i of each masked position, in sequence order
};

// p_true: (L) probability the model gives the true token x_0^i at each position; masked: (L), nonzero
// where x_t^i = [MASK]. Only masked positions' p are read, and each must be in (0, 1].
// Errors: sizes differ; t NaN or outside [0, 1]; t = 0 with the factor on (1/t is undefined; with the
// factor off, t = 0 is allowed); a masked p ≤ 0, > 1 or NaN.
Result<LladaLoss> llada_loss(std::span<const double> p_true, std::span<const unsigned char> masked, double t,
                             bool inverse_t_factor = true);

}  // namespace llada
