// LLaDA's likelihood bound: the training, evaluation, stratified and antithetic estimators agree in
// expectation with the bound computed exactly by enumerating every mask; a GPT's exact −log p.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "core/eval/likelihood.hpp"

using namespace llada::eval;

namespace {

constexpr int V = 8;
constexpr int32_t MASK = V;
const std::vector<int32_t> kX = {0, 1, 2, 3, 4, 5};

// A mask predictor that knows the answer but is less sure the more is masked, and less sure still when
// its left neighbour is masked: the logit of x_i at position i is 3 − 0.6·m − 1.2·[x_{i−1} masked].
void toy(const int32_t* tokens, int T, float* logits) {
  int m = 0;
  for (int i = 0; i < T; ++i) m += tokens[i] == MASK;
  for (int i = 0; i < T; ++i)
    for (int v = 0; v < V; ++v)
      logits[i * V + v] = v == kX[i] ? 3.0f - 0.6f * m - (i > 0 && tokens[i - 1] == MASK ? 1.2f : 0.0f) : 0.0f;
}

// The bound by enumeration: Σ_S (1/|S|) · C(n,|S|)⁻¹ · Σ_{i∈S} −log p_i(x_S masked), S ⊆ {1..5} non-empty.
double exact_bound() {
  const int n = 5;
  double b = 0;
  for (int s = 1; s < (1 << n); ++s) {
    std::vector<int32_t> xt = kX;
    int m = 0;
    for (int j = 0; j < n; ++j)
      if (s >> j & 1) xt[1 + j] = MASK, ++m;
    std::vector<float> l(kX.size() * V);
    toy(xt.data(), int(xt.size()), l.data());
    double sum = 0;
    for (int j = 0; j < n; ++j) {
      if (!(s >> j & 1)) continue;
      const float* row = l.data() + (1 + j) * V;
      double z = 0;
      for (int v = 0; v < V; ++v) z += std::exp(double(row[v]));
      sum += -(row[kX[1 + j]] - std::log(z));
    }
    const double choose = std::tgamma(n + 1) / (std::tgamma(m + 1) * std::tgamma(n - m + 1));
    b += sum / m / choose;
  }
  return b;
}

}  // namespace

TEST_CASE("the four estimators of LLaDA's bound agree in expectation with the bound computed exactly") {
  const double exact = exact_bound();
  const BoundOptions opt{.samples = 4000, .seed = 11, .prefix = 1, .strata = 8, .mask_id = MASK};
  double var_training = 0, var_stratified = 0;
  for (Estimator e : kAllEstimators) {
    auto s = estimate_bound(toy, V, kX, e, opt);
    REQUIRE(s);
    CHECK(s->samples.size() == 4000);
    CHECK(s->std_error > 0);
    // Four standard errors: a correct estimator fails this about once in 16 000 seeds.
    CHECK(std::abs(s->mean - exact) < 4 * s->std_error);
    if (e == Estimator::Training) var_training = s->variance_per_sample;
    if (e == Estimator::Stratified) var_stratified = s->variance_per_sample;
  }
  CHECK(var_stratified < var_training);  // stratifying t removes the variance between times
}

TEST_CASE("a biased estimator is caught by the same test: dropping the 1/t weight misses the bound") {
  // The check above must fail for a wrong estimator: the unweighted masked loss averages far lower.
  const BoundOptions opt{.samples = 4000, .seed = 11, .prefix = 1, .mask_id = MASK};
  double sum = 0;
  for (int k = 0; k < 4000; ++k) {
    auto b = bound_sample(toy, V, kX, Estimator::Training, k, opt);
    REQUIRE(b);
    sum += b->estimate * b->t;  // the estimate without its 1/t weight
  }
  auto s = estimate_bound(toy, V, kX, Estimator::Training, opt);
  REQUIRE(s);
  CHECK(std::abs(sum / 4000 - exact_bound()) > 10 * s->std_error);
}

TEST_CASE("the evaluation estimator masks exactly l positions and never the condition") {
  int seen[6] = {};
  std::vector<int32_t> got;
  auto spy = [&](const int32_t* tokens, int T, float* logits) {
    got.assign(tokens, tokens + T);
    toy(tokens, T, logits);
  };
  const BoundOptions opt{.seed = 3, .prefix = 2, .mask_id = MASK};
  for (int k = 0; k < 200; ++k) {
    auto b = bound_sample(spy, V, kX, Estimator::Evaluation, k, opt);
    REQUIRE(b);
    REQUIRE(b->masked >= 1);
    REQUIRE(b->masked <= 4);
    CHECK(b->t == doctest::Approx(b->masked / 4.0));
    CHECK(got[0] == 0);
    CHECK(got[1] == 1);
    int m = 0;
    for (int32_t t : got) m += t == MASK;
    CHECK(m == b->masked);
    ++seen[b->masked];
  }
  for (int l = 1; l <= 4; ++l) CHECK(seen[l] > 25);  // l uniform in 1..4: about 50 each
}

