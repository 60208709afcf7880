// From logits to a token: softmax with temperature, entropy, and the samplers (multinomial, greedy,
// top-k, top-p). One row of V entries at a time; callers loop over rows. Sums run in double.
//
// Temperature: softmax(z / T). T = 1 is the model's distribution, T → 0 tends to argmax (ties share
// the mass equally), T → ∞ to uniform. Computed as exp((z_i − max z) / T) so large logits never
// overflow.
// Logits: NaN and +inf are rejected; −inf is allowed (a banned token gets probability 0) as long as
// at least one logit is finite.
// Randomness comes from the caller as a uniform u ∈ [0, 1) (e.g. uniform01(seed, stream::sampling, i)),
// so sampling is reproducible and testable.
#pragma once

#include <span>

#include "core/util/result.hpp"

namespace llada {

// probs (V) = softmax(logits (V) / T). Errors: empty, sizes differ, T ≤ 0 or not finite, bad logits.
Result<void> softmax(std::span<const float> logits, float T, std::span<float> probs);
// out (V) = log softmax(logits / T) (−inf where a logit is −inf). Same errors as softmax.
Result<void> log_softmax(std::span<const float> logits, float T, std::span<float> out);

// H(p) = −Σ p_i ln p_i in nats (0·ln 0 = 0). p need not be normalised: it is divided by its sum.
// Errors: empty, a negative or non-finite entry, zero sum.
Result<double> entropy(std::span<const float> probs);

// Multinomial draw: the first index k with cumsum(p)[k] > u · Σp (inverse CDF), never an index with
// p = 0. Errors: as entropy, or u outside [0, 1).
Result<int> sample_from_uniform(std::span<const float> probs, float u);

// Greedy decoding: the index of the largest value (the first one on ties). Errors: empty, NaN.
Result<int> argmax(std::span<const float> values);

// In place: keep the k largest probabilities (ties broken toward the lower index), zero the rest,
// renormalise to sum 1. k ≥ V keeps all. Errors: k < 1, as entropy.
Result<void> top_k_filter(std::span<float> probs, int k);

// In place (nucleus): keep the smallest set of largest probabilities whose mass reaches top_p of the
// total (at least one token), zero the rest, renormalise. Errors: top_p outside (0, 1], as entropy.
Result<void> top_p_filter(std::span<float> probs, float top_p);

}  // namespace llada
