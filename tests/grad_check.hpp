// Finite-difference gradient checking shared by tests/test_nn_ops.cpp and tests/test_models.cpp.
//
// The ops are float only, so the numerical gradient is a central difference of a float computation:
//   n_i = (L(x + ε e_i) − L(x − ε e_i)) / 2ε
// Its error has two parts: truncation, ≈ ε²·|L'''|/6, and rounding, ≈ (float rounding of L)/ε. The
// scalar L = Σ out ⊙ R is summed in double, so the rounding comes from the forward pass itself, around
// 1e-7·(size of the terms)·√(#terms). With ε = 1e-3 and terms of order 1 both parts stay below ~1e-3
// for the tiny shapes used; each test states its tolerance and why it is honest.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/math/philox.hpp"

namespace gradcheck {

// Deterministic test data: N(0, scale²) from the project's counter-based generator.
inline std::vector<float> randn(size_t n, uint64_t seed, float scale = 1.0f) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; i++) v[i] = scale * llada::normal(seed, 77, i);
  return v;
}

inline double dot(const float* a, const std::vector<float>& r) {
  double s = 0.0;
  for (size_t i = 0; i < r.size(); i++) s += (double)a[i] * r[i];
  return s;
}

struct Report {
  double max_abs_err = 0.0;  // max |analytic − numeric|
  double max_excess = 0.0;   // max of |a − n| / (atol + rtol·|n|): the check passes when ≤ 1
  size_t worst = 0;          // index of the worst element
  double worst_analytic = 0.0, worst_numeric = 0.0;
  bool ok() const { return max_excess <= 1.0; }
  std::string str() const {
    return "max |a-n| = " + std::to_string(max_abs_err) + " at " + std::to_string(worst) + " (analytic " +
           std::to_string(worst_analytic) + ", numeric " + std::to_string(worst_numeric) + ")";
  }
};

// Compares analytic[i] with the central difference of loss() when x[i] moves by ±eps, for every i
// (or every `stride`-th i). x is restored afterwards.
inline Report check(const std::function<double()>& loss, float* x, const float* analytic, size_t n, float eps,
                    double atol, double rtol, size_t stride = 1) {
  Report r;
  for (size_t i = 0; i < n; i += stride) {
    const float keep = x[i];
    x[i] = keep + eps;
    const double lp = loss();
    x[i] = keep - eps;
    const double lm = loss();
    x[i] = keep;
    // Divide by the step actually taken (keep ± eps rounds in float).
    const double num = (lp - lm) / ((double)(keep + eps) - (double)(keep - eps));
    const double err = std::abs((double)analytic[i] - num);
    const double excess = err / (atol + rtol * std::abs(num));
    if (err > r.max_abs_err) r.max_abs_err = err;
    if (excess > r.max_excess) {
      r.max_excess = excess;
      r.worst = i;
      r.worst_analytic = analytic[i];
      r.worst_numeric = num;
    }
  }
  return r;
}

}  // namespace gradcheck
