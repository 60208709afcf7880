// q(x_t | x_0) and Binomial(L, t), in log space.
#include "core/math/binomial.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "core/math/masking.hpp"  // check_time

namespace llada {

static constexpr double neg_inf = -std::numeric_limits<double>::infinity();

// m·log t + r·log(1 − t) with 0·log 0 = 0, so the edges t = 0 and t = 1 are exact.
static double log_t_pow(std::int64_t m, std::int64_t r, double t) {
  double s = 0.0;
  if (m > 0) s += t == 0.0 ? neg_inf : double(m) * std::log(t);
  if (r > 0) s += t == 1.0 ? neg_inf : double(r) * std::log1p(-t);
  return s;
}

Result<double> pattern_log_probability(std::span<const std::uint8_t> masked, double t) {
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  std::int64_t m = 0;
  for (std::uint8_t f : masked) m += f != 0;
  return log_t_pow(m, std::int64_t(masked.size()) - m, t);
}

Result<double> pattern_probability(std::span<const std::uint8_t> masked, double t) {
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  // The literal product, factor by factor, as the seeds write it (0.4·0.6·0.6·0.4 = 0.0576).
  double q = 1.0;
  for (std::uint8_t f : masked) q *= f ? t : 1.0 - t;
  return q;
}

Result<double> expected_mask_count(int L, double t) {
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  if (L < 0) return fail("sequence length " + std::to_string(L) + " is negative");
  return double(L) * t;
}

Result<Binomial> Binomial::make(int n, double p) {
  if (auto ok = check_time(p, "the mask probability t"); !ok) return std::unexpected(ok.error());
  if (n < 0 || n > max_binomial_n)
    return fail("sequence length " + std::to_string(n) + " is outside [0, " + std::to_string(max_binomial_n) + "]",
                "choose a length between 0 and " + std::to_string(max_binomial_n));
  return Binomial(n, p);
}

double Binomial::stddev() const { return std::sqrt(variance()); }

double Binomial::log_pmf(int k) const {
  if (k < 0 || k > n_) return neg_inf;
  // log C(n, k) via lgamma: its absolute error is ~1e-16·lgamma(n+1) ≈ 3e-12 at n = 4096, so the
  // pmf keeps ~12 correct digits; exp of it cannot overflow because the pmf is ≤ 1.
  const double log_choose = std::lgamma(n_ + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n_ - k + 1.0);
  const double lp = log_t_pow(k, n_ - k, p_);
  return lp == neg_inf ? neg_inf : log_choose + lp;
}

double Binomial::pmf(int k) const { return std::exp(log_pmf(k)); }

double Binomial::cdf(int k) const {
  if (k < 0) return 0.0;
  if (k >= n_) return 1.0;
  double s = 0.0;
  for (int i = 0; i <= k; ++i) s += pmf(i);
  return s < 1.0 ? s : 1.0;
}

std::vector<double> Binomial::pmf_table() const {
  std::vector<double> table(std::size_t(n_) + 1);
  for (int k = 0; k <= n_; ++k) table[k] = pmf(k);
  return table;
}

}  // namespace llada
