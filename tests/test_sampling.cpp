// Softmax with temperature, entropy, and the samplers.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"
#include "core/math/softmax_dist.hpp"

using namespace llada;

static std::vector<float> softmax_of(std::vector<float> z, float T) {
  std::vector<float> p(z.size());
  auto ok = softmax(z, T, p);
  REQUIRE(ok.has_value());
  return p;
}

TEST_CASE("softmax of [1, 2, 3] is e^z / Σ e^z and sums to 1") {
  const auto p = softmax_of({1, 2, 3}, 1.0f);
  const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  CHECK(p[0] == doctest::Approx(std::exp(1.0) / s).epsilon(1e-6));
  CHECK(p[1] == doctest::Approx(std::exp(2.0) / s).epsilon(1e-6));
  CHECK(p[2] == doctest::Approx(std::exp(3.0) / s).epsilon(1e-6));
  CHECK(p[0] + p[1] + p[2] == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("softmax is unchanged by a shift and stays finite for huge logits") {
  const auto a = softmax_of({0, 1, 2}, 1.0f);
  const auto b = softmax_of({1e30f, 1e30f + 1e23f, 1e30f + 2e23f}, 1e23f);  // huge logits, huge T
  const auto c = softmax_of({10000, 10001, 10002}, 1.0f);
  for (int i = 0; i < 3; ++i) {
    CHECK(c[i] == doctest::Approx(a[i]).epsilon(1e-6));
    CHECK(std::isfinite(b[i]));
  }
  const auto far = softmax_of({-3e38f, 3e38f}, 1.0f);  // the gap overflows float but not double
  CHECK(far[0] == 0.0f);
  CHECK(far[1] == 1.0f);
}

TEST_CASE("temperature sharpens toward argmax as T → 0 and flattens toward uniform as T grows") {
  const std::vector<float> z = {1.0f, 2.0f, 1.5f};
  const auto cold = softmax_of(z, 0.01f);
  CHECK(cold[1] > 0.999999f);
  const auto ties = softmax_of({3.0f, 3.0f, 1.0f}, 1e-4f);  // tied maxima share the mass
  CHECK(ties[0] == doctest::Approx(0.5));
  CHECK(ties[1] == doctest::Approx(0.5));
  CHECK(ties[2] == 0.0f);
  const auto hot = softmax_of(z, 1000.0f);
  for (float p : hot) CHECK(p == doctest::Approx(1.0 / 3).epsilon(1e-3));
  // Lowering T lowers the entropy.
  CHECK(*entropy(softmax_of(z, 0.5f)) < *entropy(softmax_of(z, 1.0f)));
  CHECK(*entropy(softmax_of(z, 1.0f)) < *entropy(softmax_of(z, 2.0f)));
}

TEST_CASE("non-positive or non-finite temperatures and NaN or +inf logits are rejected with a message") {
  std::vector<float> p(2);
  const std::vector<float> z = {1, 2};
  for (float T : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    auto r = softmax(z, T, p);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("temperature") != std::string::npos);
    CHECK_FALSE(log_softmax(z, T, p).has_value());
  }
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    const std::vector<float> zb = {1, bad};
    auto r = softmax(zb, 1.0f, p);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("logit 1") != std::string::npos);
    CHECK_FALSE(r.error().hint.empty());
  }
  const float ninf = -std::numeric_limits<float>::infinity();
  CHECK_FALSE(softmax(std::vector<float>{ninf, ninf}, 1.0f, p).has_value());
  CHECK_FALSE(softmax(std::vector<float>{}, 1.0f, std::span<float>{}).has_value());
  std::vector<float> wrong(3);
  CHECK_FALSE(softmax(z, 1.0f, wrong).has_value());
  // −inf bans a token: it gets probability exactly 0.
  const auto banned = softmax_of({0.0f, ninf, 0.0f}, 1.0f);
  CHECK(banned[1] == 0.0f);
  CHECK(banned[0] == doctest::Approx(0.5));
}

TEST_CASE("log_softmax equals log of softmax and stays finite where softmax underflows") {
  const std::vector<float> z = {0.5f, -1.0f, 2.0f, 0.0f};
  std::vector<float> lp(4);
  REQUIRE(log_softmax(z, 0.7f, lp).has_value());
  const auto p = softmax_of(z, 0.7f);
  for (int i = 0; i < 4; ++i) CHECK(lp[i] == doctest::Approx(std::log(p[i])).epsilon(1e-5));
  const std::vector<float> wide = {0.0f, -200.0f};
  REQUIRE(log_softmax(wide, 1.0f, std::span(lp).first(2)).has_value());
  CHECK(softmax_of(wide, 1.0f)[1] == 0.0f);           // e^-200 is below the smallest float
  CHECK(lp[1] == doctest::Approx(-200.0).epsilon(1e-6));  // the log keeps it
}

