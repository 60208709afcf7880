// The decoding sweep's quality figures: −log p under the judge, the share of end-of-text tokens (with the
// tokenizers that have one: gpt2's <|endoftext|> 50256, cl100k's 100257) and of repeated tokens; how a
// row averages its runs, the grid of settings, progress and cancelling.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/eval/decoding_sweep.hpp"
#include "core/tok/bpe_train.hpp"
#include "tests/tok_fixtures.hpp"

using namespace llada;
using namespace llada::eval;

namespace {

// A GPT that knows nothing: uniform logits over V.
gen::LogitsFn uniform(int V) {
  return [V](const int32_t*, int T, float* logits) { std::fill(logits, logits + size_t(T) * V, 0.0f); };
}

// A mask predictor sure of one token everywhere (the answer fills with it).
gen::LogitsFn always(int V, int32_t token) {
  return [V, token](const int32_t*, int T, float* logits) {
    std::fill(logits, logits + size_t(T) * V, 0.0f);
    for (int t = 0; t < T; ++t) logits[size_t(t) * V + token] = 9.0f;
  };
}

}  // namespace

TEST_CASE("the end-of-text id is the tokenizer's own: gpt2 50256, cl100k 100257, none for byte and BPE") {
  CHECK(end_of_text_id(*byte_tokenizer()) == -1);
  auto bpe = train_bpe("the cat sat on the mat, the cat sat", {.n_merges = 8});
  REQUIRE(bpe);
  CHECK(end_of_text_id(**bpe) == -1);
  if (auto gpt2 = test::gpt2()) CHECK(end_of_text_id(*gpt2) == 50256);
  if (auto cl100k = test::cl100k()) CHECK(end_of_text_id(*cl100k) == 100257);
}

TEST_CASE("judge_answer counts end-of-text and repeats in the answer only, at gpt2's and cl100k's ids") {
  for (int32_t V : {50257, 100277}) {
    const int32_t eot = V == 50257 ? 50256 : 100257;
    CAPTURE(eot);
    // prompt [eot, 5] (its end-of-text does not count), answer [eot, eot, 7, 7, eot]
    const std::vector<int32_t> x = {eot, 5, eot, eot, 7, 7, eot};
    auto q = judge_answer(uniform(V), V, x, 2, 0, eot);
    REQUIRE(q);
    CHECK(q->tokens == 5);
    CHECK(q->eot_share == doctest::Approx(3.0 / 5));
    CHECK(q->repeat_share == doctest::Approx(2.0 / 5));  // eot after eot, 7 after 7
    CHECK(q->nll_per_token == doctest::Approx(std::log(double(V))).epsilon(1e-5));
    auto none = judge_answer(uniform(V), V, x, 2, 0, -1);
    REQUIRE(none);
    CHECK(std::isnan(none->eot_share));
    CHECK(none->repeat_share == doctest::Approx(2.0 / 5));
  }
}

TEST_CASE("a LLaDA that only writes end-of-text scores an end-of-text share of 1 in the sweep, another token 0") {
  constexpr int32_t V = 50257, eot = 50256;
  const DecodingSetting grid[] = {{gen::Remasking::LowConfidence, 4, 8, 0.0f}, {gen::Remasking::Margin, 0, 8, 0.9f}};
  for (int32_t token : {eot, int32_t(11)}) {
    SweepInputs in;
    in.llada = always(V, token);
    in.V = V;
    in.mask_id = V;
    in.judge = uniform(V);
    in.judge_V = V;
    in.eot_id = eot;
    in.prompts = {{3, 4}};
    in.seeds = {1, 2};
    in.gen_length = 8;
    auto rows = run_decoding_sweep(in, grid);
    REQUIRE(rows);
    REQUIRE(rows->size() == 2);
    for (const DecodingRow& r : *rows) {
      CHECK(r.runs == 2);
      CHECK(r.eot_share == doctest::Approx(token == eot ? 1.0 : 0.0));
      CHECK(r.repeat_share == doctest::Approx(7.0 / 8));  // all but the first answer token repeat the one before
    }
    const CsvTable t = decoding_table(*rows);
    REQUIRE(t.header.size() == 10);
    CHECK(t.header[8] == "eot_share");
  }
}

namespace {

// V = 4 for both models below ([MASK] = 4).
constexpr int kV4 = 4;

// A mask predictor that writes the prompt's first token everywhere: the answer to [0] is eight 0s, to [1, 2]
// eight 1s.
gen::LogitsFn echo_first() {
  return [](const int32_t* x, int T, float* logits) {
    std::fill(logits, logits + size_t(T) * kV4, 0.0f);
    for (int t = 0; t < T; ++t) logits[size_t(t) * kV4 + x[0]] = 9.0f;
  };
}

// A judge that ignores the context: p = 1/2, 1/4, 1/8, 1/8 for tokens 0..3.
gen::LogitsFn halves() {
  return [](const int32_t*, int T, float* logits) {
    const float p[kV4] = {0.5f, 0.25f, 0.125f, 0.125f};
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < kV4; ++v) logits[size_t(t) * kV4 + v] = std::log(p[v]);
  };
}

