// The trainer's inspection copies (core/train/inspection.hpp): published only after a panel asks, of
// one step (E, W_U, h and the logit row agree: W_U·h + b is the published row), and the attention maps
// are probability rows, causal for the GPT and full for LLaDA.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/inspect/unembedding.hpp"
#include "core/train/trainer.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {
constexpr int V = 16;
}

TEST_SUITE_BEGIN("threads");

TEST_CASE("the embedding view appears only when asked for, and its h reproduces the probe's logits") {
  TrainerOptions o = test::cyclic_trainer_options<V>(ModelConfig::zero_layer(V, 8), Objective::Autoregressive);
  o.eval_every = 2;
  auto tr = Trainer::create(o);
  REQUIRE(tr.has_value());
  Trainer& t = **tr;
  t.step(3);
  t.wait_until_idle();
  CHECK(t.snapshot()->embedding_view == nullptr);  // nobody asked: nothing copied
  t.request_inspection(kInspectEmbedding);
  t.sync();
  t.step(4);
  t.wait_until_idle();
  auto s = t.snapshot();
  REQUIRE(s->embedding_view);
  const EmbeddingView& e = *s->embedding_view;
  CHECK(e.step == s->step);
  CHECK(e.V == V);
  CHECK(e.embedding.size() == size_t(V) * 8);
  CHECK(e.target == s->probe_target);
  REQUIRE(s->probe_logits);
  const auto z = inspect::logits_at(e.unembedding_rows(), e.bias.data(), e.hidden, V);
  for (int i = 0; i < V; i++) CHECK(z[i] == doctest::Approx((*s->probe_logits)[i]).epsilon(1e-4));
  CHECK(!s->spectrum_history.empty());  // evaluations while asked record E's singular values
  CHECK(s->spectrum_history.back().sv.size() == 8u);
  CHECK(s->attention_view == nullptr);  // the zero-layer GPT has no attention, and none was asked
}

TEST_CASE("a panel opened on a paused trainer after its evaluations gets the spectrum of the current step") {
  TrainerOptions o = test::cyclic_trainer_options<V>(ModelConfig::zero_layer(V, 8), Objective::Autoregressive);
  o.eval_every = 2;
  auto tr = Trainer::create(o);
  REQUIRE(tr.has_value());
  Trainer& t = **tr;
  t.step(5);  // evaluations at steps 0, 2 and 4, with nobody asking for E
  t.wait_until_idle();
  CHECK(t.snapshot()->spectrum_history.empty());
  t.request_inspection(kInspectEmbedding);  // the panel opens: the paused trainer reaches no evaluation
  t.sync();
  t.wait_until_idle();
  auto s = t.snapshot();
  REQUIRE(s->spectrum_history.size() == 1u);
  CHECK(s->spectrum_history.back().step == 5u);
  CHECK(s->spectrum_history.back().sv.size() == 8u);
}

TEST_CASE("attention views: rows of probabilities, causal for the GPT, full for LLaDA") {
  for (bool causal : {true, false}) {
    CAPTURE(causal);
    ModelConfig m = causal ? ModelConfig::gpt(V, 2, 2, 8, 8) : ModelConfig::llada(V, 2, 2, 8, 8);
    auto tr = Trainer::create(
        test::cyclic_trainer_options<V>(m, causal ? Objective::Autoregressive : Objective::Llada));
    REQUIRE(tr.has_value());
    Trainer& t = **tr;
    t.request_inspection(kInspectAttention);
    t.sync();
    t.step(2);
    t.wait_until_idle();
    auto s = t.snapshot();
    REQUIRE(s->attention_view);
    const AttentionView& a = *s->attention_view;
    CHECK(a.n_layer == 2);
    CHECK(a.n_head == 2);
    CHECK(a.T == int(s->probe_inputs.size()));
    CHECK(a.causal == causal);
    for (int l = 0; l < 2; l++)
      for (int h = 0; h < 2; h++)
        for (int q = 0; q < a.T; q++) {
          double sum = 0;
          bool future = false;
          for (int k = 0; k < a.T; k++) {
            const float p = a.map(l, h)[q * a.T + k];
            sum += p;
            if (k > q && p > 0) future = true;
          }
          CHECK(sum == doctest::Approx(1.0).epsilon(1e-4));
          if (causal) CHECK_FALSE(future);
          else if (q == 0) CHECK(future);
        }
  }
}

TEST_SUITE_END();