TEST_CASE("entropy is ln V for a uniform row and 0 for a one-hot row") {
  CHECK(*entropy(std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f}) == doctest::Approx(std::log(4.0)));
  CHECK(*entropy(std::vector<float>{2, 2}) == doctest::Approx(std::log(2.0)));  // normalised first
  CHECK(*entropy(std::vector<float>{0, 1, 0}) == 0.0);
  CHECK_FALSE(entropy(std::vector<float>{0, 0}).has_value());
  CHECK_FALSE(entropy(std::vector<float>{-0.1f, 1.1f}).has_value());
}

TEST_CASE("sampling from a uniform walks the cumulative distribution and never picks p = 0") {
  const std::vector<float> p = {0.2f, 0.5f, 0.3f};
  CHECK(*sample_from_uniform(p, 0.0f) == 0);
  CHECK(*sample_from_uniform(p, 0.19f) == 0);
  CHECK(*sample_from_uniform(p, 0.21f) == 1);
  CHECK(*sample_from_uniform(p, 0.69f) == 1);
  CHECK(*sample_from_uniform(p, 0.71f) == 2);
  CHECK(*sample_from_uniform(p, 0.99999994f) == 2);
  const std::vector<float> spiky = {0.0f, 1.0f, 0.0f};
  for (float u : {0.0f, 0.5f, 0.99999994f}) CHECK(*sample_from_uniform(spiky, u) == 1);
  CHECK_FALSE(sample_from_uniform(p, 1.0f).has_value());
  CHECK_FALSE(sample_from_uniform(p, -0.1f).has_value());
}

TEST_CASE("multinomial frequencies over 100k Philox draws match the probabilities") {
  const std::vector<float> p = {0.1f, 0.2f, 0.3f, 0.4f};
  const int n = 100000;
  std::vector<int> seen(4, 0);
  for (int i = 0; i < n; ++i) ++seen[*sample_from_uniform(p, uniform01(7, stream::sampling, std::uint64_t(i)))];
  double chi2 = 0;
  for (int k = 0; k < 4; ++k) chi2 += (seen[k] - n * p[k]) * (seen[k] - n * p[k]) / (n * p[k]);
  // Pearson's chi-square with 3 degrees of freedom: P(χ²₃ > 30.7) ≈ 1e-6
  // (survival = erfc(sqrt(x/2)) + sqrt(2x/π)·e^(−x/2)), so a correct sampler passes; one that
  // swapped two tokens (0.1 ↔ 0.2) would give χ² ≈ 7500.
  CHECK(chi2 < 30.7);
}

TEST_CASE("greedy picks the largest value, the first one on ties") {
  CHECK(*argmax(std::vector<float>{0.1f, 0.7f, 0.2f}) == 1);
  CHECK(*argmax(std::vector<float>{3, 5, 5, 1}) == 1);
  CHECK(*argmax(std::vector<float>{-std::numeric_limits<float>::infinity(), -5}) == 1);
  CHECK_FALSE(argmax(std::vector<float>{1, std::numeric_limits<float>::quiet_NaN()}).has_value());
  CHECK_FALSE(argmax(std::vector<float>{}).has_value());
}

TEST_CASE("top-k keeps the k largest probabilities and renormalises them") {
  std::vector<float> p = {0.1f, 0.4f, 0.2f, 0.3f};
  REQUIRE(top_k_filter(p, 2).has_value());
  CHECK(p[0] == 0.0f);
  CHECK(p[2] == 0.0f);
  CHECK(p[1] == doctest::Approx(4.0 / 7));
  CHECK(p[3] == doctest::Approx(3.0 / 7));
  std::vector<float> one = {0.1f, 0.4f, 0.2f, 0.3f};
  REQUIRE(top_k_filter(one, 1).has_value());
  CHECK(one == std::vector<float>{0, 1, 0, 0});  // k = 1 is greedy
  std::vector<float> tie = {0.25f, 0.25f, 0.25f, 0.25f};
  REQUIRE(top_k_filter(tie, 2).has_value());
  CHECK(tie == std::vector<float>{0.5f, 0.5f, 0, 0});  // ties go to the lower index
  std::vector<float> all = {1, 3};
  REQUIRE(top_k_filter(all, 10).has_value());
  CHECK(all == std::vector<float>{0.25f, 0.75f});
  CHECK_FALSE(top_k_filter(all, 0).has_value());
}

