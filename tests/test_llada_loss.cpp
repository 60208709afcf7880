// The LLaDA loss of one sequence: the seeds' worked example, the 1/t factor, and its errors.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/math/llada_loss.hpp"

using namespace llada;

TEST_CASE("seed example: L = 5, t = 0.4, masked positions 2 and 3 with p = 0.7 and 0.9 give 1.155") {
  // Unmasked positions carry probabilities that must be ignored (even 0).
  const std::vector<double> p = {0.0, 0.7, 0.9, 0.25, 0.5};
  const std::vector<unsigned char> masked = {0, 1, 1, 0, 0};
  auto r = llada_loss(p, masked, 0.4);
  REQUIRE(r.has_value());
  CHECK(r->masked_count == 2);
  CHECK(r->factor == doctest::Approx(2.5).epsilon(1e-15));
  REQUIRE(r->terms.size() == 2);
  CHECK(r->terms[0] == doctest::Approx(0.357).epsilon(1e-3));  // −ln 0.7 = 0.35667
  CHECK(r->terms[1] == doctest::Approx(0.105).epsilon(1e-2));  // −ln 0.9 = 0.10536
  CHECK(r->sum_neg_log_p == doctest::Approx(-std::log(0.7) - std::log(0.9)).epsilon(1e-15));
  CHECK(std::round(r->value * 1000) / 1000 == 1.155);  // the seeds' figure, to its three decimals
  CHECK(r->value == doctest::Approx(1.1550886489913967).epsilon(1e-14));
}

TEST_CASE("seed example: one masked token predicted with p = 0.8 contributes −ln 0.8 = 0.223") {
  const std::vector<double> p = {1.0, 0.8, 1.0, 1.0};
  const std::vector<unsigned char> masked = {0, 1, 0, 0};
  auto r = llada_loss(p, masked, 1.0);
  REQUIRE(r.has_value());
  CHECK(std::round(r->value * 1000) / 1000 == 0.223);
}

TEST_CASE("seed example: with 1/t, 2 masks at t = 0.2 and 8 masks at t = 0.8 both weigh 10") {
  // Same per-token −log P on a 10-token sentence: (1/0.2)·2 = (1/0.8)·8 = 10 times −log P.
  const double P = 0.6;
  std::vector<double> p(10, P);
  std::vector<unsigned char> two(10, 0), eight(10, 1);
  two[3] = two[7] = 1;
  eight[0] = eight[5] = 0;
  auto low = llada_loss(p, two, 0.2);
  auto high = llada_loss(p, eight, 0.8);
  REQUIRE(low.has_value());
  REQUIRE(high.has_value());
  CHECK(low->value == doctest::Approx(10 * -std::log(P)).epsilon(1e-14));
  CHECK(high->value == doctest::Approx(10 * -std::log(P)).epsilon(1e-14));
  // Without the factor the high-noise sample dominates four to one.
  auto low_off = llada_loss(p, two, 0.2, false);
  auto high_off = llada_loss(p, eight, 0.8, false);
  CHECK(low_off->factor == 1.0);
  CHECK(high_off->value / low_off->value == doctest::Approx(4.0).epsilon(1e-14));
}

TEST_CASE("t = 0 is a clear error with the 1/t factor, and a zero loss without it") {
  const std::vector<double> p = {0.5, 0.5};
  const std::vector<unsigned char> none = {0, 0};
  auto r = llada_loss(p, none, 0.0);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("1/t") != std::string::npos);
  CHECK_FALSE(r.error().hint.empty());
  auto off = llada_loss(p, none, 0.0, false);
  REQUIRE(off.has_value());
  CHECK(off->value == 0.0);
}

TEST_CASE("a masked probability that is not positive or exceeds 1 is rejected") {
  const std::vector<unsigned char> masked = {1, 0};
  for (double bad : {0.0, -0.1, 1.0000001, std::numeric_limits<double>::quiet_NaN()}) {
    const std::vector<double> p = {bad, 0.5};
    auto r = llada_loss(p, masked, 0.5);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("position 0") != std::string::npos);
  }
  const std::vector<double> ok = {1.0, 0.5};
  CHECK(llada_loss(ok, masked, 0.5)->value == 0.0);  // certainty costs nothing
  const std::vector<double> short_p = {0.5};
  CHECK_FALSE(llada_loss(short_p, masked, 0.5).has_value());
  CHECK_FALSE(llada_loss(ok, masked, 1.5).has_value());
  CHECK_FALSE(llada_loss(ok, masked, std::numeric_limits<double>::quiet_NaN()).has_value());
}
