#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "core/generate/autoregressive.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/math/philox.hpp"

using namespace llada::gen;

namespace {

constexpr int V = 10;
constexpr int32_t MASK = V;

// A "model" that always prefers token `fav` by a wide margin, at every position.
LogitsFn prefers(int32_t fav) {
  return [fav](const int32_t*, int T, float* logits) {
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = v == fav ? 8.0f : 0.0f;
  };
}

// Prefers token 3 everywhere, with a margin growing with the position: later positions are more
// confident, so low-confidence remasking must commit from the right end first.
LogitsFn confident_to_the_right() {
  return [](const int32_t*, int T, float* logits) {
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = v == 3 ? 0.5f * t : 0.0f;
  };
}

// A flat distribution: every draw is up to the sampler's randomness.
LogitsFn uniform_model() {
  return [](const int32_t*, int T, float* logits) { std::fill(logits, logits + T * V, 0.0f); };
}

}  // namespace

TEST_CASE("the linear schedule spreads the masked count over the steps, remainder first, summing to the count") {
  CHECK(num_transfer_tokens(10, 4) == std::vector<int>{3, 3, 2, 2});
  CHECK(num_transfer_tokens(8, 8) == std::vector<int>(8, 1));
  CHECK(num_transfer_tokens(3, 5) == std::vector<int>{1, 1, 1, 0, 0});
  for (int n : {1, 7, 32, 100})
    for (int s : {1, 3, 8, 32}) {
      auto sched = num_transfer_tokens(n, s);
      CHECK(std::accumulate(sched.begin(), sched.end(), 0) == n);
    }
}

TEST_CASE("LLaDA sampling with a model that always prefers token 7 fills the answer with 7s") {
  std::vector<int32_t> prompt = {1, 2};
  for (auto mode : {Remasking::LowConfidence, Remasking::Random}) {
    LladaOptions opt{.gen_length = 8, .steps = 4, .block_length = 4, .remasking = mode, .seed = 5, .mask_id = MASK};
    auto r = generate_llada(prefers(7), V, prompt, opt);
    REQUIRE(r);
    CHECK(r->tokens == std::vector<int32_t>{1, 2, 7, 7, 7, 7, 7, 7, 7, 7});
    REQUIRE(r->trace.size() == 4);
    int committed = 0;
    for (const auto& s : r->trace) committed += static_cast<int>(s.commits.size());
    CHECK(committed == 8);  // the schedule committed every masked position exactly once
  }
}

TEST_CASE("low-confidence remasking commits the most confident positions first") {
  LladaOptions opt{.gen_length = 6, .steps = 6, .block_length = 6, .mask_id = MASK};
  auto r = generate_llada(confident_to_the_right(), V, std::vector<int32_t>{0}, opt);
  REQUIRE(r);
  std::vector<int> order;
  for (const auto& s : r->trace) {
    REQUIRE(s.commits.size() == 1);
    order.push_back(s.commits[0].position);
  }
  CHECK(order == std::vector<int>{6, 5, 4, 3, 2, 1});
  CHECK(r->trace[0].commits[0].confidence > r->trace[5].commits[0].confidence);
  CHECK(r->trace[0].masked_before == 6);
  CHECK(r->trace[5].state == r->tokens);
}

TEST_CASE("semi-autoregressive blocks finish the left block before touching the right one") {
  // The right end is the most confident, yet with two blocks of 3 the first three steps stay left.
  LladaOptions opt{.gen_length = 6, .steps = 6, .block_length = 3, .mask_id = MASK};
  auto r = generate_llada(confident_to_the_right(), V, std::vector<int32_t>{0}, opt);
  REQUIRE(r);
  std::vector<int> order;
  for (const auto& s : r->trace) order.push_back(s.commits.at(0).position);
  CHECK(order == std::vector<int>{3, 2, 1, 6, 5, 4});
  CHECK(r->trace[2].block == 0);
  CHECK(r->trace[3].block == 1);
}

TEST_CASE("LLaDA sampling with temperature is reproducible per seed and varies across seeds") {
  LladaOptions opt{.gen_length = 16, .steps = 8, .block_length = 16, .temperature = 1.0f, .seed = 11,
                   .mask_id = MASK};
  auto a = generate_llada(uniform_model(), V, std::vector<int32_t>{1}, opt);
  auto b = generate_llada(uniform_model(), V, std::vector<int32_t>{1}, opt);
  opt.seed = 12;
  auto c = generate_llada(uniform_model(), V, std::vector<int32_t>{1}, opt);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(a->tokens == b->tokens);
  CHECK(a->tokens != c->tokens);  // 16 tokens from 10 equally likely values: a collision is ~1e-16
  // A flat model sampled with Gumbel noise uses many different tokens.
  std::set<int32_t> used(a->tokens.begin() + 1, a->tokens.end());
  CHECK(used.size() >= 4);
}

