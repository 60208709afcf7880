// The remasking strategies, confidence-threshold parallel decoding, infilling pins and the record every
// LLaDA run keeps (evaluations, commits per step, the step and score of each position).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "core/generate/llada_sampler.hpp"
#include "core/math/philox.hpp"

using namespace llada::gen;

namespace {

constexpr int V = 10;
constexpr int32_t MASK = V;

// A model whose distribution at answer position j (prompt of one token: sequence position j + 1) is
// rows[j], whatever the context; positions without a row are uniform. Logits = ln p (−30 for p = 0).
LogitsFn fixed_rows(std::vector<std::vector<float>> rows) {
  return [rows](const int32_t*, int T, float* logits) {
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) {
        const size_t j = size_t(t) - 1;
        const float p = t >= 1 && j < rows.size() ? rows[j][v] : 0.1f;
        logits[t * V + v] = p > 0 ? std::log(p) : -30.0f;
      }
  };
}

std::vector<float> row(std::initializer_list<float> head) {
  std::vector<float> r(head);
  const float rest = 1.0f - std::accumulate(r.begin(), r.end(), 0.0f);
  const int n = V - int(r.size());
  while (int(r.size()) < V) r.push_back(rest / n);
  return r;
}

// Three answer positions built so that each strategy commits a different one first:
//   A: 0 on token 0, 0.6 on token 1, 0.05 on the 8 others   p1 0.60, margin 0.55, H 1.50 nats
//   B: 0.5 / 0.5 on tokens 2 and 3                          p1 0.50, margin 0.0,  H 0.69 nats (lowest)
//   C: 0 on tokens 0-3, 0.35 on token 4, 0.13 on the 5 others   p1 0.35, margin 0.22, H 1.69 nats
const std::vector<std::vector<float>> kRows = {
    row({0.0f, 0.6f}),
    {0, 0, 0.5f, 0.5f, 0, 0, 0, 0, 0, 0},
    row({0, 0, 0, 0, 0.35f}),
};

LladaOptions one_step(Remasking r) {
  return LladaOptions{.gen_length = 3, .steps = 3, .block_length = 3, .remasking = r, .seed = 7, .mask_id = MASK};
}

}  // namespace

TEST_CASE("each remasking strategy scores a position by its own rule") {
  const std::vector<float> a = kRows[0], b = kRows[1];
  CHECK(remasking_score(Remasking::LowConfidence, a, 1, 0) == doctest::Approx(0.6));
  CHECK(remasking_score(Remasking::LowConfidence, a, 2, 0) == doctest::Approx(0.05));  // the candidate's p
  CHECK(remasking_score(Remasking::Random, a, 1, 0.25f) == 0.25f);
  CHECK(remasking_score(Remasking::Margin, a, 1, 0) == doctest::Approx(0.55));
  CHECK(remasking_score(Remasking::Margin, b, 2, 0) == doctest::Approx(0.0));
  CHECK(remasking_score(Remasking::Entropy, b, 2, 0) == doctest::Approx(0.5));  // exp(−ln 2)
  const std::vector<float> certain = {0, 0, 1, 0};
  CHECK(remasking_score(Remasking::Entropy, certain, 2, 0) == doctest::Approx(1.0));
  const std::vector<float> flat(8, 0.125f);
  CHECK(remasking_score(Remasking::Entropy, flat, 0, 0) == doctest::Approx(0.125));  // 1/V when uniform
}

TEST_CASE("on hand-built distributions low-confidence, margin and entropy commit different positions first") {
  auto first = [](Remasking r) {
    auto res = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, one_step(r));
    REQUIRE(res);
    REQUIRE(res->trace.size() == 3);
    std::vector<int> order;
    for (const auto& s : res->trace) order.push_back(s.commits.at(0).position - 1);
    return order;
  };
  CHECK(first(Remasking::LowConfidence) == std::vector<int>{0, 1, 2});  // p1: 0.6 > 0.5 > 0.35
  CHECK(first(Remasking::Margin) == std::vector<int>{0, 2, 1});         // 0.55 > 0.22 > 0
  CHECK(first(Remasking::Entropy) == std::vector<int>{1, 0, 2});        // H: 0.69 < 1.50 < 1.69
  // Random ignores the model: some seed gives an order no deterministic rule above gives.
  std::set<std::vector<int>> seen;
  for (uint64_t seed = 0; seed < 12; ++seed) {
    LladaOptions o = one_step(Remasking::Random);
    o.seed = seed;
    auto res = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, o);
    REQUIRE(res);
    std::vector<int> order;
    for (const auto& s : res->trace) order.push_back(s.commits.at(0).position - 1);
    seen.insert(order);
  }
  CHECK(seen.size() >= 3);
}

