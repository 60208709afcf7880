// The probe's logit row in the trainer's snapshots (what the Softmax & temperature panel draws): it must be
// the row of the position the snapshot names, at the snapshot's step, so softmax of it reproduces the
// probe's top probabilities and its cross-entropy at the true token is the probe loss there.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/math/sampling.hpp"
#include "core/train/trainer.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {

constexpr int V = 16;

TrainerOptions probe_options() {
  TrainerOptions o = test::cyclic_trainer_options<V>(ModelConfig::zero_layer(V, 8), Objective::Autoregressive);
  o.probe = {1, 2, 3, 4, 5, 6, 7, 8};
  o.probe_top = 5;
  return o;
}

// softmax(logits / T) at each of the snapshot's top entries equals the probability the trainer
// published, its logit is the row's, and no token outside the top list is more likely than its last.
void check_row_matches_top(const Snapshot& s) {
  REQUIRE(s.probe_logits);
  const std::vector<float>& z = *s.probe_logits;
  REQUIRE(z.size() == size_t(V));
  std::vector<float> p(z.size());
  REQUIRE(softmax(z, s.temperature, p));
  REQUIRE(!s.probe_top.empty());
  for (const ProbeEntry& e : s.probe_top) {
    CHECK(z[size_t(e.token)] == e.logit);
    CHECK(p[size_t(e.token)] == doctest::Approx(e.prob).epsilon(1e-5));
  }
  const float last = s.probe_top.back().prob;
  for (int v = 0; v < V; ++v)
    if (std::none_of(s.probe_top.begin(), s.probe_top.end(), [&](const ProbeEntry& e) { return e.token == v; }))
      CHECK(p[size_t(v)] <= last * (1 + 1e-5f));
}

// −log softmax(row)[target]: the cross-entropy the probe loss at that position must equal.
double nll_of_target(const Snapshot& s) {
  std::vector<float> lp(s.probe_logits->size());
  REQUIRE(log_softmax(*s.probe_logits, 1.0f, lp));
  return -double(lp[size_t(s.probe_target)]);
}

}  // namespace

// Both tests drive a Trainer (its worker thread runs beside the test's): ThreadSanitizer runs them.
TEST_SUITE_BEGIN("threads");

TEST_CASE("the GPT probe publishes the last position's logit row, matching its top probabilities and loss") {
  auto made = Trainer::create(probe_options());
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(30);  // a trained row is far from uniform: a wrong row would not match
  tr.wait_until_idle();
  auto s = tr.snapshot();
  CHECK(s->probe_position == 6);  // AR: 8 probe tokens, 7 predictions, the last at position 6
  CHECK(s->probe_target == 8);    // … predicting the token after it
  CHECK_FALSE(s->probe_position_masked);
  check_row_matches_top(*s);
  REQUIRE(s->probe_losses.size() == 7);
  CHECK(s->probe_losses[6] == doctest::Approx(nll_of_target(*s)).epsilon(1e-4));

  tr.set_temperature(0.5f);  // the top probabilities change with T; the row does not
  tr.wait_until_idle();
  auto s2 = tr.snapshot();
  CHECK(s2->temperature == 0.5f);
  check_row_matches_top(*s2);
  CHECK(*s2->probe_logits == *s->probe_logits);

  const std::vector<float> kept = *s->probe_logits;
  tr.step(5);
  tr.wait_until_idle();
  CHECK(*s->probe_logits == kept);  // a reader's row never changes under it …
  CHECK(*tr.snapshot()->probe_logits != kept);  // … while the new snapshot has the trained model's
}

TEST_CASE("the LLaDA probe shows the first masked position, where the model has to guess") {
  auto opt = probe_options();
  opt.train.model = ModelConfig::llada(V, 1, 2, 8, 8);
  opt.train.objective = Objective::Llada;
  opt.probe_t = 0.5f;
  auto made = Trainer::create(opt);
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(3);
  tr.wait_until_idle();
  int with_mask = 0;
  for (uint64_t seed = 0; seed < 6; ++seed) {
    tr.set_probe_mask_seed(seed);
    tr.wait_until_idle();
    auto s = tr.snapshot();
    REQUIRE(s->probe_masked.size() == 8);
    const auto first = std::find(s->probe_masked.begin(), s->probe_masked.end(), uint8_t{1});
    if (first == s->probe_masked.end()) {
      CHECK(s->probe_position == 7);  // nothing masked: the last position, as for the GPT
      continue;
    }
    ++with_mask;
    CHECK(s->probe_position == int(first - s->probe_masked.begin()));
    CHECK(s->probe_position_masked);
    CHECK(s->probe_target == opt.probe[size_t(s->probe_position)]);  // LLaDA predicts the token itself
    CHECK(s->probe_inputs[size_t(s->probe_position)] == V);         // … where it saw [MASK]
    check_row_matches_top(*s);
    CHECK(s->probe_losses[size_t(s->probe_position)] == doctest::Approx(nll_of_target(*s)).epsilon(1e-4));
  }
  CHECK(with_mask >= 4);  // at t = 0.5 a mask of 8 positions is empty with probability 1/256
}

TEST_SUITE_END();
