// The trainer's inspection copies (core/train/inspection.hpp): published only after a panel asks, of
// one step (E, W_U, h and the logit row agree: W_U·h + b is the published row), and the attention maps
// are probability rows, causal for the GPT and full for LLaDA.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "core/inspect/unembedding.hpp"
#include "core/train/trainer.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {
constexpr int V = 16;

// A trainer of `model` on cyclic batches (tests/trainer_fixtures.hpp), evaluating every `eval_every` steps
// (0: never), with what the cases do to it: run n steps to the end, ask for an inspection as a panel does.
struct InspectedTrainer {
  std::unique_ptr<Trainer> trainer;
  InspectedTrainer(const ModelConfig& model, Objective objective, int eval_every = 0) {
    TrainerOptions o = test::cyclic_trainer_options<V>(model, objective);
    o.eval_every = eval_every;
    auto tr = Trainer::create(o);
    REQUIRE(tr.has_value());
    trainer = std::move(*tr);
  }
  void steps(int n) {
    trainer->step(n);
    trainer->wait_until_idle();
  }
  void ask(unsigned what) {  // the worker has seen the request once this returns
    trainer->request_inspection(what);
    trainer->sync();
  }
  std::shared_ptr<const Snapshot> snapshot() const { return trainer->snapshot(); }
};

}  // namespace

TEST_SUITE_BEGIN("threads");

TEST_CASE("the embedding view appears only when asked for, and its h reproduces the probe's logits") {
  InspectedTrainer t(ModelConfig::zero_layer(V, 8), Objective::Autoregressive, 2);
  t.steps(3);
  CHECK(t.snapshot()->embedding_view == nullptr);  // nobody asked: nothing copied
  t.ask(kInspectEmbedding);
  t.steps(4);
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
  InspectedTrainer t(ModelConfig::zero_layer(V, 8), Objective::Autoregressive, 2);
  t.steps(5);  // evaluations at steps 0, 2 and 4, with nobody asking for E
  CHECK(t.snapshot()->spectrum_history.empty());
  t.ask(kInspectEmbedding);  // the panel opens: the paused trainer reaches no evaluation
  t.trainer->wait_until_idle();
  auto s = t.snapshot();
  REQUIRE(s->spectrum_history.size() == 1u);
  CHECK(s->spectrum_history.back().step == 5u);
  CHECK(s->spectrum_history.back().sv.size() == 8u);
}

TEST_CASE("attention views: rows of probabilities, causal for the GPT, full for LLaDA") {
  for (bool causal : {true, false}) {
    CAPTURE(causal);
    ModelConfig m = causal ? ModelConfig::gpt(V, 2, 2, 8, 8) : ModelConfig::llada(V, 2, 2, 8, 8);
    InspectedTrainer t(m, causal ? Objective::Autoregressive : Objective::Llada);
    t.ask(kInspectAttention);
    t.steps(2);
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
