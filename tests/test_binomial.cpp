// q(x_t | x_0), expected counts and Binomial(L, t): the seeds' worked examples, and stability.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/math/binomial.hpp"

using namespace llada;

TEST_CASE("seed example: [Tôi, M, học, M] at t = 0.5 has probability 0.0625") {
  const std::vector<std::uint8_t> pattern = {0, 1, 0, 1};
  CHECK(*pattern_probability(pattern, 0.5) == doctest::Approx(0.0625).epsilon(1e-15));
  CHECK(std::exp(*pattern_log_probability(pattern, 0.5)) == doctest::Approx(0.0625).epsilon(1e-14));
}

TEST_CASE("seed example: [AI, M, M, mẽ] at t = 0.6 has probability 0.4·0.6·0.6·0.4 = 0.0576") {
  const std::vector<std::uint8_t> pattern = {0, 1, 1, 0};
  CHECK(*pattern_probability(pattern, 0.6) == doctest::Approx(0.0576).epsilon(1e-14));
  CHECK(std::exp(*pattern_log_probability(pattern, 0.6)) == doctest::Approx(0.0576).epsilon(1e-14));
  // Which tokens are masked does not matter, only how many.
  const std::vector<std::uint8_t> other = {1, 0, 0, 1};
  CHECK(*pattern_probability(other, 0.6) == doctest::Approx(0.0576).epsilon(1e-14));
}

TEST_CASE("seed example: Binomial(4, 0.5) is 6.25 %, 25 %, 37.5 %, 25 %, 6.25 %") {
  auto b = Binomial::make(4, 0.5);
  REQUIRE(b.has_value());
  const std::vector<double> want = {0.0625, 0.25, 0.375, 0.25, 0.0625};
  const auto table = b->pmf_table();
  REQUIRE(table.size() == 5);
  for (int k = 0; k <= 4; ++k) {
    CHECK(table[k] == doctest::Approx(want[k]).epsilon(1e-13));
    CHECK(b->pmf(k) == table[k]);
  }
  CHECK(b->mean() == 2.0);
  CHECK(b->variance() == 1.0);
  CHECK(b->stddev() == 1.0);
  CHECK(b->cdf(-1) == 0.0);
  CHECK(b->cdf(1) == doctest::Approx(0.3125).epsilon(1e-13));
  CHECK(b->cdf(2) == doctest::Approx(0.6875).epsilon(1e-13));
  CHECK(b->cdf(4) == 1.0);
  CHECK(b->pmf(5) == 0.0);
  CHECK(b->pmf(-1) == 0.0);
}

TEST_CASE("seed examples: 10 tokens at t = 0.3 expect 3 masks, 100 at t = 0.7 expect 70") {
  CHECK(*expected_mask_count(10, 0.3) == doctest::Approx(3.0).epsilon(1e-15));
  CHECK(*expected_mask_count(100, 0.7) == doctest::Approx(70.0).epsilon(1e-15));
  CHECK(Binomial::make(10, 0.3)->mean() == doctest::Approx(3.0).epsilon(1e-15));
  CHECK(Binomial::make(100, 0.7)->mean() == doctest::Approx(70.0).epsilon(1e-15));
}

TEST_CASE("seed example: the 1/t factor gives 10 tokens the same weight at t = 0.2 and t = 0.8") {
  // Expected masked count L·t times 1/t is L: 2 × 5 = 8 × 1.25 = 10.
  CHECK(*expected_mask_count(10, 0.2) / 0.2 == doctest::Approx(10.0).epsilon(1e-15));
  CHECK(*expected_mask_count(10, 0.8) / 0.8 == doctest::Approx(10.0).epsilon(1e-15));
}

