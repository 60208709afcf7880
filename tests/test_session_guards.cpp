// What a training session refuses or catches before it can lose work: a model too large for the memory
// (with the figure), a step that explodes without reaching NaN (loss far above ln V), and the model of a
// generation built without drawing weights that are overwritten at once.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/models/model.hpp"
#include "core/nn/backend.hpp"
#include "core/train/memory.hpp"
#include "core/train/session.hpp"
#include "tests/fake_backend.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {
TrainConfig small_config(float lr) { return test::small_train_config(lr); }
}  // namespace

TEST_CASE("the memory estimate counts weights, gradients, moments and activations, and refuses what cannot fit") {
  const ModelConfig zl = ModelConfig::zero_layer(1000, 16);
  auto model = Model::create(zl, 1);
  REQUIRE(model);
  const uint64_t params = model->num_params();
  const uint64_t est = training_bytes(zl, 4, 8);
  CHECK(est >= 16 * params);                      // params, grads, m, v
  CHECK(est < 16 * params + 2 * 4 * 8 * 1000 * 4 + 64 * 1024);  // plus logits and small buffers
  const ModelConfig tf = ModelConfig::gpt(256, 2, 2, 32, 16);
  auto t = Model::create(tf, 1);
  REQUIRE(t);
  CHECK(training_bytes(tf, 2, 16) >= 16 * uint64_t(t->num_params()));
  // The example: 64 layers of width 8192 need hundreds of GiB; refused with the figures.
  const ModelConfig huge = ModelConfig::gpt(256, 64, 8, 8192, 8);
  CHECK(training_bytes(huge, 5, 8) > uint64_t(500) << 30);
  auto ok = check_fits_in_memory(uint64_t(1) << 62, "training this");
  REQUIRE_FALSE(ok.has_value());
  CHECK(ok.error().what.find("GiB of memory") != std::string::npos);
  CHECK(ok.error().what.find("available") != std::string::npos);
  CHECK(check_fits_in_memory(1024, "a tiny thing").has_value());
  TrainConfig c = small_config(1e-3f);
  c.model = huge;
  auto s = TrainSession::create(c);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().what.find("needs about") != std::string::npos);
}

TEST_CASE("the memory estimate is checked against the memory of the backend the run allocates in") {
  // The CPU backend reports the host's available memory; a device its own free memory (cudaMemGetInfo),
  // here a fake device that says it has one byte less than the run needs: refused for the device.
  const uint64_t host = nn::cpu_backend().free_memory();
  CHECK(host > 0);
  CHECK(host != UINT64_MAX);  // Linux: MemAvailable
  test::FakeBackend fake;
  TrainConfig c = small_config(1e-3f);
  c.backend = &fake;
  const uint64_t need = training_bytes(c.model, c.B, c.T);
  REQUIRE(need < host);
  CHECK(TrainSession::create(c).has_value());  // the fake reports the host's memory by default
  fake.free_bytes = need - 1;
  const long allocs = fake.live_allocs;
  auto s = TrainSession::create(c);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().what.find("fake device memory") != std::string::npos);
  CHECK(s.error().what.find("needs about") != std::string::npos);
  CHECK(s.error().hint.find("--device cpu") != std::string::npos);
  CHECK(fake.live_allocs == allocs);  // refused before allocating anything
  fake.free_bytes = need + 1;
  CHECK(TrainSession::create(c).has_value());
  // The CPU's check is unchanged: the host's memory, with the host's message.
  auto cpu = check_fits_in_memory(uint64_t(1) << 62, "this", nn::cpu_backend());
  REQUIRE_FALSE(cpu.has_value());
  CHECK(cpu.error().what.find("GiB of memory") != std::string::npos);
}

TEST_CASE("a step whose loss explodes far above ln V is divergence even when it is finite, and changes nothing") {
  auto s = TrainSession::create(small_config(1e4f));
  REQUIRE(s);
  bool diverged = false;
  float loss = 0;
  for (int i = 0; i < 20 && !diverged; ++i) {
    const std::vector<float> before(s->model().params().data(), s->model().params().data() + s->model().num_params());
    const uint64_t step = s->steps_done();
    auto r = s->step(test::cyclic_batch<16>);
    REQUIRE(r);
    if (r->diverged) {
      diverged = true;
      loss = r->loss;
      CHECK(s->steps_done() == step);  // nothing was updated
      CHECK(std::equal(before.begin(), before.end(), s->model().params().data()));
    }
  }
  REQUIRE(diverged);
  CHECK((!std::isfinite(loss) || loss > kDivergedCeFactor * std::log(16.0)));
  // An ordinary learning rate never trips the check.
  auto ok = TrainSession::create(small_config(0.05f));
  REQUIRE(ok);
  for (int i = 0; i < 60; ++i) CHECK_FALSE(ok->step(test::cyclic_batch<16>).value().diverged);
}

TEST_CASE("a model built to receive weights draws none: every parameter starts at 0") {
  const ModelConfig c = ModelConfig::gpt(50, 1, 2, 8, 4);
  auto drawn = Model::create(c, 7);
  auto blank = Model::create(c, 7, nullptr, false);
  REQUIRE(drawn);
  REQUIRE(blank);
  CHECK(blank->num_params() == drawn->num_params());
  const float* p = blank->params().data();
  CHECK(std::all_of(p, p + blank->num_params(), [](float x) { return x == 0.0f; }));
  const float* q = drawn->params().data();
  CHECK(std::any_of(q, q + drawn->num_params(), [](float x) { return x != 0.0f; }));
}
