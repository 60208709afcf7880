// The lecture notes' worked examples as the window and `llada-lab math` write them out: every figure of
// seed 000 comes out exactly as printed there.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/math/worked.hpp"

using namespace llada;

TEST_CASE("seed example: [AI, M, M, mẽ] at t = 0.6 is written 0.4 · 0.6 · 0.6 · 0.4 = 0.0576") {
  auto p = parse_mask_pattern("[AI, M, M, mẽ]");
  REQUIRE(p.has_value());
  CHECK(p->tokens == std::vector<std::string>{"AI", "[M]", "[M]", "mẽ"});
  CHECK(pattern_bits(p->masked) == "0110");
  auto q = pattern_q(p->masked, 0.6);
  REQUIRE(q.has_value());
  CHECK(q->product() == "0.4 · 0.6 · 0.6 · 0.4 = 0.0576");
  CHECK(q->power() == "0.6^2 · 0.4^2 = 0.0576");
  CHECK(q->q == doctest::Approx(0.0576).epsilon(1e-14));
  CHECK(std::exp(q->log_q) == doctest::Approx(0.0576).epsilon(1e-13));
  CHECK(q->masked == 2);
  // The window's t is a float: 0.6f still prints as the notes print it.
  CHECK(pattern_q(p->masked, double(0.6f))->product() == "0.4 · 0.6 · 0.6 · 0.4 = 0.0576");
}

TEST_CASE("seed example: [Tôi, M, học, M] at t = 0.5 is 0.5 · 0.5 · 0.5 · 0.5 = 0.0625") {
  auto p = parse_mask_pattern("Tôi [MASK] học [MASK]");
  REQUIRE(p.has_value());
  CHECK(pattern_q(p->masked, 0.5)->product() == "0.5 · 0.5 · 0.5 · 0.5 = 0.0625");
}

TEST_CASE("mask patterns are read as words, as flags, and refused when empty") {
  CHECK(parse_mask_pattern("0110")->masked == std::vector<std::uint8_t>{0, 1, 1, 0});
  CHECK(parse_mask_pattern("0 1, 1 0")->masked == std::vector<std::uint8_t>{0, 1, 1, 0});
  CHECK(parse_mask_pattern("[M] AI [M]")->masked == std::vector<std::uint8_t>{1, 0, 1});
  CHECK(parse_mask_pattern("[[M], AI, M]")->masked == std::vector<std::uint8_t>{1, 0, 1});
  CHECK(parse_mask_pattern("[M]")->masked == std::vector<std::uint8_t>{1});
  CHECK(parse_mask_pattern("Hà Nội")->masked == std::vector<std::uint8_t>{0, 0});  // a word with no mask
  CHECK(parse_mask_pattern("a10 b")->masked.size() == 2);                          // not all flags: words
  for (const char* bad : {"", "   ", "[ ]", ",,"}) {
    auto r = parse_mask_pattern(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().hint.find("0110") != std::string::npos);
  }
}

TEST_CASE("pattern_q: the empty pattern, the edges t = 0 and 1, and t outside the interval") {
  CHECK(pattern_q(std::vector<std::uint8_t>{}, 0.3)->product() == "1 (nothing to mask)");
  const std::vector<std::uint8_t> one_masked = {0, 1};
  CHECK(pattern_q(one_masked, 0.0)->q == 0.0);
  CHECK(std::isinf(pattern_q(one_masked, 0.0)->log_q));
  CHECK(pattern_q(one_masked, 1.0)->product() == "0 · 1 = 0");
  CHECK_FALSE(pattern_q(one_masked, 1.5).has_value());
  CHECK_FALSE(pattern_q(one_masked, std::nan("")).has_value());
}

TEST_CASE("seed example: Binomial(4, 0.5) rows read 6.25 %, 25 %, 37.5 %, 25 %, 6.25 % with mean 2") {
  auto b = Binomial::make(4, 0.5);
  REQUIRE(b.has_value());
  CHECK(binomial_row(*b, 0) == "P(0 masked) = C(4,0) × 0.5^0 × 0.5^4 = 1 × 1 × 0.0625 = 6.25 %");
  CHECK(binomial_row(*b, 1) == "P(1 masked) = C(4,1) × 0.5^1 × 0.5^3 = 4 × 0.5 × 0.125 = 25 %");
  CHECK(binomial_row(*b, 2) == "P(2 masked) = C(4,2) × 0.5^2 × 0.5^2 = 6 × 0.25 × 0.25 = 37.5 %");
  CHECK(binomial_row(*b, 3) == "P(3 masked) = C(4,3) × 0.5^3 × 0.5^1 = 4 × 0.125 × 0.5 = 25 %");
  CHECK(binomial_row(*b, 4) == "P(4 masked) = C(4,4) × 0.5^4 × 0.5^0 = 1 × 0.0625 × 1 = 6.25 %");
  CHECK(binomial_row(*b, 5) == "P(5 masked) = 0");
  CHECK(binomial_mean(*b) == "mean L·t = 4 × 0.5 = 2, variance L·t·(1 - t) = 1");
}

