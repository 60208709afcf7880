// The rare-token experiment of the seeds (004), in miniature: a synthetic corpus with Zipf frequencies
// over a 64-token vocabulary whose last 16 tokens never occur, a zero-layer GPT, a few hundred steps.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/math/philox.hpp"
#include "core/train/groups.hpp"
#include "core/train/session.hpp"

using namespace llada;
using namespace llada::train;

namespace {

constexpr int V = 64, USED = 48;

// Token k (0 ≤ k < USED) with probability ∝ 1/(k+1): the Zipf law of natural text. Tokens USED… never.
std::vector<int32_t> zipf_stream(size_t n, uint64_t seed) {
  std::vector<double> cdf(USED);
  double total = 0;
  for (int k = 0; k < USED; ++k) cdf[k] = (total += 1.0 / (k + 1));
  std::vector<int32_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    const double u = uniform01(seed, stream::shuffle, i) * total;
    int k = 0;
    while (k < USED - 1 && cdf[k] <= u) ++k;
    out[i] = k;
  }
  return out;
}

}  // namespace

TEST_CASE("rare-token experiment: untrained groups sit at −ln V; training orders common > rare > never used") {
  const std::vector<int32_t> corpus = zipf_stream(20000, 5);
  const int B = 8, T = 16;
  TrainConfig cfg;
  cfg.model = ModelConfig::zero_layer(V, 16);
  cfg.B = B;
  cfg.T = T;
  cfg.seed = 2;
  cfg.lr = {.lr_max = 1e-2f, .lr_min = 1e-2f};
  auto session = TrainSession::create(cfg);
  REQUIRE(session);
  BatchFn batch = [&](uint64_t index, int b_, int t_, int32_t* in, int32_t* tg) {
    for (int b = 0; b < b_; ++b) {
      const size_t start = ((index * b_ + b) * 997) % (corpus.size() - t_ - 1);
      for (int t = 0; t < t_; ++t) {
        in[b * t_ + t] = corpus[start + t];
        tg[b * t_ + t] = corpus[start + t + 1];
      }
    }
  };
  // Groups as the seed builds them (scaled to this vocabulary): 8 most common, 8 least common among
  // the used tokens, 8 never used. Counting is Zipf's order here by construction: token k is the k-th
  // most common in expectation; the extremes of a 20,000-token sample keep that order.
  TokenGroups groups;
  for (int k = 0; k < 8; ++k) groups.common.push_back(k);
  for (int k = USED - 8; k < USED; ++k) groups.rare.push_back(k);
  for (int k = USED; k < USED + 8; ++k) groups.never.push_back(k);

  // Measured as the seed does, on short batches (1 row of 16 tokens, like its 5×8), averaged over 16
  // of them: a group's tokens that occur in a batch are left out of that batch's mean, and with a
  // 64-token vocabulary a long batch would contain every common token.
  auto measure = [&] {
    const int EB = 1, ET = 16, N = 16;
    std::vector<int32_t> in(EB * ET), tg(EB * ET);
    GroupStats mean;
    int counted[3] = {0, 0, 0};
    for (int i = 0; i < N; ++i) {
      batch((1u << 20) + i, EB, ET, in.data(), tg.data());  // fixed evaluation batches
      REQUIRE(session->evaluate(in.data(), tg.data(), EB, ET, 0));
      std::vector<int32_t> seen = in;
      seen.insert(seen.end(), tg.begin(), tg.end());
      const GroupStats g = group_log_softmax(session->model().logits(), EB * ET, V, seen, groups);
      const double vals[3] = {g.common, g.rare, g.never};
      double* sums[3] = {&mean.common, &mean.rare, &mean.never};
      for (int k = 0; k < 3; ++k)
        if (!std::isnan(vals[k])) *sums[k] += vals[k], counted[k]++;
      mean.n_never = g.n_never;
    }
    REQUIRE(counted[0] > 0);
    REQUIRE(counted[1] > 0);
    mean.common /= counted[0];
    mean.rare /= counted[1];
    mean.never /= counted[2];
    return mean;
  };
  const GroupStats before = measure();
  // Untrained: logits = W·GELU(e) + b with W, b ~ U(±1/√d) and e ~ N(0,1) have a std of about 0.4, so
  // a token's mean log-softmax is −ln V − σ²/2 ≈ −ln 64 − 0.08, and a mean over a few tokens × 16 rows × 16
  // batches scatters by about 0.4/√8 ≈ 0.14: 0.5 is a bound of more than 3σ on both.
  const double lnV = std::log(static_cast<double>(V));
  CHECK(std::abs(before.common + lnV) < 0.5);
  CHECK(std::abs(before.rare + lnV) < 0.5);
  CHECK(std::abs(before.never + lnV) < 0.5);

  for (int s = 0; s < 300; ++s) {
    auto r = session->step(batch);
    REQUIRE(r);
    REQUIRE_FALSE(r->diverged);
  }
  const GroupStats after = measure();
  CHECK(after.n_never == 8);  // never-used tokens never occur in a batch
  // Trained: common tokens are predicted often, rare ones seldom, never-used ones are only ever pushed
  // down. The margins are large after 300 steps (they come from ln-frequency gaps of ~2 nats).
  CHECK(after.common > after.rare + 0.5);
  CHECK(after.rare > after.never + 0.5);
  CHECK(after.never < before.never - 1.0);
  MESSAGE("untrained " << before.common << " " << before.rare << " " << before.never << "; trained " << after.common
                       << " " << after.rare << " " << after.never);
}
