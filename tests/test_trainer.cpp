#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/train/trainer.hpp"
#include "core/train/validation.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {

constexpr int V = 16;

TrainerOptions small_options() {
  TrainerOptions o;
  o.train.model = ModelConfig::zero_layer(V, 8);
  o.train.B = 4;
  o.train.T = 8;
  o.train.seed = 3;
  o.train.lr = {.lr_max = 0.05f, .lr_min = 0.05f};
  o.train.tokenizer_id = "synthetic";
  o.train_batch = test::cyclic_batch<V>;
  o.val_batch = test::cyclic_batch<V>;
  o.eval_every = 5;
  o.good_copy_every = 5;
  o.probe = {1, 2, 3, 4, 5};
  o.groups = {{1, 2}, {3}, {15}};
  o.max_publish_hz = 1000;  // publish often so the reader sees many snapshots
  return o;
}

}  // namespace

// Every test here drives a Trainer, whose worker thread runs beside the test's: all of them are in the
// suite that ./lab test runs under ThreadSanitizer.
TEST_SUITE_BEGIN("threads");

TEST_CASE("trainer commands take effect while another thread keeps reading snapshots") {
  auto made = Trainer::create(small_options());
  REQUIRE(made);
  Trainer& tr = **made;

  std::atomic<bool> stop{false};
  std::atomic<long> reads{0}, bad{0};
  std::thread reader([&] {
    uint64_t last_serial = 0;
    while (!stop.load()) {
      auto s = tr.snapshot();
      if (!s) continue;
      if (s->serial < last_serial) bad++;  // snapshots never go back in time
      last_serial = s->serial;
      if (!s->train_loss.empty() && s->train_loss.back().step != s->step && s->status == TrainerStatus::Paused) bad++;
      reads++;
    }
  });

  tr.start();
  // Wait (bounded by count, not time) until training has made progress.
  for (int i = 0; i < 600000 && tr.snapshot()->step < 30; ++i) std::this_thread::sleep_for(std::chrono::microseconds(200));
  tr.pause();
  tr.wait_until_idle();
  auto paused = tr.snapshot();
  CHECK(paused->status == TrainerStatus::Paused);
  CHECK(paused->step >= 30);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(tr.snapshot()->step == paused->step);  // paused means no more steps

  tr.step(3);
  tr.wait_until_idle();
  auto stepped = tr.snapshot();
  CHECK(stepped->step == paused->step + 3);
  CHECK(stepped->status == TrainerStatus::Paused);
  CHECK(stepped->train_loss.back().loss < std::log(static_cast<float>(V)));  // it learned something
  CHECK_FALSE(stepped->val_loss.empty());
  CHECK(stepped->has_groups);
  CHECK(stepped->probe_losses.size() == 4);  // AR: 5 probe tokens predict 4 successors
  CHECK(stepped->probe_top.size() == 10);

  const auto path = std::filesystem::temp_directory_path() / ("llada_trainer_" + std::to_string(::getpid()) + ".ckpt");
  tr.save(path.string());
  tr.set_temperature(0.5f);
  tr.wait_until_idle();
  CHECK(tr.snapshot()->message.find("saved checkpoint") != std::string::npos);
  CHECK(std::filesystem::exists(path));
  CHECK(tr.snapshot()->temperature == 0.5f);
  CHECK(tr.saves_asked() == 1);
  CHECK(tr.snapshot()->saves_done == 1);
  CHECK(tr.snapshot()->saves_failed == 0);
  // A save that cannot be written is counted as failed and keeps its error, even after the message moves on.
  tr.save((std::filesystem::temp_directory_path() / "no such folder" / "x.ckpt").string());
  tr.start();
  tr.pause();
  tr.wait_until_idle();
  CHECK(tr.saves_asked() == 2);
  CHECK(tr.snapshot()->saves_done == 2);
  CHECK(tr.snapshot()->saves_failed == 1);
  CHECK(tr.snapshot()->message.empty());  // start() cleared it
  CHECK(tr.snapshot()->save_error.find("x.ckpt") != std::string::npos);

  tr.reset();
  tr.wait_until_idle();
  auto fresh = tr.snapshot();
  CHECK(fresh->step == 0);
  CHECK(fresh->train_loss.empty());

  // A truncated copy is refused and changes nothing; the intact file brings the saved step back.
  const auto bad_path = path.string() + ".bad";
  std::filesystem::copy_file(path, bad_path, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(bad_path, 64);
  tr.load(bad_path);
  tr.wait_until_idle();
  CHECK(tr.snapshot()->message.find("HINT") != std::string::npos);
  CHECK(tr.snapshot()->step == 0);
  tr.load(path.string());
  tr.wait_until_idle();
  CHECK(tr.snapshot()->step == stepped->step);
  CHECK(tr.snapshot()->message.find("loaded") != std::string::npos);
  std::filesystem::remove(bad_path);

  // A trainer let go while training (the window replaced its model) still writes the save queued for
  // it, and finish() leaves a final snapshot that says how it went.
  tr.start();
  tr.save((std::filesystem::temp_directory_path() / "no such folder" / "y.ckpt").string());
  tr.finish();
  auto last = tr.snapshot();
  CHECK(last->status == TrainerStatus::Stopped);
  CHECK(last->saves_done == tr.saves_asked());
  CHECK(last->saves_failed == 2);
  CHECK(last->save_error.find("y.ckpt") != std::string::npos);
  tr.finish();  // again: nothing to do
  tr.save(path.string() + ".late");  // after finish(): ignored, nothing written
  CHECK_FALSE(std::filesystem::exists(path.string() + ".late"));

  stop = true;
  reader.join();
  CHECK(bad == 0);
  CHECK(reads > 0);
  std::filesystem::remove(path);
}

TEST_CASE("a diverging run pauses, restores the last good weights and says why") {
  auto opt = small_options();
  opt.train.grad_clip = 0.0f;
  auto made = Trainer::create(opt);
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(10);
  tr.wait_until_idle();
  const auto good = tr.snapshot();
  REQUIRE(good->step == 10);
  // Adam moves every weight by about lr per step: 1e30 overflows the logits to inf within a step or two.
  tr.set_learning_rate(1e30f);
  tr.start();
  tr.wait_until_idle();  // divergence stops the run by itself
  auto s = tr.snapshot();
  CHECK(s->status == TrainerStatus::Diverged);
  CHECK(s->message.find("diverged") != std::string::npos);
  CHECK(s->message.find("HINT") != std::string::npos);
  CHECK(s->step == 10);  // back to the last good copy (taken every 5 steps)
  // The restored weights are usable: a small learning rate trains on.
  tr.set_learning_rate(0.01f);
  tr.step(2);
  tr.wait_until_idle();
  s = tr.snapshot();
  CHECK(s->status == TrainerStatus::Paused);
  CHECK(s->step == 12);
  CHECK(std::isfinite(s->last_loss));
}

TEST_CASE("the LLaDA probe shows its masks and per-position losses at the chosen t") {
  auto opt = small_options();
  opt.train.model = ModelConfig::llada(V, 1, 2, 8, 8);
  opt.train.objective = Objective::Llada;
  opt.probe_t = 1.0f;  // everything masked: every position has a loss
  auto made = Trainer::create(opt);
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(2);
  tr.wait_until_idle();
  auto s = tr.snapshot();
  REQUIRE(s->probe_inputs.size() == 5);
  for (int32_t id : s->probe_inputs) CHECK(id == V);  // [MASK] = V
  for (float l : s->probe_losses) CHECK(l > 0.0f);
  tr.set_probe_t(0.01f);
  tr.wait_until_idle();
  s = tr.snapshot();
  CHECK(s->probe_t == doctest::Approx(0.01f));
}

TEST_CASE("a new probe mask seed draws another mask at the same t, and the same seed the same mask") {
  auto opt = small_options();
  opt.train.model = ModelConfig::llada(V, 1, 2, 8, 8);
  opt.train.objective = Objective::Llada;
  opt.probe = {1, 2, 3, 4, 5, 6, 7, 8};
  opt.probe_t = 0.5f;
  auto made = Trainer::create(opt);
  REQUIRE(made);
  Trainer& tr = **made;
  tr.wait_until_idle();
  const std::vector<uint8_t> first = tr.snapshot()->probe_masked;
  REQUIRE(first.size() == 8);
  // 8 positions at t = 0.5: two independent draws agree with probability 2^-8 each; over 5 seeds the
  // chance that all equal the first is 2^-40, so "some seed differs" cannot fail by luck.
  bool differs = false;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    tr.set_probe_mask_seed(seed);
    tr.wait_until_idle();
    auto s = tr.snapshot();
    CHECK(s->probe_mask_seed == seed);
    differs = differs || s->probe_masked != first;
  }
  CHECK(differs);
  tr.set_probe_mask_seed(0);
  tr.wait_until_idle();
  CHECK(tr.snapshot()->probe_masked == first);
}

