// The decoding sweep's quality figures: −log p under the judge, the share of end-of-text tokens (with the
// tokenizers that have one: gpt2's <|endoftext|> 50256, cl100k's 100257) and of repeated tokens.
#include <doctest/doctest.h>

#include <cmath>
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
