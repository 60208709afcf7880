#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"
#include "core/math/softmax_dist.hpp"

using namespace llada;

namespace {

// 300 logits with a clear head, a tie and a long tail (like a trained model's row).
std::vector<float> row() {
  std::vector<float> z;
  for (int i = 0; i < 300; ++i) z.push_back(-3.0f + 0.7f * normal(11, stream::init, uint64_t(i)));
  z[17] = 4.0f, z[5] = 2.5f, z[250] = 2.5f, z[99] = 1.0f;
  return z;
}

}  // namespace

TEST_CASE("the bars are the largest logits in order, ties toward the lower id, and the rest holds the remaining mass") {
  const std::vector<float> z = row();
  const SoftmaxDist d = softmax_dist(z, 1.0f, 0, 1.0f, 20);
  REQUIRE(d.error.empty());
  REQUIRE(d.top.size() == 20);
  CHECK(d.top[0] == 17);  // greedy
  CHECK(d.top[1] == 5);   // the tie at 2.5: lower id first
  CHECK(d.top[2] == 250);
  CHECK(d.top[3] == 99);
  for (size_t r = 1; r < d.top.size(); ++r) CHECK(z[size_t(d.top[r - 1])] >= z[size_t(d.top[r])]);
  double top = 0;
  for (int id : d.top) top += d.probs[size_t(id)];
  CHECK(top + d.rest_exact == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(d.rest_kept == doctest::Approx(d.rest_exact).epsilon(1e-6));  // nothing cut
  CHECK(d.rest_cut == 0);
  auto h = entropy(d.probs);
  REQUIRE(h);
  CHECK(d.H == *h);
}

TEST_CASE("top-k and top-p cut the tail: the rest bar keeps no mass and counts the tokens cut") {
  const std::vector<float> z = row();
  const SoftmaxDist k = softmax_dist(z, 1.0f, 5, 1.0f, 20);
  REQUIRE(k.error.empty());
  CHECK(k.rest_kept == 0.0);
  CHECK(k.rest_cut == 300 - 20);  // every token below the 20 bars has p > 0 and is cut
  int kept_bars = 0;
  for (int id : k.top) kept_bars += k.kept[size_t(id)] > 0;
  CHECK(kept_bars == 5);
  CHECK(k.H_kept < k.H);
  const SoftmaxDist p = softmax_dist(z, 1.0f, 0, 0.5f, 20);
  REQUIRE(p.error.empty());
  CHECK(p.kept[17] == doctest::Approx(1.0f));  // p(17) > 0.5 alone: the nucleus is one token
  CHECK(p.H_kept == 0.0);
  CHECK(softmax_dist(z, 0.0f, 0, 1.0f, 20).error.find("temperature") != std::string::npos);
}

TEST_CASE("a draw by binary search picks the same token as sample_from_uniform, cuts included") {
  const std::vector<float> z = row();
  for (const auto& [k, p] : {std::pair{0, 1.0f}, std::pair{7, 1.0f}, std::pair{0, 0.8f}}) {
    const SoftmaxDist d = softmax_dist(z, 1.7f, k, p, 20);
    REQUIRE(d.error.empty());
    int differ = 0, cut_drawn = 0;
    for (uint64_t i = 0; i < 5000; ++i) {
      const float u = uniform01(3, stream::sampling, i);
      auto ref = sample_from_uniform(d.kept, u);
      REQUIRE(ref);
      const int got = draw_token(d, u);
      differ += got != *ref;
      cut_drawn += d.kept[size_t(got)] == 0.0f;
    }
    CHECK(differ == 0);
    CHECK(cut_drawn == 0);
  }
  const SoftmaxDist d = softmax_dist(z, 1.0f, 3, 1.0f, 20);
  CHECK(draw_token(d, 0.0f) == 5);                 // id order: 5 < 17 < 250, the three kept
  CHECK(draw_token(d, 0.99999994f) == 250);        // the largest u lands on the last kept id
}

TEST_CASE("entropy rises with temperature from near 0 toward ln V") {
  const std::vector<float> z = row();
  const EntropyCurve c = entropy_curve(z, 41, 0.05, 5.0);
  REQUIRE(c.T.size() == 41);
  CHECK(c.T.front() == doctest::Approx(0.05));
  CHECK(c.T.back() == doctest::Approx(5.0));
  for (size_t i = 1; i < c.H.size(); ++i) CHECK(c.H[i] >= c.H[i - 1] - 1e-9);
  CHECK(c.H.front() < 0.01);                         // T = 0.05: 1.5 logits apart is e^30 to one
  CHECK(c.H.back() > 0.9 * std::log(300.0));         // T = 5: the logits' spread (σ 0.7) shrinks to 0.14
  CHECK(c.H.back() < std::log(300.0));
}

TEST_CASE("retemper gives softmax_dist's distribution at the new temperature, and its draws after ensure_cdf") {
  // 10 000 logits (more than one of retemper's blocks), some −inf (a token the model may not emit).
  std::vector<float> z;
  for (int i = 0; i < 10000; ++i) z.push_back(-2.0f + 1.3f * normal(12, stream::init, uint64_t(i)));
  z[4321] = 6.0f, z[77] = -INFINITY, z[9999] = -INFINITY;
  SoftmaxDist d = softmax_dist(z, 1.0f, 0, 1.0f, 20);
  REQUIRE(d.error.empty());
  for (float T : {0.05f, 0.3f, 1.0f, 2.2f, 5.0f, 0.7f}) {
    CAPTURE(T);
    retemper(d, z, T);
    const SoftmaxDist ref = softmax_dist(z, T, 0, 1.0f, 20);
    REQUIRE(d.error.empty());
    CHECK(d.top == ref.top);
    CHECK(d.H == doctest::Approx(ref.H).epsilon(1e-5));
    CHECK(d.H_kept == d.H);
    CHECK(d.rest_exact == doctest::Approx(ref.rest_exact).epsilon(1e-5));
    CHECK(d.rest_kept == d.rest_exact);
    CHECK(d.probs[77] == 0.0f);
    CHECK(d.probs[9999] == 0.0f);
    double worst = 0;
    for (size_t i = 0; i < z.size(); ++i)
      worst = std::max(worst, std::abs(double(d.probs[i]) - double(ref.probs[i])) / std::max(1e-30, double(ref.probs[i])));
    CHECK(worst < 1e-4);  // relative, on every token down to the underflow
    CHECK(d.kept == d.probs);
    CHECK(d.cdf.empty());
    ensure_cdf(d);
    REQUIRE(d.cdf.size() == z.size());
    int differ = 0;
    for (uint64_t i = 0; i < 2000; ++i) {
      const float u = uniform01(5, stream::sampling, i);
      auto want = sample_from_uniform(d.kept, u);
      REQUIRE(want);
      differ += draw_token(d, u) != *want;
    }
    CHECK(differ == 0);
  }
  retemper(d, z, 0.0f);
  CHECK(d.error.find("temperature") != std::string::npos);
}

TEST_CASE("retemper keeps every probability a float holds, down to e^-87, and takes only those below as 0") {
  // The comparison above is relative only down to 1e-30, so a cut moved up to e^-80 (1.8e-35) would
  // pass it: here the logits sit on both sides of the documented edge.
  const std::vector<float> z = {0.0f, -80.5f, -84.0f, -86.5f, -90.0f, -1.0f};
  SoftmaxDist d = softmax_dist(z, 2.0f, 0, 1.0f, 3);
  REQUIRE(d.error.empty());
  retemper(d, z, 1.0f);
  REQUIRE(d.error.empty());
  const double Z = 1.0 + std::exp(-1.0);  // the others add nothing a double sees at this size
  for (int i : {0, 1, 2, 3, 5}) {
    CAPTURE(i);
    CHECK(d.probs[size_t(i)] > 0.0f);
    CHECK(double(d.probs[size_t(i)]) == doctest::Approx(std::exp(double(z[size_t(i)])) / Z).epsilon(1e-4));
  }
  CHECK(d.probs[4] == 0.0f);  // e^-90 would be a subnormal float: taken as 0, as documented
}