SweepInputs echo_inputs() {
  SweepInputs in;
  in.llada = echo_first();
  in.V = kV4;
  in.mask_id = kV4;
  in.judge = halves();
  in.judge_V = kV4;
  in.eot_id = 0;
  in.prompts = {{0}, {1, 2}};
  in.seeds = {1};
  in.gen_length = 8;
  return in;
}

}  // namespace

TEST_CASE("a sweep row averages its runs' figures and sums their evaluations") {
  // Prompt [0]: eight 0s, −ln p = ln 2 each, all end-of-text (id 0), all 8 repeat the token before them (the
  // prompt's 0 included). Prompt [1, 2]: eight 1s, ln 4 each, no end-of-text, 7 of 8 repeat (the first follows
  // a 2). Means: nll 1.5 ln 2, end-of-text 1/2, repeats 15/16. Eight steps cost 8 evaluations a run; the
  // threshold fills each block of 4 in one evaluation (p = e⁹/(e⁹ + 3) > 0.5): 2 a run.
  const DecodingSetting grid[] = {{gen::Remasking::LowConfidence, 8, 8, 0.0f},
                                  {gen::Remasking::LowConfidence, 0, 4, 0.5f}};
  auto rows = run_decoding_sweep(echo_inputs(), grid);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  for (const DecodingRow& r : *rows) {
    CHECK(r.runs == 2);
    CHECK(r.nll_per_token == doctest::Approx(1.5 * std::log(2.0)));
    CHECK(r.eot_share == doctest::Approx(0.5));
    CHECK(r.repeat_share == doctest::Approx(15.0 / 16));
  }
  CHECK((*rows)[0].evaluations == 16);
  CHECK((*rows)[1].evaluations == 4);
  CHECK((*rows)[0].evaluations_per_run() == 8.0);
  // The table: steps blank under a threshold (the threshold decides them), evaluations a run not rounded,
  // wall time a run in milliseconds.
  DecodingRow odd = (*rows)[1];
  odd.evaluations = 5;  // 2.5 a run
  odd.wall_s = 0.5;      // 250 ms a run
  const std::vector<DecodingRow> two = {(*rows)[0], odd};
  const CsvTable t = decoding_table(two);
  REQUIRE(t.columns.size() == 10);
  CHECK(t.columns[1].numbers[0] == 8.0);
  CHECK(std::isnan(t.columns[1].numbers[1]));
  CHECK(t.columns[5].numbers[1] == 2.5);
  CHECK(t.columns[6].numbers[1] == 250.0);
}

TEST_CASE("the sweep reports progress after each setting, up to (total, total), and stops when cancelled") {
  const DecodingSetting grid[] = {{gen::Remasking::LowConfidence, 8, 8, 0.0f}, {gen::Remasking::Margin, 4, 4, 0.0f}};
  std::vector<std::pair<int, int>> seen;
  auto rows = run_decoding_sweep(echo_inputs(), grid, [&](int done, int total) { seen.emplace_back(done, total); });
  REQUIRE(rows);
  CHECK(seen == std::vector<std::pair<int, int>>{{1, 2}, {2, 2}});
  std::atomic<bool> cancel{true};
  SweepInputs in = echo_inputs();
  in.cancel = &cancel;
  auto stopped = run_decoding_sweep(in, grid);
  REQUIRE_FALSE(stopped);
  CHECK(stopped.error().what.find("cancelled") != std::string::npos);
  CHECK_FALSE(stopped.error().hint.empty());
}

TEST_CASE("judge_answer refuses an answer of no tokens in its own words, and counts a first answer token that repeats the prompt") {
  const std::vector<int32_t> x = {1, 2, 2};
  auto none = judge_answer(halves(), kV4, x, 3, 0, -1);
  REQUIRE_FALSE(none);
  CHECK(none.error().what.find("answer") != std::string::npos);
  auto q = judge_answer(halves(), kV4, x, 2, 0, 1);  // answer [2] after a 2; the prompt's end-of-text 1 is not counted
  REQUIRE(q);
  CHECK(q->repeat_share == 1.0);
  CHECK(q->eot_share == 0.0);
  CHECK(q->nll_per_token == doctest::Approx(std::log(8.0)));
}

TEST_CASE("the decoding grid keeps blocks that divide the length and steps that the blocks share, each threshold once") {
  const gen::Remasking rm[] = {gen::Remasking::LowConfidence};
  const int steps[] = {0, 2, 3, 8}, blocks[] = {8, 4, 3, 0};
  const float thresholds[] = {0.0f, 0.5f};
  // Length 8: block 8 (one block) takes steps 2, 3, 8; block 4 (two) takes 2 and 8, not 3; block 3 does
  // not divide 8 and block 0 is no block; 0 steps is none. Each block also gets the threshold 0.5 once.
  const auto g = decoding_grid(rm, steps, blocks, thresholds, 8);
  std::vector<std::tuple<int, int, float>> got;
  for (const DecodingSetting& s : g) got.emplace_back(s.block_length, s.steps, s.threshold);
  CHECK(got == std::vector<std::tuple<int, int, float>>{
                   {8, 2, 0.0f}, {8, 3, 0.0f}, {8, 8, 0.0f}, {8, 0, 0.5f}, {4, 2, 0.0f}, {4, 8, 0.0f}, {4, 0, 0.5f}});
}
