// A trainer on a backend that fails in the middle of training (out of memory, a lost device): it pauses
// with the error, keeps its last good weights on the host, and continues on the CPU from them.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/train/trainer.hpp"
#include "tests/fake_backend.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {

constexpr int V = 16;

TrainerOptions device_options(const nn::Backend* backend) {
  TrainerOptions o = test::cyclic_trainer_options<V>(ModelConfig::zero_layer(V, 8), Objective::Autoregressive);
  o.train.backend = backend;
  o.good_copy_every = 5;
  return o;
}

std::vector<float> weights_now(Trainer& tr) {
  tr.copy_weights();
  tr.wait_until_idle();
  auto s = tr.snapshot();
  REQUIRE(s->weights);
  auto w = s->weights->params.download();
  REQUIRE(w);
  return *w;
}

}  // namespace

TEST_SUITE_BEGIN("threads");

TEST_CASE("a device error pauses the trainer, which then continues on the CPU from its last good weights") {
  test::FakeBackend fake;  // outlives the trainer
  auto made = Trainer::create(device_options(&fake));
  REQUIRE(made);
  Trainer& tr = **made;
  CHECK(tr.snapshot()->device == "fake");
  tr.step(12);
  tr.wait_until_idle();
  REQUIRE(tr.snapshot()->step == 12);
  fake.fail_from_sync = fake.syncs.load();  // the device is lost from now on
  tr.step(3);
  tr.wait_until_idle();
  auto s = tr.snapshot();
  CHECK(s->status == TrainerStatus::Error);
  CHECK(s->can_continue_on_cpu);
  CHECK(s->message.find("fake device lost") != std::string::npos);
  CHECK(s->message.find("HINT") != std::string::npos);
  CHECK(s->message.find("step 10") != std::string::npos);  // the last good copy (every 5 steps)

  tr.continue_on_cpu();
  tr.wait_until_idle();
  s = tr.snapshot();
  CHECK(s->device == "cpu");
  CHECK_FALSE(s->can_continue_on_cpu);
  CHECK(s->status == TrainerStatus::Paused);
  CHECK(s->step == 10);
  CHECK(s->message.find("CPU") != std::string::npos);
  tr.step(4);
  tr.wait_until_idle();
  s = tr.snapshot();
  CHECK(s->status == TrainerStatus::Paused);
  CHECK(s->step == 14);
  CHECK(std::isfinite(s->last_loss));

  // Nothing was lost: the same 14 steps on the CPU alone give the same weights, bit for bit.
  auto ref = Trainer::create(device_options(nullptr));
  REQUIRE(ref);
  CHECK((*ref)->snapshot()->device == "cpu");
  (*ref)->step(14);
  (*ref)->wait_until_idle();
  const auto a = weights_now(tr), b = weights_now(**ref);
  REQUIRE(a.size() == b.size());
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

TEST_CASE("a trainer on the CPU never offers to move, and an error there stays a plain error") {
  auto made = Trainer::create(device_options(nullptr));
  REQUIRE(made);
  (*made)->continue_on_cpu();  // nothing to do
  (*made)->step(2);
  (*made)->wait_until_idle();
  auto s = (*made)->snapshot();
  CHECK(s->device == "cpu");
  CHECK_FALSE(s->can_continue_on_cpu);
  CHECK(s->step == 2);
}

TEST_SUITE_END();
