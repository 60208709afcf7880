// The two training objectives, both expressed as (inputs, targets, per-position weights) for the
// weighted softmax cross-entropy op (Backend::crossentropy_forward/backward), so one op serves both:
//
//   Autoregressive (zero-layer GPT, causal GPT): inputs x[0..T), targets x[1..T], weight 1/(B·T) each:
//       loss = mean next-token cross-entropy.
//   LLaDA (mask predictor): per sequence b, t_b = ε + (1 − ε)·u_b  (sample_time, ε = 1e-3 as LLaDA's
//   reference, so 1/t ≤ 1000 stays finite); x_t = forward process of x_0 at t_b (mask_batch: token i
//   masked ⇔ u_i < t_b, the math module's streams); targets = x_0 at masked positions, none elsewhere;
//   weights 1/(t_b·B·L) at masked positions:
//       loss = (1/(B·L)) Σ_b Σ_{i masked} −log p(x_0^i | x_t) / t_b
//   which is the normalisation of LLaDA's reference training code (sum of CE/t over masked tokens,
//   divided by B·L). With inverse_t off, the weights are 1/(B·L) (masked-only CE, no balancing).
//
// Sequence numbers: training sequence `first_seq + b` draws its t and its mask uniforms from
// (seed, seq), so a step's masks are a pure function of (seed, step) and replay exactly.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/util/result.hpp"

namespace llada::train {

enum class Objective { Autoregressive, Llada };

inline constexpr float kLladaTimeEps = 1e-3f;

struct LladaObjectiveOptions {
  float eps = kLladaTimeEps;  // t ~ U(eps, 1]
  bool inverse_t = true;      // weight masked positions by 1/t (the LLaDA loss); off: plain masked CE
};

// What the model sees and what the loss compares against, for one batch of B rows of T positions.
struct PreparedBatch {
  int B = 0, T = 0;
  std::vector<int32_t> inputs;   // (B,T) model input (x_t for LLaDA, with [MASK] = mask_id)
  std::vector<int32_t> targets;  // (B,T) the class to predict, or -1 where nothing is predicted
  std::vector<float> weights;    // (B,T) per-position weight of the cross-entropy
  std::vector<float> t;          // (B) LLaDA: the time of each row; empty for AR
  std::vector<uint8_t> masked;   // (B,T) LLaDA: 1 where x_t = [MASK]; empty for AR
};

// AR: inputs (B,T) and their next tokens targets (B,T) (from the data batcher).
Result<void> prepare_autoregressive(std::span<const int32_t> inputs, std::span<const int32_t> targets, int B, int T,
                                    PreparedBatch& out);

// LLaDA: x0 (B,L) clean sequences; rows are training sequences first_seq … first_seq+B−1.
Result<void> prepare_llada(std::span<const int32_t> x0, int B, int L, int32_t mask_id, uint64_t seed,
                           uint64_t first_seq, const LladaObjectiveOptions& opt, PreparedBatch& out);

// LLaDA at one fixed t for every row (the trainer's probe sequence, the window's "loss at t" view).
Result<void> prepare_llada_at(std::span<const int32_t> x0, int B, int L, float t, int32_t mask_id, uint64_t seed,
                              uint64_t first_seq, const LladaObjectiveOptions& opt, PreparedBatch& out);

// The weights rule alone: weights (B,L) = masked · (inverse_t ? 1/t_b : 1) / (B·L) (llada_weight).
void llada_weights(std::span<const uint8_t> masked, std::span<const float> t, int B, int L, bool inverse_t,
                   std::span<float> weights);

// The whole LLaDA preparation over raw arrays, as the backend op nn::Backend::llada_mask specifies it
// (the CPU backend's implementation): inputs, targets, weights (B·L) from x0 (B·L), the row times drawn
// by sample_time(seed, first_seq + b, eps) as prepare_llada draws them; returns Σ weights (each row's
// llada_row_weight, added in row order in double).
double llada_mask_rows(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                       int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t);

}  // namespace llada::train