TEST_CASE("seed examples: 10 tokens at t = 0.3 expect 3 masks and 100 at t = 0.7 expect 70") {
  CHECK(binomial_mean(*Binomial::make(10, 0.3)).starts_with("mean L·t = 10 × 0.3 = 3,"));
  CHECK(binomial_mean(*Binomial::make(100, 0.7)).starts_with("mean L·t = 100 × 0.7 = 70,"));
  // Too large to write C(100, k) out exactly: the probability alone, still summing to the pmf.
  CHECK(binomial_row(*Binomial::make(100, 0.7), 70).starts_with("P(70 masked) = 0.0867"));
}

TEST_CASE("seed example: L = 5, t = 0.4, p = 0.7 and 0.9 is written out step by step to 1.155") {
  const std::vector<double> p = {1, 0.7, 0.9, 1, 1};
  const std::vector<unsigned char> m = {0, 1, 1, 0, 0};
  auto w = written_loss(p, m, 0.4);
  REQUIRE(w.has_value());
  REQUIRE(w->steps.size() == 5);
  CHECK(w->steps[0] == "1[x_t^i = M] = 0 1 1 0 0");
  CHECK(w->loss.masked_count == 2);
  CHECK(w->steps[1] == "log p: i=2: log 0.7 = -0.357, i=3: log 0.9 = -0.105");
  CHECK(w->steps[2] == "Σ log p = -0.357 - 0.105 = -0.462");
  CHECK(w->steps[3] == "(1/t) × Σ = (1/0.4) × (-0.462) = 2.5 × (-0.462) = -1.155");
  CHECK(w->steps[4] == "loss = -(-1.155) = 1.155");
  CHECK(w->one_line == "(1/0.4) × (0.357 + 0.105) = 1.155");
  CHECK(w->loss.value == doctest::Approx(-(std::log(0.7) + std::log(0.9)) / 0.4).epsilon(1e-15));
}

TEST_CASE("written_loss: without 1/t, with nothing masked, and its errors are llada_loss's") {
  const std::vector<double> p = {1, 0.7, 0.9, 1, 1};
  const std::vector<unsigned char> m = {0, 1, 1, 0, 0}, none = {0, 0, 0, 0, 0};
  auto off = written_loss(p, m, 0.4, false);
  REQUIRE(off.has_value());
  CHECK(off->steps[3] == "1 × Σ = -0.462");
  CHECK(off->steps[4] == "loss = -(-0.462) = 0.462");
  CHECK(off->one_line == "1 × (0.357 + 0.105) = 0.462");
  auto zero = written_loss(p, none, 0.4);
  REQUIRE(zero.has_value());
  CHECK(zero->loss.value == 0.0);
  CHECK(zero->steps[4] == "loss = -(0.000) = 0.000");
  const std::vector<double> bad_p = {1, 0.0, 0.9, 1, 1};
  CHECK_FALSE(written_loss(bad_p, m, 0.4).has_value());
  CHECK_FALSE(written_loss(p, m, 0.0).has_value());
  CHECK(written_loss(p, m, 0.0, false).has_value());
}

TEST_CASE("seed example: 10 tokens weigh 10 × (-log P) at t = 0.2 (2 masks) and at t = 0.8 (8 masks)") {
  auto lo = noise_weight(10, 0.2), hi = noise_weight(10, 0.8);
  REQUIRE(lo.has_value());
  REQUIRE(hi.has_value());
  CHECK(lo->expected_masks == doctest::Approx(2.0).epsilon(1e-15));
  CHECK(hi->expected_masks == doctest::Approx(8.0).epsilon(1e-15));
  CHECK(lo->weighted == doctest::Approx(10.0).epsilon(1e-15));
  CHECK(hi->weighted == doctest::Approx(10.0).epsilon(1e-15));
  CHECK(lo->text() == "t = 0.2: 10 × 0.2 = 2 masked on average; with 1/t: (1/0.2) × 2 = 10 × (-log P); "
                      "without: 2 × (-log P)");
  CHECK(hi->text() == "t = 0.8: 10 × 0.8 = 8 masked on average; with 1/t: (1/0.8) × 8 = 10 × (-log P); "
                      "without: 8 × (-log P)");
  CHECK_FALSE(noise_weight(10, 0.0).has_value());
  CHECK_FALSE(noise_weight(-1, 0.5).has_value());
}

TEST_CASE("short_number prints as the notes do: no trailing zeros, no negative zero") {
  CHECK(short_number(0.4) == "0.4");
  CHECK(short_number(1.0 - 0.6) == "0.4");
  CHECK(short_number(0.0576, 6) == "0.0576");
  CHECK(short_number(-0.0) == "0");
  CHECK(short_number(2.5) == "2.5");
  CHECK(short_number(1.0 / 3.0) == "0.3333");
}
