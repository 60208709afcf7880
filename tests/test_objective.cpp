#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "core/math/mask_rule.hpp"
#include "core/train/objective.hpp"

using namespace llada::train;

TEST_CASE("LLaDA weights reproduce the seed's loss example: L=5, t=0.4, p=0.7 and 0.9 → 1.155 (÷ B·L)") {
  std::vector<uint8_t> masked = {0, 1, 1, 0, 0};
  std::vector<float> t = {0.4f}, w(5);
  llada_weights(masked, t, 1, 5, true, w);
  const double p[5] = {0.5, 0.7, 0.9, 0.5, 0.5};  // unmasked p are ignored: their weight is 0
  double loss = 0;
  for (int i = 0; i < 5; ++i) loss += w[i] * -std::log(p[i]);
  // −(1/0.4)(ln 0.7 + ln 0.9) = 1.1551, normalised by B·L = 5 as LLaDA's reference does.
  CHECK(loss * 5 == doctest::Approx(1.1551).epsilon(1e-3));
  llada_weights(masked, t, 1, 5, false, w);  // the 1/t factor switched off
  CHECK(w[1] == doctest::Approx(0.2));
  CHECK(w[0] == 0.0f);
}

TEST_CASE("the LLaDA batch masks with the forward process: targets only at [MASK], t from eps up to 1, replayable") {
  const int B = 64, L = 32, MASK = 100;
  std::vector<int32_t> x0(B * L);
  for (size_t i = 0; i < x0.size(); ++i) x0[i] = static_cast<int32_t>(i % 97);
  PreparedBatch a, b;
  REQUIRE(prepare_llada(x0, B, L, MASK, 7, 1000, {}, a));
  REQUIRE(prepare_llada(x0, B, L, MASK, 7, 1000, {}, b));
  CHECK(a.inputs == b.inputs);
  CHECK(a.t == b.t);
  long masked = 0;
  double t_sum = 0;
  for (int r = 0; r < B; ++r) {
    CHECK(a.t[r] >= kLladaTimeEps);
    CHECK(a.t[r] < 1.0f);
    CHECK(a.t[r] == llada::sample_time(7, 1000 + r));  // the math module's stream, same sequence number
    t_sum += a.t[r];
    for (int i = 0; i < L; ++i) {
      const size_t k = static_cast<size_t>(r) * L + i;
      const bool m = a.inputs[k] == MASK;
      CHECK(m == (a.masked[k] != 0));
      CHECK(a.targets[k] == (m ? x0[k] : -1));
      CHECK(a.weights[k] == doctest::Approx(m ? 1.0 / (a.t[r] * B * L) : 0.0));
      CHECK(m == llada::is_masked(llada::mask_uniform(7, 1000 + r, i), a.t[r]));
      masked += m;
    }
  }
  // E[masked] = L·Σt; given the t's, the count is a sum of 2048 Bernoullis with variance ≤ 512, so
  // |masked − L·Σt| < 5σ ≈ 113 fails with probability < 1e-6.
  CHECK(std::abs(masked - L * t_sum) < 113);
}

TEST_CASE("the probe at a fixed t masks the same positions as the forward process at that t") {
  std::vector<int32_t> x0 = {5, 6, 7, 8, 9, 10, 11, 12};
  PreparedBatch p;
  REQUIRE(prepare_llada_at(x0, 1, 8, 1.0f, 50, 3, 0, {}, p));
  CHECK(p.inputs == std::vector<int32_t>(8, 50));  // t = 1 masks everything
  CHECK(p.targets == x0);
  CHECK_FALSE(prepare_llada_at(x0, 1, 8, 0.0f, 50, 3, 0, {}, p));
}

TEST_CASE("the autoregressive objective weighs every position 1/(B·T), so the loss is the mean CE") {
  std::vector<int32_t> in = {1, 2, 3, 4, 5, 6}, tg = {2, 3, 4, 5, 6, 7};
  PreparedBatch p;
  REQUIRE(prepare_autoregressive(in, tg, 2, 3, p));
  CHECK(std::accumulate(p.weights.begin(), p.weights.end(), 0.0) == doctest::Approx(1.0));
  CHECK(p.targets == tg);
  CHECK_FALSE(prepare_autoregressive(in, tg, 2, 4, p));  // wrong shape
}

TEST_CASE("the smallest diffusion time ε is refused at 0 and at 1, the ends of (0, 1), and taken just inside") {
  // ε = 1 would pin every t to 1 (all masked, no signal about t); ε = 0 would allow t = 0 and a 1/t
  // weight of infinity. The bounds are exclusive on both sides.
  const std::vector<int32_t> x0 = {1, 2, 3, 4};
  PreparedBatch p;
  for (float eps : {0.0f, 1.0f, -0.5f, 1.5f}) {
    CAPTURE(eps);
    auto r = prepare_llada(x0, 1, 4, 9, 3, 0, {.eps = eps}, p);
    REQUIRE_FALSE(r);
    CHECK_FALSE(r.error().hint.empty());
  }
  for (float eps : {1e-6f, 0.999f}) {
    CAPTURE(eps);
    REQUIRE(prepare_llada(x0, 1, 4, 9, 3, 0, {.eps = eps}, p));
    CHECK(p.t[0] >= eps);
    CHECK(p.t[0] <= 1.0f);
  }
}