TEST_CASE("select_commits: k best under the schedule, everything above the threshold, and at least one") {
  const std::vector<float> s = {0.2f, 0.95f, 0.5f, 0.91f, 0.95f};
  CHECK(select_commits(s, 2, 0.0f) == std::vector<int>{1, 4});           // ties: lower index first
  CHECK(select_commits(s, 9, 0.0f) == std::vector<int>{1, 4, 3, 2, 0});  // k beyond the count: all
  CHECK(select_commits(s, 0, 0.9f) == std::vector<int>{1, 4, 3});
  CHECK(select_commits(s, 0, 0.99f) == std::vector<int>{1});  // none passes: the best one alone
  CHECK(select_commits(std::vector<float>{}, 3, 0.5f).empty());
}

TEST_CASE("threshold decoding commits every confident position in one step and at least one per step") {
  // Positions 0 and 3 are certain (p = 0.97), the others flat: step 1 commits both, then one per step.
  std::vector<std::vector<float>> rows(6, std::vector<float>(V, 0.1f));
  rows[0] = row({0.97f});
  rows[3] = row({0, 0, 0.97f});
  LladaOptions o{.gen_length = 6, .steps = 1, .block_length = 6, .threshold = 0.9f, .mask_id = MASK};
  auto r = generate_llada(fixed_rows(rows), V, std::vector<int32_t>{5}, o);
  REQUIRE(r);
  CHECK(r->commits_per_step() == std::vector<int>{2, 1, 1, 1, 1});
  CHECK(r->evaluations == 5);
  CHECK(r->committed_at[1] == 0);
  CHECK(r->committed_at[4] == 0);
  CHECK(r->tokens[1] == 0);
  CHECK(r->tokens[4] == 2);
  CHECK(std::count(r->tokens.begin(), r->tokens.end(), MASK) == 0);
  // A threshold every position passes finishes in a single evaluation.
  o.threshold = 0.05f;
  auto all = generate_llada(fixed_rows(rows), V, std::vector<int32_t>{5}, o);
  REQUIRE(all);
  CHECK(all->evaluations == 1);
  o.threshold = 1.5f;
  CHECK_FALSE(generate_llada(fixed_rows(rows), V, std::vector<int32_t>{5}, o));
}

TEST_CASE("threshold decoding keeps to the blocks: a confident right block waits for the left one") {
  std::vector<std::vector<float>> rows(4, std::vector<float>(V, 0.1f));
  rows[2] = row({0.99f}), rows[3] = row({0.99f});
  LladaOptions o{.gen_length = 4, .steps = 1, .block_length = 2, .threshold = 0.9f, .mask_id = MASK};
  auto r = generate_llada(fixed_rows(rows), V, std::vector<int32_t>{5}, o);
  REQUIRE(r);
  CHECK(r->commits_per_step() == std::vector<int>{1, 1, 2});  // left block one by one, right block at once
  CHECK(r->trace[2].block == 1);
}

TEST_CASE("evaluations count forward passes: steps beyond the masked count cost nothing") {
  int calls = 0;
  LogitsFn counting = [&](const int32_t* t, int T, float* l) { ++calls, fixed_rows(kRows)(t, T, l); };
  LladaOptions o{.gen_length = 8, .steps = 4, .block_length = 8, .mask_id = MASK};
  auto r = generate_llada(counting, V, std::vector<int32_t>{0}, o);
  REQUIRE(r);
  CHECK(r->evaluations == 4);
  CHECK(calls == 4);
  CHECK(r->commits_per_step() == std::vector<int>{2, 2, 2, 2});
  calls = 0;
  o.steps = 16;  // one token per step for 8 steps, then 8 empty steps that are skipped
  auto r16 = generate_llada(counting, V, std::vector<int32_t>{0}, o);
  REQUIRE(r16);
  CHECK(r16->evaluations == 8);
  CHECK(calls == 8);
  CHECK(r16->trace.size() == 8);
}

