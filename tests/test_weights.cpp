// Weight copies for generation (core/train/weights.hpp) and the Trainer's copy_weights command: a copy
// is the trainer's weights at one step, never changes afterwards while training goes on, rebuilds a
// model that generates, and equals what a checkpoint of the same step holds.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/generate/autoregressive.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/generate/model_logits.hpp"
#include "core/train/trainer.hpp"
#include "core/train/weights.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {

constexpr int V = 16;

TrainerOptions options(ModelConfig model, Objective objective) { return test::cyclic_trainer_options<V>(model, objective); }

std::vector<float> values(const nn::ParamBuffer& p) { return {p.data(), p.data() + p.size()}; }

std::string temp_path(const char* tag) {
  return (std::filesystem::temp_directory_path() / ("llada_weights_" + std::to_string(::getpid()) + tag)).string();
}

}  // namespace

TEST_CASE("copy_weights publishes the weights of the current step, equal to a checkpoint of that step" * doctest::test_suite("threads")) {
  auto made = Trainer::create(options(ModelConfig::zero_layer(V, 8), Objective::Autoregressive));
  REQUIRE(made);
  Trainer& tr = **made;
  CHECK(tr.snapshot()->weights == nullptr);  // nothing until asked
  tr.step(12);
  tr.wait_until_idle();  // commands sent with step(n) are handled before its steps run
  const std::string path = temp_path(".ckpt");
  tr.save(path);
  tr.copy_weights();
  tr.wait_until_idle();
  auto snap = tr.snapshot();
  REQUIRE(snap->weights != nullptr);
  const WeightsCopy& w = *snap->weights;
  CHECK(w.step == 12);
  CHECK(w.step == snap->step);
  CHECK(w.tokenizer_id == "synthetic");
  CHECK(w.origin.find("step 12") != std::string::npos);

  auto from_file = weights_from_checkpoint(path);
  REQUIRE(from_file);
  CHECK((*from_file)->step == 12);
  CHECK((*from_file)->tokenizer_id == "synthetic");
  CHECK((*from_file)->origin == path);
  CHECK(values((*from_file)->params) == values(w.params));  // bit for bit the same weights
  std::filesystem::remove(path);

  // The copy stays as it was while the trainer trains on, and later snapshots keep it until the next copy.
  const std::vector<float> before = values(w.params);
  tr.step(5);
  tr.wait_until_idle();
  auto later = tr.snapshot();
  CHECK(later->step == 17);
  CHECK(later->weights == snap->weights);
  CHECK(values(later->weights->params) == before);
  tr.copy_weights();
  tr.wait_until_idle();
  CHECK(tr.snapshot()->weights->step == 17);
  CHECK(values(tr.snapshot()->weights->params) != before);  // 5 steps at lr 0.05 moved the weights
}