TEST_CASE("the pmf table sums to 1 and has mean L·t and variance L·t·(1−t) at L = 4096") {
  for (double t : {0.0, 1e-6, 1e-3, 0.3, 0.5, 0.999, 1.0}) {
    CAPTURE(t);
    auto b = Binomial::make(4096, t);
    REQUIRE(b.has_value());
    const auto table = b->pmf_table();
    double s = 0, m = 0, var = 0;
    bool finite = true;
    for (int k = 0; k <= 4096; ++k) {
      finite = finite && std::isfinite(table[k]) && table[k] >= 0;
      s += table[k];
      m += k * table[k];
    }
    for (int k = 0; k <= 4096; ++k) var += (k - m) * (k - m) * table[k];  // centred: no cancellation
    CHECK(finite);
    CHECK(std::abs(s - 1.0) < 1e-9);
    CHECK(std::abs(m - 4096 * t) < 1e-6);
    CHECK(std::abs(var - 4096 * t * (1 - t)) < 1e-6 * (1 + 4096 * t * (1 - t)));
    CHECK(b->cdf(4096) == 1.0);
  }
}

TEST_CASE("the pmf is exact at the edges t = 0 and t = 1") {
  auto zero = Binomial::make(4096, 0.0);
  auto one = Binomial::make(4096, 1.0);
  CHECK(zero->pmf(0) == 1.0);
  CHECK(zero->pmf(1) == 0.0);
  CHECK(zero->log_pmf(1) == -std::numeric_limits<double>::infinity());
  CHECK(one->pmf(4096) == 1.0);
  CHECK(one->pmf(4095) == 0.0);
  CHECK(one->cdf(4095) == 0.0);
  CHECK(Binomial::make(0, 0.4)->pmf(0) == 1.0);  // the empty sentence has zero masks for sure
}

TEST_CASE("the pmf agrees with the ratio recurrence pmf(k+1)/pmf(k) = (n−k)/(k+1) · t/(1−t)") {
  // An independent check of the lgamma route, over the bulk of Binomial(4096, 0.3).
  auto b = Binomial::make(4096, 0.3);
  double worst = 0;
  for (int k = 1000; k < 1450; ++k) {
    const double ratio = b->pmf(k + 1) / b->pmf(k);
    const double want = double(4096 - k) / (k + 1) * (0.3 / 0.7);
    worst = std::max(worst, std::abs(ratio / want - 1));
  }
  CHECK(worst < 1e-10);
}

TEST_CASE("the log probability of a long pattern stays finite where the product underflows") {
  std::vector<std::uint8_t> pattern(4096, 1);
  CHECK(*pattern_probability(pattern, 0.5) == 0.0);  // 0.5^4096 is below the smallest double
  CHECK(*pattern_log_probability(pattern, 0.5) == doctest::Approx(4096 * std::log(0.5)).epsilon(1e-14));
  CHECK(*pattern_log_probability(pattern, 1.0) == 0.0);  // all masked at t = 1 is certain
  CHECK(*pattern_log_probability(pattern, 0.0) == -std::numeric_limits<double>::infinity());
  std::vector<std::uint8_t> none(4096, 0);
  CHECK(*pattern_log_probability(none, 0.0) == 0.0);
  CHECK(*pattern_probability(none, 0.0) == 1.0);
}

TEST_CASE("bad t and lengths are errors with a hint, not NaN") {
  const std::vector<std::uint8_t> p = {1, 0};
  for (double bad : {-0.5, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    CHECK_FALSE(pattern_probability(p, bad).has_value());
    CHECK_FALSE(pattern_log_probability(p, bad).has_value());
    CHECK_FALSE(expected_mask_count(10, bad).has_value());
    auto b = Binomial::make(10, bad);
    REQUIRE_FALSE(b.has_value());
    CHECK_FALSE(b.error().hint.empty());
  }
  CHECK_FALSE(Binomial::make(-1, 0.5).has_value());
  CHECK_FALSE(Binomial::make(max_binomial_n + 1, 0.5).has_value());
  CHECK_FALSE(expected_mask_count(-3, 0.5).has_value());
}