TEST_CASE("every answer position records the step that committed it and its score") {
  auto r = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0, 0}, one_step(Remasking::LowConfidence));
  REQUIRE(r);
  CHECK(r->committed_at[0] == kPromptPosition);
  CHECK(std::isnan(r->confidence[1]));
  for (const auto& s : r->trace)
    for (size_t i = 0; i < s.commits.size(); ++i) {
      const Commit& c = s.commits[i];
      CHECK(r->committed_at[c.position] == s.step);
      CHECK(r->commit_rank[c.position] == int(i));
      CHECK(r->confidence[c.position] == c.confidence);
    }
}

TEST_CASE("pinned tokens are never masked, predicted or changed, and the model fills around them") {
  // The model wants token 7 everywhere; pins put 1 and 2 at answer positions 0 and 5.
  LogitsFn sevens = [](const int32_t*, int T, float* l) {
    for (int i = 0; i < T * V; ++i) l[i] = i % V == 7 ? 5.0f : 0.0f;
  };
  for (float threshold : {0.0f, 0.5f})
    for (Remasking rm : kAllRemasking) {
      LladaOptions o{.gen_length = 8, .steps = 4, .block_length = 4, .remasking = rm, .threshold = threshold,
                     .seed = 3, .mask_id = MASK, .pins = {{0, 1}, {5, 2}}};
      auto r = generate_llada(sevens, V, std::vector<int32_t>{4, 4}, o);
      REQUIRE(r);
      CHECK(r->tokens == std::vector<int32_t>{4, 4, 1, 7, 7, 7, 7, 2, 7, 7});
      CHECK(r->committed_at[2] == kPinnedPosition);
      CHECK(r->committed_at[7] == kPinnedPosition);
      for (const auto& s : r->trace) {
        CHECK(s.state[2] == 1);
        CHECK(s.state[7] == 2);
        for (const auto& c : s.commits) CHECK((c.position != 2 && c.position != 7));
      }
      int committed = 0;
      for (int n : r->commits_per_step()) committed += n;
      CHECK(committed == 6);
    }
}

TEST_CASE("bad pins and bad strategy names are refused with a hint") {
  LladaOptions o{.gen_length = 4, .steps = 4, .block_length = 4, .mask_id = MASK, .pins = {{4, 1}}};
  auto r = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, o);
  REQUIRE_FALSE(r);
  CHECK_FALSE(r.error().hint.empty());
  o.pins = {{1, 1}, {1, 2}};
  CHECK_FALSE(generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, o));
  o.pins = {{1, V}};  // the [MASK] id is no token
  CHECK_FALSE(generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, o));
  CHECK(parse_remasking("margin").value() == Remasking::Margin);
  CHECK_FALSE(parse_remasking("lowest"));
  for (Remasking rm : kAllRemasking) CHECK(parse_remasking(remasking_name(rm)).value() == rm);
}

TEST_CASE("pins parse as LLaDA's demo writes them, each text spreading over its tokens") {
  EncodeFn bytes = [](std::string_view s) { return std::vector<int32_t>(s.begin(), s.end()); };
  auto p = parse_pins("0:Once, 5:upon", bytes);
  REQUIRE(p);
  REQUIRE(p->size() == 8);
  CHECK((*p)[0] == Pin{0, 'O'});
  CHECK((*p)[3] == Pin{3, 'e'});
  CHECK((*p)[4] == Pin{5, 'u'});
  CHECK((*p)[7] == Pin{8, 'n'});
  CHECK(parse_pins("  ", bytes).value().empty());
  CHECK_FALSE(parse_pins("0:Once, 2:up", bytes));  // "Once" takes 0..3: position 2 twice
  CHECK_FALSE(parse_pins("x:up", bytes));
  CHECK_FALSE(parse_pins("3", bytes));
  CHECK_FALSE(parse_pins("-1:a", bytes));
  auto e = parse_pins("4:", bytes);
  REQUIRE_FALSE(e);
  CHECK(e.error().hint.find("0:Once") != std::string::npos);
}

TEST_CASE("margin is the top probability minus the runner-up wherever the two sit in the row") {
  // The runner-up (0.3) comes before the top one (0.6): 0.3, not 0.6 − 0.1.
  const std::vector<float> probs = {0.3f, 0.1f, 0.6f, 0.0f};
  CHECK(remasking_score(Remasking::Margin, probs, 2, 0) == doctest::Approx(0.3));
}