TEST_CASE("a model rebuilt from a copy generates what the trainer has learned" * doctest::test_suite("threads")) {
  auto made = Trainer::create(options(ModelConfig::zero_layer(V, 8), Objective::Autoregressive));
  REQUIRE(made);
  Trainer& tr = **made;
  tr.step(150);
  tr.wait_until_idle();
  tr.copy_weights();
  tr.wait_until_idle();
  auto w = tr.snapshot()->weights;
  REQUIRE(w);
  auto model = model_from_weights(*w);
  REQUIRE(model);
  CHECK(values(model->params()) == values(w->params));
  gen::ArOptions opt{.max_new_tokens = 6, .greedy = true, .context = gen::ar_context(*model)};
  const std::vector<int32_t> prompt = {3};
  auto r = gen::generate_ar(gen::model_logits(*model), V, prompt, opt);
  REQUIRE(r);
  // Trained on 0,1,…,15 repeating: greedy continues 3 with 4,5,6,7,8,9.
  CHECK(r->tokens == std::vector<int32_t>{3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("a LLaDA copy generates through the reverse process, and a GPT copy is refused for it with a hint" * doctest::test_suite("threads")) {
  auto made = Trainer::create(options(ModelConfig::llada(V, 1, 2, 8, 8), Objective::Llada));
  REQUIRE(made);
  (*made)->step(3);
  (*made)->wait_until_idle();
  (*made)->copy_weights();
  (*made)->wait_until_idle();
  auto model = model_from_weights(*(*made)->snapshot()->weights);
  REQUIRE(model);
  REQUIRE(gen::check_llada_fits(*model, 2, 6, "llada"));
  const std::vector<int32_t> prompt = {1, 2};
  auto r = gen::generate_llada(gen::model_logits(*model), V, prompt,
                               {.gen_length = 6, .steps = 6, .block_length = 6, .mask_id = model->mask_id()});
  REQUIRE(r);
  CHECK(r->trace.size() == 6);
  for (int32_t t : r->tokens) CHECK((t >= 0 && t < V));  // every mask filled with a real token
  auto too_long = gen::check_llada_fits(*model, 4, 6, "llada");
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().what.find("context of 8") != std::string::npos);

  auto gpt = Model::create(ModelConfig::zero_layer(V, 8), 1);
  REQUIRE(gpt);
  auto refused = gen::check_llada_fits(*gpt, 1, 4, "zero-layer");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().what.find("no [MASK]") != std::string::npos);
  CHECK_FALSE(refused.error().hint.empty());
}

TEST_CASE("weights that do not fit their config, or a missing checkpoint, are errors with a hint") {
  auto a = Model::create(ModelConfig::zero_layer(V, 8), 1);
  REQUIRE(a);
  WeightsCopy w{.config = ModelConfig::zero_layer(V, 16), .params = a->params()};
  auto bad = model_from_weights(w);
  REQUIRE_FALSE(bad);
  CHECK_FALSE(bad.error().hint.empty());
  auto missing = weights_from_checkpoint(temp_path(".does-not-exist"));
  REQUIRE_FALSE(missing);
  CHECK_FALSE(missing.error().hint.empty());
}

TEST_CASE("copies asked for while training runs are read on another thread without ever changing" * doctest::test_suite("threads")) {
  auto made = Trainer::create(options(ModelConfig::zero_layer(V, 8), Objective::Autoregressive));
  REQUIRE(made);
  Trainer& tr = **made;
  std::atomic<bool> stop{false};
  std::atomic<long> copies_read{0}, changed{0}, went_back{0};
  // The reader sums each copy twice, apart in time: a copy shared with the training model would change
  // in between (and ThreadSanitizer would flag the race).
  std::thread reader([&] {
    uint64_t last_step = 0;
    while (!stop.load()) {
      auto w = tr.snapshot()->weights;
      if (!w) continue;
      double s1 = 0, s2 = 0;
      for (size_t i = 0; i < w->params.size(); ++i) s1 += w->params.data()[i];
      std::this_thread::sleep_for(std::chrono::microseconds(300));
      for (size_t i = 0; i < w->params.size(); ++i) s2 += w->params.data()[i];
      if (s1 != s2) changed++;
      if (w->step < last_step) went_back++;
      last_step = w->step;
      copies_read++;
    }
  });
  tr.start();
  for (int i = 0; i < 40; ++i) {
    tr.copy_weights();
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  tr.pause();
  tr.copy_weights();
  tr.wait_until_idle();
  // Bounded by count, not time: the reader has had at least one copy in hand.
  for (int i = 0; i < 600000 && copies_read.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::microseconds(200));
  stop = true;
  reader.join();
  CHECK(copies_read > 0);
  CHECK(changed == 0);
  CHECK(went_back == 0);
  CHECK(tr.snapshot()->weights->step == tr.snapshot()->step);  // the last copy, made after the pause
}

TEST_CASE("a copy generates on another thread while the trainer trains on" * doctest::test_suite("threads")) {
  // The window's Generation panel: a worker rebuilds a model from the newest copy and generates with it
  // while training goes on. The two threads share only the copy (read-only) and process-wide state
  // (the CPU backend, the thread count), which ThreadSanitizer checks here.
  auto made = Trainer::create(options(ModelConfig::zero_layer(V, 8), Objective::Autoregressive));
  REQUIRE(made);
  Trainer& tr = **made;
  tr.copy_weights();
  tr.wait_until_idle();
  std::atomic<int> generated{0}, failed{0};
  std::thread generator([&] {
    for (int i = 0; i < 5; ++i) {
      auto w = tr.snapshot()->weights;  // never null: a copy was made before this thread started
      auto model = model_from_weights(*w);
      if (!model) {
        failed++;
        continue;
      }
      gen::ArOptions opt{.max_new_tokens = 6, .greedy = true, .context = gen::ar_context(*model)};
      const std::vector<int32_t> prompt = {3};
      auto r = gen::generate_ar(gen::model_logits(*model), V, prompt, opt);
      if (r && r->tokens.size() == 7) generated++;
      else failed++;
    }
  });
  tr.start();
  // Copies keep coming while the generator works; it stops after five generations (a count, not a time).
  for (int i = 0; i < 20000 && generated.load() + failed.load() < 5; ++i) {
    tr.copy_weights();
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  generator.join();
  tr.pause();
  tr.wait_until_idle();
  CHECK(generated == 5);
  CHECK(failed == 0);
}