TEST_CASE("LLaDA options that cannot work are refused with a hint") {
  std::vector<int32_t> prompt = {1};
  LladaOptions opt{.gen_length = 8, .steps = 8, .block_length = 3, .mask_id = MASK};
  CHECK_FALSE(generate_llada(prefers(1), V, prompt, opt));  // 3 does not divide 8
  opt.block_length = 4;
  opt.steps = 7;
  CHECK_FALSE(generate_llada(prefers(1), V, prompt, opt));  // 7 steps, 2 blocks
  opt.steps = 8;
  opt.mask_id = 3;
  auto r = generate_llada(prefers(1), V, prompt, opt);  // mask inside the output classes
  REQUIRE_FALSE(r);
  CHECK_FALSE(r.error().hint.empty());
}

TEST_CASE("autoregressive greedy decoding follows the argmax and records the distribution") {
  ArOptions opt{.max_new_tokens = 5, .greedy = true};
  auto r = generate_ar(prefers(7), V, std::vector<int32_t>{1, 2}, opt);
  REQUIRE(r);
  CHECK(r->tokens == std::vector<int32_t>{1, 2, 7, 7, 7, 7, 7});
  REQUIRE(r->steps.size() == 5);
  CHECK(r->steps[0].top[0].token == 7);
  // e^8 / (e^8 + 9) ≈ 0.99697
  CHECK(r->steps[0].prob == doctest::Approx(0.99697).epsilon(1e-4));
  float total = 0;
  for (auto& e : top_entries(std::vector<float>{0.1f, 0.6f, 0.3f}, 3)) total += e.prob;
  CHECK(total == doctest::Approx(1.0));
}

TEST_CASE("autoregressive sampling is reproducible per seed, and top-k 1 equals greedy") {
  ArOptions opt{.max_new_tokens = 12, .temperature = 1.0f, .seed = 3};
  auto a = generate_ar(uniform_model(), V, std::vector<int32_t>{0}, opt);
  auto b = generate_ar(uniform_model(), V, std::vector<int32_t>{0}, opt);
  opt.seed = 4;
  auto c = generate_ar(uniform_model(), V, std::vector<int32_t>{0}, opt);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(a->tokens == b->tokens);
  CHECK(a->tokens != c->tokens);  // 12 draws from 10 values: a full collision has probability 1e-12
  CHECK(a->steps[0].prob == doctest::Approx(0.1));

  ArOptions k1{.max_new_tokens = 4, .temperature = 2.0f, .top_k = 1, .seed = 9};
  auto top1 = generate_ar(confident_to_the_right(), V, std::vector<int32_t>{0, 0, 0}, k1);
  REQUIRE(top1);
  CHECK(top1->tokens == std::vector<int32_t>{0, 0, 0, 3, 3, 3, 3});
  CHECK(top1->steps[0].prob == doctest::Approx(1.0));
}

TEST_CASE("autoregressive generation feeds only the last `context` tokens to the model") {
  std::vector<int> seen;
  LogitsFn spy = [&](const int32_t*, int T, float* logits) {
    seen.push_back(T);
    std::fill(logits, logits + T * V, 0.0f);
  };
  ArOptions opt{.max_new_tokens = 4, .greedy = true, .context = 3};
  REQUIRE(generate_ar(spy, V, std::vector<int32_t>{1, 2}, opt));
  CHECK(seen == std::vector<int>{2, 3, 3, 3});
  CHECK_FALSE(generate_ar(spy, V, std::vector<int32_t>{}, opt));  // no prompt
}

