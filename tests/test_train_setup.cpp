#include <doctest/doctest.h>

#include <algorithm>

#include "core/train/setup.hpp"

using namespace llada;
using namespace llada::train;

TEST_CASE("a live trainer built from the sample corpus trains with a probe from the validation text" * doctest::test_suite("threads")) {
  RunOptions o;
  o.tokenizer = "byte";
  o.model = "llada";
  o.d = 16;
  o.layers = 1;
  o.T = 8;
  auto data = load_train_data(byte_tokenizer(), o.corpus, o.B, o.T, o.stride, o.seed);
  REQUIRE(data);
  auto cfg = make_train_config(o, *(*data)->tok);
  REQUIRE(cfg);
  CHECK(cfg->objective == Objective::Llada);
  CHECK(cfg->model.mask_id() == 256);
  TrainerOptions to = trainer_options(**data, *cfg, 5);
  REQUIRE(to.probe.size() == 8);
  // The probe is validation text: it occurs in the last 10 % of the stream.
  const auto& val = (*data)->split.val;
  CHECK(std::search(val.begin(), val.end(), to.probe.begin(), to.probe.end()) != val.end());
  // Bytes: about 90 distinct ids in the sample text, so common and rare are its two halves, disjoint.
  REQUIRE_FALSE(to.groups.common.empty());
  CHECK(to.groups.common.size() == size_t((*data)->stats.used / 2));
  for (int32_t id : to.groups.rare)
    CHECK(std::find(to.groups.common.begin(), to.groups.common.end(), id) == to.groups.common.end());
  auto tr = Trainer::create(std::move(to));
  REQUIRE(tr);
  (*tr)->step(5);
  (*tr)->wait_until_idle();
  auto s = (*tr)->snapshot();
  CHECK(s->step == 5);
  CHECK(s->val_loss.size() == 2);  // step 0 (untrained) and step 5
  CHECK(s->has_groups);
}

TEST_CASE("known_model names exactly what model_config_by_name builds") {
  for (const char* name : {"zero-layer", "gpt", "llada", "transformer-xl", "", "GPT", "llada "}) {
    CAPTURE(name);
    CHECK(known_model(name) == model_config_by_name(name, 16, 8, 1, 2, 8).has_value());
  }
}

TEST_CASE("unknown models and corpora are errors with a hint, not crashes") {
  RunOptions o;
  o.model = "transformer-xl";
  auto cfg = make_train_config(o, *byte_tokenizer());
  REQUIRE_FALSE(cfg);
  CHECK_FALSE(cfg.error().hint.empty());
  auto data = load_train_data(byte_tokenizer(), "/no/such/corpus.txt", 5, 8, 1, 1);
  REQUIRE_FALSE(data);
  CHECK_FALSE(data.error().hint.empty());
}

namespace {

// A trainer as the window builds one (app/lab_session.cpp): data, config, options, trainer. The
// data outlives the trainer, which reads its batchers (members are destroyed in reverse order).
struct Built {
  std::unique_ptr<TrainData> data;
  std::unique_ptr<Trainer> trainer;
};

Built build_trainer(const RunOptions& o) {
  Built b;
  auto data = load_train_data(byte_tokenizer(), o.corpus, o.B, o.T, o.stride, o.seed);
  REQUIRE(data);
  b.data = std::move(*data);
  auto cfg = make_train_config(o, *b.data->tok);
  REQUIRE(cfg);
  auto tr = Trainer::create(trainer_options(*b.data, *cfg, 5));
  REQUIRE(tr);
  b.trainer = std::move(*tr);
  return b;
}

}  // namespace

TEST_CASE("a second trainer is set up and trained while the first one keeps training" * doctest::test_suite("threads")) {
  // What the window does when both slots are used: the LLaDA slot is built on a worker thread while the
  // GPT slot's trainer runs. Setting up touches process-wide state (the CPU thread count): under
  // ThreadSanitizer this test fails if that state is written while the running trainer reads it.
  RunOptions o;
  o.tokenizer = "byte";
  o.d = 16;
  o.T = 8;
  Built first = build_trainer(o);
  first.trainer->start();
  o.model = "llada";
  o.layers = 1;
  Built second = build_trainer(o);
  second.trainer->step(5);
  second.trainer->wait_until_idle();
  first.trainer->pause();
  first.trainer->wait_until_idle();
  CHECK(second.trainer->snapshot()->step == 5);
  CHECK(first.trainer->snapshot()->status == TrainerStatus::Paused);
}
