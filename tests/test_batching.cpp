#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <vector>

#include "core/data/batching.hpp"

using llada::Batcher;
using llada::BatchConfig;

TEST_CASE("the seed's example: inputs [5, 8] and targets shifted by one (stride 1, overlapping)") {
  // The seed (003) shows Inputs [47, 45, 38, 439, 12, 89, 234, 56] → Targets [45, 38, 439, 12, 89, 234, 56, 77].
  const std::vector<std::int32_t> tokens = {47, 45, 38, 439, 12, 89, 234, 56, 77, 3, 14, 15, 92};
  auto b = Batcher::make(tokens, BatchConfig{.B = 5, .T = 8, .stride = 1, .shuffle = false});
  REQUIRE(b.has_value());
  CHECK(b->windows() == 5);  // 13 tokens hold windows of 9 starting at 0..4
  auto batch = b->get(0);
  CHECK(batch.B == 5);
  CHECK(batch.T == 8);
  REQUIRE(batch.inputs.size() == 40);
  const std::vector<std::int32_t> row0_in(batch.inputs.begin(), batch.inputs.begin() + 8);
  const std::vector<std::int32_t> row0_tg(batch.targets.begin(), batch.targets.begin() + 8);
  CHECK(row0_in == std::vector<std::int32_t>{47, 45, 38, 439, 12, 89, 234, 56});
  CHECK(row0_tg == std::vector<std::int32_t>{45, 38, 439, 12, 89, 234, 56, 77});
  // Stride 1: row b starts one token after row b-1, and its targets are its inputs shifted by one.
  for (int r = 0; r < 5; ++r) {
    CHECK(batch.starts[r] == r);
    for (int i = 0; i < 8; ++i) {
      CHECK(batch.inputs[r * 8 + i] == tokens[r + i]);
      CHECK(batch.targets[r * 8 + i] == tokens[r + i + 1]);
    }
  }
}

TEST_CASE("the stride sets where windows start, and windows never run past the end") {
  CHECK(llada::window_count(20, 8, 3) == 4);  // starts 0, 3, 6, 9 (9 + 8 = 17 < 20; 12 + 8 = 20 is past)
  CHECK(llada::window_count(9, 8, 1) == 1);
  CHECK(llada::window_count(8, 8, 1) == 0);
  std::vector<std::int32_t> tokens(20);
  std::iota(tokens.begin(), tokens.end(), 100);
  auto b = Batcher::make(tokens, BatchConfig{.B = 4, .T = 8, .stride = 3, .shuffle = false});
  REQUIRE(b.has_value());
  auto batch = b->get(0);
  CHECK(batch.starts == std::vector<std::int64_t>{0, 3, 6, 9});
  CHECK(batch.targets.back() == 100 + 9 + 8);  // the last token used is index 17
}

TEST_CASE("a shuffled epoch visits every window once, the same seed gives the same batches") {
  std::vector<std::int32_t> tokens(1000);
  std::iota(tokens.begin(), tokens.end(), 0);
  BatchConfig cfg{.B = 7, .T = 8, .stride = 1, .shuffle = true, .seed = 99};
  auto a = Batcher::make(tokens, cfg), b = Batcher::make(tokens, cfg);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  const std::int64_t W = a->windows(), E = a->batches_per_epoch();
  CHECK(W == 992);
  CHECK(E == 141);  // floor(992 / 7): the last 5 windows of each epoch's order are dropped
  std::set<std::int64_t> seen;
  for (std::int64_t k = 0; k < E; ++k)
    for (auto s : a->get(k).starts) CHECK(seen.insert(s).second);
  CHECK(static_cast<std::int64_t>(seen.size()) == E * 7);
  // Asked in another order (epoch 1 first, then back to epoch 0) the batches are the same.
  CHECK(b->get(E + 3).starts == a->get(E + 3).starts);
  CHECK(b->get(5).starts == a->get(5).starts);
  // The order is not the stream order, and epochs differ.
  CHECK(a->epoch_order(0) != a->epoch_order(1));
  auto o = a->epoch_order(0);
  CHECK_FALSE(std::is_sorted(o.begin(), o.end()));
  cfg.seed = 100;
  auto c = Batcher::make(tokens, cfg);
  CHECK(c->epoch_order(0) != o);
}

TEST_CASE("the shuffle puts each window in the first batch about equally often") {
  std::vector<std::int32_t> tokens(28);  // 20 windows of 9 tokens (starts 0..19)
  std::iota(tokens.begin(), tokens.end(), 0);
  auto b = Batcher::make(tokens, BatchConfig{.B = 5, .T = 8, .stride = 1, .shuffle = true, .seed = 7});
  REQUIRE(b.has_value());
  REQUIRE(b->windows() == 20);
  std::vector<int> first_slot(20, 0);
  const int epochs = 4000;
  for (int e = 0; e < epochs; ++e) ++first_slot[b->epoch_order(e)[0]];
  // Each window is first with probability 1/20: expected 200, sd = sqrt(4000·0.05·0.95) ≈ 13.8;
  // ±6 sd = ±83 holds for all 20 windows with overwhelming probability, a biased shuffle fails it.
  for (int c : first_slot) CHECK(std::abs(c - 200) < 83);
}

TEST_CASE("the validation part is the contiguous tail of the stream") {
  std::vector<std::int32_t> tokens(100);
  std::iota(tokens.begin(), tokens.end(), 0);
  auto s = llada::split_train_val(tokens, 0.1);
  REQUIRE(s.train.size() == 90);
  REQUIRE(s.val.size() == 10);
  CHECK(s.train.front() == 0);
  CHECK(s.train.back() == 89);
  CHECK(s.val.front() == 90);
  CHECK(s.val.back() == 99);
  CHECK(llada::split_train_val(tokens, 0.0).val.empty());
  CHECK(llada::split_train_val(tokens, 0.155).val.size() == 15);  // rounded down
}

TEST_CASE("too short a stream or bad sizes give errors that say what to change") {
  std::vector<std::int32_t> tokens(12, 1);
  auto short_text = Batcher::make(std::span<const std::int32_t>(tokens).first(8), BatchConfig{});
  REQUIRE_FALSE(short_text.has_value());
  CHECK(short_text.error().what.find("has 8 tokens") != std::string::npos);
  auto few = Batcher::make(tokens, BatchConfig{.B = 5, .T = 8});  // only 4 windows
  REQUIRE_FALSE(few.has_value());
  CHECK(few.error().what.find("only 4 windows") != std::string::npos);
  CHECK(few.error().hint.find("smaller batch") != std::string::npos);
  auto bad = Batcher::make(tokens, BatchConfig{.B = 1, .T = 0});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().hint.find("batch 5, length 8, stride 1") != std::string::npos);
}
