// Softmax with temperature and the samplers. Sums in double; outputs in float.
#include "core/math/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace llada {

static Result<void> check_logits(std::span<const float> logits, float T, std::size_t out_size, float* max_out) {
  if (logits.empty()) return fail("softmax of an empty row", "pass at least one logit");
  if (out_size != logits.size())
    return fail("softmax output has " + std::to_string(out_size) + " entries for " + std::to_string(logits.size()) +
                " logits");
  if (!(T > 0.0f) || !std::isfinite(T))
    return fail("temperature " + std::to_string(T) + " is not a positive number",
                "use T > 0 (T → 0 approaches greedy decoding; for exact greedy use argmax)");
  float mx = -INFINITY;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const float z = logits[i];
    if (std::isnan(z) || z == INFINITY)
      return fail("logit " + std::to_string(i) + " is " + std::to_string(z),
                  "the model produced a non-number: lower the learning rate or check the inputs");
    mx = std::max(mx, z);
  }
  if (mx == -INFINITY) return fail("every logit is −inf", "leave at least one token allowed");
  *max_out = mx;
  return {};
}

// Shared forward pass: e_i = exp((z_i − max)/T) in out (as float), returns Σ e_i (≥ 1: the max gives 1).
static double exp_shifted(std::span<const float> z, float T, float mx, std::span<float> out) {
  double sum = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double e = std::exp((double(z[i]) - double(mx)) / double(T));  // z = −inf → 0
    out[i] = float(e);
    sum += e;
  }
  return sum;
}

Result<void> softmax(std::span<const float> logits, float T, std::span<float> probs) {
  float mx;
  if (auto ok = check_logits(logits, T, probs.size(), &mx); !ok) return ok;
  const double sum = exp_shifted(logits, T, mx, probs);
  for (float& p : probs) p = float(double(p) / sum);
  return {};
}

Result<void> log_softmax(std::span<const float> logits, float T, std::span<float> out) {
  float mx;
  if (auto ok = check_logits(logits, T, out.size(), &mx); !ok) return ok;
  const double log_sum = std::log(exp_shifted(logits, T, mx, out));
  for (std::size_t i = 0; i < logits.size(); ++i)
    out[i] = float((double(logits[i]) - double(mx)) / double(T) - log_sum);
  return {};
}

// Probabilities must be finite, non-negative, with a positive sum; returns the sum.
static Result<double> check_probs(std::span<const float> p) {
  if (p.empty()) return fail("an empty probability row", "pass at least one probability");
  double s = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!std::isfinite(p[i]) || p[i] < 0.0f)
      return fail("probability " + std::to_string(i) + " is " + std::to_string(p[i]),
                  "probabilities must be finite and non-negative (use softmax on logits)");
    s += p[i];
  }
  if (!(s > 0.0)) return fail("the probabilities sum to 0", "leave at least one token with positive probability");
  return s;
}

Result<double> entropy(std::span<const float> probs) {
  auto s = check_probs(probs);
  if (!s) return std::unexpected(s.error());
  double h = 0.0;
  for (float p : probs)
    if (p > 0.0f) {
      const double q = double(p) / *s;
      h -= q * std::log(q);
    }
  return h;
}

Result<int> sample_from_uniform(std::span<const float> probs, float u) {
  auto s = check_probs(probs);
  if (!s) return std::unexpected(s.error());
  if (!(u >= 0.0f && u < 1.0f))
    return fail("uniform draw " + std::to_string(u) + " is outside [0, 1)", "draw u with uniform01");
  const double target = double(u) * *s;
  double cum = 0.0;
  int last_positive = 0;
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (probs[i] <= 0.0f) continue;
    cum += probs[i];
    last_positive = int(i);
    if (cum > target) return int(i);
  }
  return last_positive;  // rounding left cum ≤ target: the last token that can be drawn
}

Result<int> argmax(std::span<const float> values) {
  if (values.empty()) return fail("argmax of an empty row");
  int best = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) return fail("value " + std::to_string(i) + " is NaN");
    if (values[i] > values[best]) best = int(i);
  }
  return best;
}

// Indices ordered by probability, largest first, ties toward the lower index (deterministic).
static std::vector<int> order_by_prob(std::span<const float> p, std::size_t first_n) {
  std::vector<int> idx(p.size());
  std::iota(idx.begin(), idx.end(), 0);
  auto before = [&](int a, int b) { return p[a] > p[b] || (p[a] == p[b] && a < b); };
  std::partial_sort(idx.begin(), idx.begin() + std::ptrdiff_t(std::min(first_n, idx.size())), idx.end(), before);
  return idx;
}

// Zeroes every entry not in keep[0 … n_keep) and divides the kept ones by their sum.
static void keep_and_renormalise(std::span<float> p, const std::vector<int>& keep, std::size_t n_keep) {
  std::vector<float> kept(n_keep);
  double s = 0.0;
  for (std::size_t j = 0; j < n_keep; ++j) {
    kept[j] = p[keep[j]];
    s += kept[j];
  }
  std::fill(p.begin(), p.end(), 0.0f);
  for (std::size_t j = 0; j < n_keep; ++j) p[keep[j]] = float(double(kept[j]) / s);
}

Result<void> top_k_filter(std::span<float> probs, int k) {
  auto s = check_probs(probs);
  if (!s) return std::unexpected(s.error());
  if (k < 1) return fail("top-k with k = " + std::to_string(k), "k must be at least 1 (k = 1 is greedy)");
  const std::size_t n_keep = std::min(std::size_t(k), probs.size());
  keep_and_renormalise(probs, order_by_prob(probs, n_keep), n_keep);
  return {};
}

Result<void> top_p_filter(std::span<float> probs, float top_p) {
  auto s = check_probs(probs);
  if (!s) return std::unexpected(s.error());
  if (!(top_p > 0.0f && top_p <= 1.0f))
    return fail("top-p with p = " + std::to_string(top_p), "p must be in (0, 1]; p = 1 keeps every token");
  const std::vector<int> order = order_by_prob(probs, probs.size());
  const double need = double(top_p) * *s;
  double cum = 0.0;
  std::size_t n_keep = 0;
  while (n_keep < order.size()) {
    cum += probs[order[n_keep++]];
    if (cum >= need) break;
  }
  keep_and_renormalise(probs, order, n_keep);
  return {};
}

}  // namespace llada