TEST_CASE("a score exactly at the threshold is committed, and a threshold of exactly 1 is allowed") {
  // "every candidate whose score is ≥ τ": the runner-up at exactly τ goes in with the best one.
  const std::vector<float> s = {0.5f, 0.75f, 0.75f, 0.25f};
  CHECK(select_commits(s, 0, 0.75f) == std::vector<int>{1, 2});
  // τ = 1 (only certain positions go together) is inside [0, 1]: each step still commits at least one.
  LladaOptions o = one_step(Remasking::LowConfidence);
  o.threshold = 1.0f;
  auto r = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, o);
  REQUIRE(r);
  CHECK(r->commits_per_step() == std::vector<int>{1, 1, 1});
}

TEST_CASE("random remasking scores each candidate with its documented draw, steps numbered across blocks") {
  // Two blocks of 2, one commit a step. Step s scores sequence position q with
  // uniform01(seed, sampling, 2^62 + s·L + q), L = 1 + 4; the one committed has the largest draw of the masked
  // positions of its block. Steps count on from block to block (0..3) and masked_before counts the whole answer.
  const LladaOptions o{.gen_length = 4, .steps = 4, .block_length = 2, .remasking = Remasking::Random, .seed = 21,
                       .mask_id = MASK};
  constexpr int L = 5;
  auto r = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, o);
  REQUIRE(r);
  REQUIRE(r->trace.size() == 4);
  auto draw = [&](int s, int q) {
    return llada::uniform01(o.seed, llada::stream::sampling, (uint64_t(1) << 62) + uint64_t(s) * L + uint64_t(q));
  };
  for (int s = 0; s < 4; ++s) {
    CAPTURE(s);
    const LladaStep& st = r->trace[s];
    CHECK(st.step == s);
    CHECK(st.block == s / 2);
    CHECK(st.masked_before == 4 - s);
    REQUIRE(st.commits.size() == 1);
    const Commit& c = st.commits[0];
    CHECK(c.confidence == draw(s, c.position));
    CHECK(r->committed_at[c.position] == s);
    const int lo = 1 + 2 * (s / 2);
    for (int q = lo; q < lo + 2; ++q)
      if (q != c.position && r->committed_at[q] > s) CHECK(draw(s, q) <= c.confidence);
  }
}

TEST_CASE("an empty pin entry between two commas is skipped") {
  EncodeFn bytes = [](std::string_view s) { return std::vector<int32_t>(s.begin(), s.end()); };
  auto p = parse_pins("0:a,, 2:b ,", bytes);
  REQUIRE(p);
  CHECK(*p == std::vector<Pin>{{0, 'a'}, {2, 'b'}});
}

TEST_CASE("a commit records the distribution at its own position, not the last one scored") {
  // One step scores all three positions; low confidence commits A (answer position 0) first, whose top entries
  // are token 1 (0.6) then the 0.05s; C, scored last, would say token 4 (0.35).
  auto r = generate_llada(fixed_rows(kRows), V, std::vector<int32_t>{0}, one_step(Remasking::LowConfidence));
  REQUIRE(r);
  const Commit& a = r->trace.at(0).commits.at(0);
  REQUIRE(a.position == 1);
  REQUIRE(a.top.size() == 5);
  CHECK(a.top[0].token == 1);
  CHECK(a.top[0].prob == doctest::Approx(0.6));
  CHECK(a.top[1].prob == doctest::Approx(0.05));
}

TEST_CASE("pin entries: tabs are trimmed like spaces, a position is digits only, and a text must give a token") {
  EncodeFn bytes = [](std::string_view s) { return std::vector<int32_t>(s.begin(), s.end()); };
  auto tab = parse_pins("\t1:\tab\t", bytes);
  REQUIRE(tab);
  CHECK(*tab == std::vector<Pin>{{1, 'a'}, {2, 'b'}});
  CHECK_FALSE(parse_pins("3x:a", bytes));
  EncodeFn nothing = [](std::string_view) { return std::vector<int32_t>{}; };
  auto e = parse_pins("0:a", nothing);
  REQUIRE_FALSE(e);
  CHECK(e.error().what.find("no token") != std::string::npos);
}