TEST_CASE("top-p keeps the smallest head of the distribution that reaches p, renormalised") {
  std::vector<float> p = {0.1f, 0.4f, 0.2f, 0.3f};
  REQUIRE(top_p_filter(p, 0.5f).has_value());  // 0.4 < 0.5 ≤ 0.4 + 0.3
  CHECK(p[0] == 0.0f);
  CHECK(p[2] == 0.0f);
  CHECK(p[1] == doctest::Approx(4.0 / 7));
  CHECK(p[3] == doctest::Approx(3.0 / 7));
  std::vector<float> head = {0.1f, 0.4f, 0.2f, 0.3f};
  REQUIRE(top_p_filter(head, 0.35f).has_value());  // the top token alone is enough
  CHECK(head == std::vector<float>{0, 1, 0, 0});
  std::vector<float> whole = {0.1f, 0.4f, 0.2f, 0.3f};
  REQUIRE(top_p_filter(whole, 1.0f).has_value());
  for (int i = 0; i < 4; ++i) CHECK(whole[i] == doctest::Approx(std::vector<float>{0.1f, 0.4f, 0.2f, 0.3f}[i]));
  CHECK_FALSE(top_p_filter(whole, 0.0f).has_value());
  CHECK_FALSE(top_p_filter(whole, 1.5f).has_value());
}

TEST_CASE("top-p stops at the token whose running sum lands exactly on p, and top-k keeps exactly k") {
  // Exact in float and double: 0.5 + 0.25 = 0.75. Keeping one token more (cum > p instead of ≥) would
  // let the third token through.
  std::vector<float> p = {0.25f, 0.5f, 0.25f};
  REQUIRE(top_p_filter(p, 0.75f).has_value());
  CHECK(p[0] == doctest::Approx(1.0 / 3));
  CHECK(p[1] == doctest::Approx(2.0 / 3));
  CHECK(p[2] == 0.0f);
  std::vector<float> half = {0.25f, 0.5f, 0.25f};
  REQUIRE(top_p_filter(half, 0.5f).has_value());  // the top token alone reaches p = 0.5 exactly
  CHECK(half == std::vector<float>{0, 1, 0});
  std::vector<float> all = {0.25f, 0.5f, 0.25f};
  REQUIRE(top_p_filter(all, 1.0f).has_value());  // the sum reaches 1 only with the last token
  CHECK(all == std::vector<float>{0.25f, 0.5f, 0.25f});
  std::vector<float> k_eq_v = {0.25f, 0.5f, 0.25f};
  REQUIRE(top_k_filter(k_eq_v, 3).has_value());
  CHECK(k_eq_v == std::vector<float>{0.25f, 0.5f, 0.25f});
  std::vector<float> k_less = {0.25f, 0.5f, 0.125f, 0.125f};
  REQUIRE(top_k_filter(k_less, 3).has_value());  // ties at the cut go to the lower index
  CHECK(k_less[0] == doctest::Approx(2.0 / 7));
  CHECK(k_less[1] == doctest::Approx(4.0 / 7));
  CHECK(k_less[2] == doctest::Approx(1.0 / 7));
  CHECK(k_less[3] == 0.0f);
}

TEST_CASE("a draw that lands exactly on a boundary of the cumulative distribution takes the next token") {
  // Each token owns the half-open interval [cum_before, cum_after) of u·Σ: u = 0.25 is the first value
  // of token 1, not the last of token 0 (a `>=` in the walk would give 0).
  const std::vector<float> p = {0.25f, 0.5f, 0.25f};
  CHECK(*sample_from_uniform(p, 0.25f) == 1);
  CHECK(*sample_from_uniform(p, 0.75f) == 2);
  CHECK(*sample_from_uniform(p, std::nextafter(0.25f, 0.0f)) == 0);
  // The window's binary-search draw agrees at the same boundaries.
  const std::vector<float> logits = {std::log(0.25f), std::log(0.5f), std::log(0.25f)};
  const SoftmaxDist d = softmax_dist(logits, 1.0f, 0, 1.0f, 3);
  REQUIRE(d.error.empty());
  for (float u : {0.0f, std::nextafter(0.25f, 0.0f), 0.25f, 0.75f, 0.9999f})
    CHECK(draw_token(d, u) == *sample_from_uniform(d.kept, u));
}