TEST_CASE("group statistics keep one point per evaluation from step 0, and reset starts them again") {
  auto made = Trainer::create(small_options());  // eval_every 5
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(15);
  tr.wait_until_idle();
  auto s = tr.snapshot();
  REQUIRE(s->group_history.size() == 4);  // the untrained model at step 0, then steps 5, 10, 15
  CHECK(s->group_history[0].step == 0);
  CHECK(s->group_history[1].step == 5);
  CHECK(s->group_history[3].step == 15);
  // The last point is the snapshot's current groups (NaN when every token of a group was in the batch).
  auto same = [](double a, double b) { return std::isnan(a) ? std::isnan(b) : a == b; };
  CHECK(same(s->group_history[3].stats.common, s->groups.common));
  CHECK(same(s->group_history[3].stats.never, s->groups.never));
  CHECK(s->group_history[3].stats.n_rare == s->groups.n_rare);
  tr.reset();
  tr.wait_until_idle();
  s = tr.snapshot();
  REQUIRE(s->group_history.size() == 1);  // only the fresh weights' step-0 point
  CHECK(s->group_history[0].step == 0);
}

TEST_CASE("a refused checkpoint leaves the weights as they were (same probe losses) and a good one brings its weights back") {
  const std::string dir = std::filesystem::temp_directory_path() / ("llada-trainer-load-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto made = Trainer::create(small_options());
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(10);
  tr.wait_until_idle();
  const std::string good = dir + "/good.ckpt", bad = dir + "/bad.ckpt";
  tr.save(good);
  tr.wait_until_idle();
  const std::vector<float> saved_losses = tr.snapshot()->probe_losses;
  tr.step(10);
  tr.wait_until_idle();
  REQUIRE(tr.snapshot()->probe_losses != saved_losses);  // ten more steps at lr 0.05 moved the model
  {
    std::ofstream f(bad, std::ios::binary);
    f << "not a checkpoint";
  }
  const std::vector<float> before = tr.snapshot()->probe_losses;
  tr.load(bad);
  tr.wait_until_idle();
  auto s = tr.snapshot();
  CHECK(s->message.find("HINT") != std::string::npos);
  CHECK(s->step == 20);
  CHECK(s->probe_losses == before);
  tr.load(good);
  tr.wait_until_idle();
  s = tr.snapshot();
  CHECK(s->step == 10);
  CHECK(s->probe_losses == saved_losses);
  CHECK(s->message.find("loaded") != std::string::npos);
  std::filesystem::remove_all(dir);
}


TEST_CASE("the window's trainer and the command line's evaluation report the same validation loss") {
  // One evaluator (core/train/validation.hpp): the Trainer's step-0 validation loss equals
  // evaluate_validation on a fresh session of the same config and seed, over the same batches.
  auto opt = small_options();
  opt.val_batches = kValidationBatches;
  auto made = Trainer::create(opt);
  REQUIRE(made);
  const auto snap = (*made)->snapshot();
  REQUIRE(snap->last_val_loss.has_value());
  auto session = TrainSession::create(opt.train);
  REQUIRE(session);
  auto v = evaluate_validation(*session, opt.val_batch, kValidationBatches, opt.train_batch, 0, opt.groups);
  REQUIRE(v.has_value());
  REQUIRE(v->loss.has_value());
  CHECK(*snap->last_val_loss == static_cast<float>(*v->loss));
  REQUIRE(v->groups.has_value());
  auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  CHECK(same(snap->groups.common, v->groups->common));
  CHECK(same(snap->groups.never, v->groups->never));
  // No validation batches (n_val = 0) is no validation at all, even with a batch function given: no loss
  // (not 0/0), and the groups read from the training batch, exactly as without the function.
  auto none = evaluate_validation(*session, opt.val_batch, 0, opt.train_batch, 0, opt.groups);
  auto without = evaluate_validation(*session, nullptr, 0, opt.train_batch, 0, opt.groups);
  REQUIRE(none.has_value());
  REQUIRE(without.has_value());
  CHECK_FALSE(none->loss.has_value());
  REQUIRE(none->groups.has_value());
  REQUIRE(without->groups.has_value());
  CHECK(same(none->groups->common, without->groups->common));
  CHECK(same(none->groups->rare, without->groups->rare));
}

TEST_CASE("a learning rate that is zero, negative or not finite is refused and the old one kept") {
  auto made = Trainer::create(small_options());
  REQUIRE(made);
  Trainer& tr = **made;
  for (float bad : {0.0f, -1e-3f, std::nanf(""), INFINITY}) {
    tr.set_learning_rate(bad);
    tr.wait_until_idle();
    const auto s = tr.snapshot();
    CHECK(s->lr == doctest::Approx(0.05f));
    CHECK(s->message.find("refused") != std::string::npos);
  }
}

TEST_CASE("seeds travel whole through trainer commands (64 bits, not a double's 53)") {
  auto made = Trainer::create(small_options());
  REQUIRE(made);
  Trainer& tr = **made;
  const uint64_t seed = (uint64_t(1) << 60) + 1, probe = ~uint64_t(0) - 2;  // neither fits a double
  tr.set_seed(seed);
  tr.set_probe_mask_seed(probe);
  tr.sync();
  tr.step(1);
  tr.wait_until_idle();
  const auto s = tr.snapshot();
  CHECK(s->seed == seed);
  CHECK(s->probe_mask_seed == probe);
}

TEST_SUITE_END();