TEST_CASE("stratified and antithetic times: each stratum once per group, t and 1 − t in each pair") {
  const BoundOptions opt{.seed = 5, .prefix = 1, .strata = 4, .mask_id = MASK};
  for (int k = 0; k < 8; ++k) {
    auto b = bound_sample(toy, V, kX, Estimator::Stratified, k, opt);
    REQUIRE(b);
    CHECK(b->t > (k % 4) / 4.0);
    CHECK(b->t <= (k % 4 + 1) / 4.0);
  }
  for (int g = 0; g < 4; ++g) {
    auto a = bound_sample(toy, V, kX, Estimator::Antithetic, 2 * g, opt);
    auto b = bound_sample(toy, V, kX, Estimator::Antithetic, 2 * g + 1, opt);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->t + b->t == doctest::Approx(1.0));
  }
}

TEST_CASE("running statistics use whole groups, and bad input is refused with a hint") {
  BoundSeries s;
  s.group = 2;
  for (double v : {1.0, 3.0, 5.0, 7.0, 100.0}) s.samples.push_back({v, 0.5, 1});
  const RunningStat r = running_stat(s, 5);  // the fifth sample has no partner: left out
  CHECK(r.n == 4);
  CHECK(r.mean == doctest::Approx(4.0));
  CHECK(r.std_error == doctest::Approx(2.0));  // group means 2 and 6: sd 2.83, / √2
  auto one = estimate_bound(toy, V, std::vector<int32_t>{0}, Estimator::Training, {.mask_id = MASK});
  REQUIRE_FALSE(one);
  CHECK_FALSE(one.error().hint.empty());
  CHECK_FALSE(estimate_bound(toy, V, std::vector<int32_t>{0, 9}, Estimator::Training, {.mask_id = MASK}));
  CHECK_FALSE(estimate_bound(toy, V, kX, Estimator::Training, {.mask_id = 3}));
}

TEST_CASE("a causal model's exact −log p sums its next-token losses, windowed or not") {
  // A bigram model: after token a it gives token a + 1 logit 2, everything else 0.
  auto bigram = [](const int32_t* tokens, int T, float* logits) {
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = v == (tokens[t] + 1) % V ? 2.0f : 0.0f;
  };
  const double per = -(2.0 - std::log(std::exp(2.0) + V - 1));  // −log p of the next token
  auto all = exact_nll_causal(bigram, V, kX, 1, 0);
  auto windowed = exact_nll_causal(bigram, V, kX, 2, 2);
  REQUIRE(all);
  REQUIRE(windowed);
  CHECK(*all == doctest::Approx(5 * per));
  CHECK(*windowed == doctest::Approx(4 * per));
  CHECK_FALSE(exact_nll_causal(bigram, V, kX, 0, 0));
  CHECK_FALSE(exact_nll_causal(bigram, V, kX, 6, 0));
}

TEST_CASE("a windowed causal score shows each token exactly the `context` tokens before it, no fewer") {
  // The bigram model above cannot tell a window of 1 from a window of 2 (it reads only the last
  // token), so a window one token short would pass it: here the model is spied on and its answer
  // depends on how much it was shown.
  std::vector<std::vector<int32_t>> seen;
  auto spy = [&](const int32_t* tokens, int T, float* logits) {
    seen.emplace_back(tokens, tokens + T);
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = v == (T % V) ? 2.0f : 0.0f;  // a guess from the length
  };
  const std::vector<int32_t> x = {0, 1, 2, 3, 4, 5, 6};
  auto r = exact_nll_causal(spy, V, x, 1, 3);  // L − 1 = 6 > 3: one window per scored token
  REQUIRE(r);
  REQUIRE(seen.size() == 6);
  double expect = 0;
  for (int i = 1; i < 7; ++i) {
    CAPTURE(i);
    const int lo = std::max(0, i - 3);
    CHECK(seen[size_t(i - 1)] == std::vector<int32_t>(x.begin() + lo, x.begin() + i));  // x[i−3 .. i−1]
    const int T = i - lo, z = x[size_t(i)] == T % V ? 2 : 0;
    expect += -(z - std::log(std::exp(2.0) + V - 1));
  }
  CHECK(*r == doctest::Approx(expect));
  // A window as long as the text less one is the single pass, with the same numbers.
  seen.clear();
  auto whole = exact_nll_causal(spy, V, x, 1, 6);
  REQUIRE(whole);
  CHECK(seen.size() == 1);
  CHECK(seen[0].size() == 6);
}

TEST_CASE("an estimate stops at the next sample once cancelled") {
  std::atomic<bool> cancel{false};
  int calls = 0;
  auto counting = [&](const int32_t* tokens, int T, float* logits) {
    if (++calls == 3) cancel = true;  // the user presses Cancel during the third sample
    toy(tokens, T, logits);
  };
  auto r = estimate_bound(counting, V, kX, Estimator::Training, {.samples = 64, .mask_id = MASK, .cancel = &cancel});
  REQUIRE_FALSE(r);
  CHECK(r.error().what == "cancelled");
  CHECK(calls == 3);  // not the 64 samples asked for
  cancel = false;
  CHECK(estimate_bound(toy, V, kX, Estimator::Training, {.samples = 4, .mask_id = MASK, .cancel = &cancel}));
}
