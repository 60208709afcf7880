// Exact probabilities of the forward process: q(x_t | x_0) of a masked pattern, the expected number of
// masks, and the Binomial(L, t) law of the mask count.
//
// Each token is masked independently with probability t, so a pattern with m masks out of L has
//     q(x_t | x_0) = Π_i (t if masked else 1 − t) = t^m (1 − t)^(L−m)
// and the count m ~ Binomial(L, t): P(m = k) = C(L, k) t^k (1 − t)^(L−k), mean L·t, variance L·t·(1−t).
// Everything is computed in log space (lgamma, log1p) so it stays finite and accurate up to L = 4096
// and beyond, and is exact at the edges t = 0 and t = 1 (0^0 = 1, log 0 = −inf).
// Errors: t outside [0, 1] or NaN, L or n < 0 or > max_binomial_n → Result error.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/util/result.hpp"

namespace llada {

constexpr int max_binomial_n = 1 << 20;

// q(x_t | x_0) = Π (t or 1 − t) over the pattern (masked[i] != 0 means token i is [MASK]).
// Underflows to 0 for long sequences: use the log version there.
Result<double> pattern_probability(std::span<const std::uint8_t> masked, double t);
// log q(x_t | x_0) = m·log t + (L − m)·log(1 − t); −inf when the pattern is impossible (a mask at t = 0).
Result<double> pattern_log_probability(std::span<const std::uint8_t> masked, double t);

// E[number of masks] = L·t.
Result<double> expected_mask_count(int L, double t);

// Binomial(n, p), validated once; its methods then cannot fail.
class Binomial {
 public:
  static Result<Binomial> make(int n, double p);

  int n() const { return n_; }
  double p() const { return p_; }
  double mean() const { return n_ * p_; }
  double variance() const { return n_ * p_ * (1.0 - p_); }
  double stddev() const;
  double log_pmf(int k) const;  // −inf outside [0, n] or where the probability is 0
  double pmf(int k) const;      // 0 outside [0, n]
  double cdf(int k) const;      // P(X ≤ k): 0 for k < 0, 1 for k ≥ n
  std::vector<double> pmf_table() const;  // (n+1): pmf(0) … pmf(n); sums to 1 within 1e-12 at n = 4096

 private:
  Binomial(int n, double p) : n_(n), p_(p) {}
  int n_;
  double p_;
};

}  // namespace llada
