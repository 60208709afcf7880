// How likely is a text? LLaDA's bound on −log p, estimated three ways, and a causal GPT's exact −log p.
//
// A LLaDA mask predictor gives no exact likelihood; it gives an upper bound (the negative ELBO):
//     −log p(x) ≤ B(x) = E_t[ (1/t) Σ_{i masked in x_t} −log p(x_i | x_t) ],  t ~ U(0,1], mask each i w.p. t.
// Given the number m of masked positions, ∫ (1/t) C(n,m) t^m (1−t)^(n−m) dt = 1/m, so
//     B(x) = Σ_{m=1..n} (1/m) · E_{S uniform among m-subsets}[ Σ_{i∈S} −log p(x_i | x_S masked) ]
// which is also what LLaDA's evaluation estimator computes: l uniform in 1…n, exactly l positions masked
// (a uniform l-subset), weight n/l. Same expectation, different variance. The estimators (each single
// sample costs one forward pass):
//   training    t = 1 − u ∈ (0,1], each position masked independently w.p. t, weight 1/t (the training loss)
//   evaluation  l = 1 + ⌊u·n⌋, the l positions with the smallest uniforms masked, weight n/l (LLaDA's eval)
//   stratified  as training, with t drawn in stratum j = k mod G: t ∈ ((j)/G, (j+1)/G]; G samples form a
//               group whose mean is unbiased (each stratum has probability 1/G)
//   antithetic  as training, samples 2g and 2g+1 use t and 1 − t from the same uniform (a group of 2)
// Positions before `prefix` are the condition and never masked (a GPT cannot score the first token either,
// so both models are compared on p(x_prefix… | x_<prefix)).
// Statistics are over groups (size 1 for training and evaluation): mean of group means, standard error
// sd(group means)/√groups, and the variance per sample G·Var(group mean), comparable across estimators.
//
// Randomness: stream::likelihood (core/math/philox.hpp); sample k reads its t / l uniform at index k·(L+1)
// (antithetic: the first sample of its pair's index) and position i's mask uniform at k·(L+1) + 1 + i.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/generate/common.hpp"
#include "core/util/csv.hpp"
#include "core/util/result.hpp"

namespace llada::eval {

enum class Estimator { Training, Evaluation, Stratified, Antithetic };
inline constexpr Estimator kAllEstimators[] = {Estimator::Training, Estimator::Evaluation, Estimator::Stratified,
                                               Estimator::Antithetic};
const char* estimator_name(Estimator e);  // "training", "evaluation", "stratified", "antithetic"

struct BoundSample {
  double estimate = 0;  // nats: weight · Σ_{masked} −log p(x_i | x_t); 0 when nothing was masked
  double t = 0;         // the time (training, stratified, antithetic) or l / n (evaluation)
  int masked = 0;
};

struct BoundOptions {
  int samples = 64;
  uint64_t seed = 1;
  int prefix = 1;         // positions never masked (the condition)
  int strata = 8;         // G of the stratified estimator
  int32_t mask_id = -1;   // the model's [MASK] input id
  const std::atomic<bool>* cancel = nullptr;  // checked before each sample: a "cancelled" error
};

// Single-sample estimate number k of estimator e for the sequence x (L tokens).
Result<BoundSample> bound_sample(const gen::LogitsFn& llada, int V, std::span<const int32_t> x, Estimator e,
                                 uint64_t k, const BoundOptions& opt);

struct BoundSeries {
  Estimator estimator = Estimator::Training;
  std::vector<BoundSample> samples;  // in order; the histogram's data
  int group = 1;                     // G
  double mean = 0, std_error = 0, variance_per_sample = 0;
};

// The running statistics of the first `n` samples (complete groups only; n rounded down to them).
struct RunningStat {
  int n = 0;
  double mean = 0, std_error = 0;
};
RunningStat running_stat(const BoundSeries& s, int n);

// opt.samples single-sample estimates (rounded up to whole groups) and their statistics. Errors: a
// sequence with no position after the prefix, samples < 2, strata < 2, an id ≥ V, non-finite logits.
Result<BoundSeries> estimate_bound(const gen::LogitsFn& llada, int V, std::span<const int32_t> x, Estimator e,
                                   const BoundOptions& opt);

// One row per single-sample estimate, so anyone can redo the statistics: estimator,sample,estimate,t,masked
// (the Likelihood panel's export and `llada-lab experiment likelihood --csv` write this same table).
CsvTable estimates_table(std::span<const BoundSeries> series);

// Σ_{i ≥ prefix} −log p(x_i | x_<i) under a causal model (row t of its logits predicts token t+1), each
// prediction seeing at most `context` previous tokens (0: all). Errors: prefix < 1 or ≥ L, bad logits.
Result<double> exact_nll_causal(const gen::LogitsFn& gpt, int V, std::span<const int32_t> x, int prefix, int context);

}  // namespace llada::eval