TEST_CASE("LLaDA's candidates at temperature T are draws from softmax(logits / T): p itself at 1, p² renormalised at 0.5") {
  // Every position gives tokens 0, 1, 2 probabilities 0.6, 0.3, 0.1 (the others e^−30 of them). softmax(ln p / T)
  // ∝ p^(1/T): at T = 1 the draws follow 0.6, 0.3, 0.1; at T = 0.5 they follow 0.36, 0.09, 0.01 over 0.46
  // (0.783, 0.196, 0.022). 64 positions in one step × 50 seeds = 3200 draws a temperature: each share within
  // 0.04 of its probability (more than 4 standard deviations; a sampler that ignores T is 0.18 off at T = 0.5).
  const double p[3] = {0.6, 0.3, 0.1};
  LogitsFn three_way = [&](const int32_t*, int T, float* logits) {
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = v < 3 ? static_cast<float>(std::log(p[v])) : -30.0f;
  };
  for (float temperature : {1.0f, 0.5f}) {
    CAPTURE(temperature);
    std::vector<int> count(V, 0);
    int draws = 0;
    for (uint64_t seed = 1; seed <= 50; ++seed) {
      LladaOptions opt{.gen_length = 64, .steps = 1, .block_length = 64, .temperature = temperature, .seed = seed,
                       .mask_id = MASK, .record_top = 0};
      auto r = generate_llada(three_way, V, std::vector<int32_t>{0}, opt);
      REQUIRE(r);
      for (size_t i = 1; i < r->tokens.size(); ++i) ++count[r->tokens[i]], ++draws;
    }
    double z = 0;
    for (double q : p) z += std::pow(q, 1.0 / temperature);
    for (int v = 0; v < 3; ++v) {
      CAPTURE(v);
      const double share = double(count[v]) / draws, want = std::pow(p[v], 1.0 / temperature) / z;
      CAPTURE(share);
      CAPTURE(want);
      CHECK(std::abs(share - want) < 0.04);
    }
  }
}

TEST_CASE("a prompt holding the [MASK] id is refused with a hint (the model would read it as a blank to fill)") {
  LladaOptions opt{.gen_length = 4, .steps = 4, .block_length = 4, .mask_id = MASK};
  auto r = generate_llada(prefers(1), V, std::vector<int32_t>{1, MASK, 2}, opt);
  REQUIRE_FALSE(r);
  CHECK(r.error().what.find("[MASK]") != std::string::npos);
  CHECK_FALSE(r.error().hint.empty());
  CHECK(generate_llada(prefers(1), V, std::vector<int32_t>{1, MASK - 1, 2}, opt));  // the last output class is fine
}

TEST_CASE("with a temperature each candidate is the Gumbel-max of its own uniforms, at the documented indices") {
  // Step s, sequence position p, entry v: u = uniform01(seed, sampling, (s·L + p)·stride + v), stride = V
  // rounded up to a multiple of 4 (12 for V = 10: each row starts a Philox block of four), and the candidate
  // is argmax_v (logit_v − T·ln(−ln u)). The logits rise with v so the temperature matters.
  constexpr int L = 5;
  constexpr uint64_t stride = (V + 3) / 4 * 4;
  constexpr double T = 0.7;
  LogitsFn rising = [](const int32_t*, int n, float* logits) {
    for (int t = 0; t < n; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = 0.3f * v;
  };
  const LladaOptions opt{.gen_length = 4, .steps = 4, .block_length = 4, .temperature = float(T), .seed = 5,
                         .mask_id = MASK};
  auto r = generate_llada(rising, V, std::vector<int32_t>{0}, opt);
  REQUIRE(r);
  REQUIRE(r->trace.size() == 4);
  std::set<int32_t> tokens;
  for (const LladaStep& st : r->trace) {
    REQUIRE(st.commits.size() == 1);
    const Commit& c = st.commits[0];
    int32_t want = -1;
    double best = -INFINITY;
    for (int v = 0; v < V; ++v) {
      const uint64_t index = (uint64_t(st.step) * L + uint64_t(c.position)) * stride + uint64_t(v);
      const double u = llada::uniform01(opt.seed, llada::stream::sampling, index);
      const double score = 0.3 * v - T * std::log(-std::log(u));
      if (score > best) best = score, want = v;
    }
    CAPTURE(st.step);
    CHECK(c.token == want);
    tokens.insert(c.token);
  }
  CHECK(tokens.size() >= 2);  // the noise, not the logits alone, chose them
}

TEST_CASE("LLaDA refuses an empty answer, no steps and an infinite temperature, each with a hint") {
  auto refused = [](LladaOptions opt) {
    opt.mask_id = MASK;
    auto r = generate_llada(prefers(1), V, std::vector<int32_t>{1}, opt);
    REQUIRE_FALSE(r);
    CHECK_FALSE(r.error().hint.empty());
  };
  refused({.gen_length = 0, .steps = 4, .block_length = 4});  // no blocks: nothing could share the steps
  refused({.gen_length = 4, .steps = 0, .block_length = 4});  // would return the answer still masked
  refused({.gen_length = 4, .steps = 4, .block_length = 4, .temperature = INFINITY});
}
