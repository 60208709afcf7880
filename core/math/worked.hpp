// The lecture notes' arithmetic, written out as the notes write it, for the window and `llada-lab math`
// alike: both print these strings, so a number seen in a panel is the number the terminal prints.
//
//   pattern q(x_t|x_0)   "[AI, M, M, mẽ]" at t = 0.6:  0.4 · 0.6 · 0.6 · 0.4 = 0.0576
//   Binomial row         P(2 masked) = C(4,2) × 0.5^2 × 0.5^2 = 6 × 0.25 × 0.25 = 37.5 %
//   weighted loss        Σ log p = -0.357 - 0.105 = -0.462;  (1/0.4) × (-0.462) = 2.5 × (-0.462) = -1.155;
//                        loss = -(-1.155) = 1.155
//   the 1/t balance      10 tokens, t = 0.2: 10 × 0.2 = 2 masked, (1/0.2) × 2 = 10 (t = 0.8: (1/0.8) × 8 = 10)
//
// The numbers come from core/math/binomial.hpp and llada_loss.hpp; this file only lays them out.
// Numbers are printed with ASCII '-' (as the notes do), so the text can be pasted back into a terminal.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/math/binomial.hpp"
#include "core/math/llada_loss.hpp"
#include "core/util/result.hpp"

namespace llada {

// Words as the notes' examples cut a sentence ([AI, rất, mạnh, mẽ]): split at any of `separators` (ASCII,
// so never inside a UTF-8 letter), empty pieces dropped.
std::vector<std::string> split_words(std::string_view text, std::string_view separators = " \t\r\n");

// A masked sentence as the notes write it. Accepted forms:
//   "[AI, M, M, mẽ]", "AI M M mẽ"   words separated by spaces or commas (outer brackets optional);
//                                   "M", "[M]", "MASK" or "[MASK]" is a masked position
//   "0110", "0 1 1 0"               one flag per position, 1 = masked (tokens are then empty)
struct MaskPattern {
  std::vector<std::string> tokens;   // (L) the words ("" for the flag form; "[M]" where masked)
  std::vector<std::uint8_t> masked;  // (L) 1 where x_t = [MASK]
};
Result<MaskPattern> parse_mask_pattern(std::string_view text);
// "0110": one character per position (the form settings, lessons and scenes store).
std::string pattern_bits(std::span<const std::uint8_t> masked);

// q(x_t | x_0) of a pattern at time t with its factors.
struct PatternQ {
  double t = 0;
  int L = 0, masked = 0;
  double q = 0, log_q = 0;       // pattern_probability, pattern_log_probability
  std::vector<double> factors;   // (L) t where masked, 1 − t where kept

  // {"0.4 ·", "0.6 ·", "0.6 ·", "0.4 =", "0.0576"}: the product's pieces, so a narrow window can break
  // the line between factors, never inside one.
  std::vector<std::string> product_terms() const;
  std::string product() const;  // "0.4 · 0.6 · 0.6 · 0.4 = 0.0576" (empty pattern: "1 (nothing to mask)")
  std::string power() const;    // "0.6^2 · 0.4^2 = 0.0576" — the form for long sentences
};
Result<PatternQ> pattern_q(std::span<const std::uint8_t> masked, double t);

// "P(2 masked) = C(4,2) × 0.5^2 × 0.5^2 = 6 × 0.25 × 0.25 = 37.5 %" (k outside [0, n]: probability 0).
// For n > 60 the binomial coefficient is too large to print exactly: "P(k masked) = 1.234e-05".
std::string binomial_row(const Binomial& b, int k);
// "mean L·t = 4 × 0.5 = 2, variance L·t·(1 − t) = 1"
std::string binomial_mean(const Binomial& b);

// The loss of one sequence written out step by step (the notes' steps 1, 3, 4 and 5).
struct WrittenLoss {
  LladaLoss loss;                  // from llada_loss
  std::vector<std::string> steps;  // one line each:
  //   "1[x_t^i = M] = 0 1 1 0 0"   (no words in these lines: the window adds its own, in its language)
  //   "log p: i=2: log 0.7 = -0.357, i=3: log 0.9 = -0.105"   (nothing masked: "log p: -")
  //   "Σ log p = -0.357 - 0.105 = -0.462"
  //   "(1/t) × Σ = (1/0.4) × (-0.462) = 2.5 × (-0.462) = -1.155"   (without 1/t: "1 × Σ = -0.462")
  //   "loss = -(-1.155) = 1.155"
  std::string one_line;            // "(1/0.4) × (0.357 + 0.105) = 1.155": Σ of −log p, weighted
};
// Same arguments and errors as llada_loss.
Result<WrittenLoss> written_loss(std::span<const double> p_true, std::span<const unsigned char> masked, double t,
                                 bool inverse_t_factor = true);

// Why 1/t: at time t a sentence of L tokens has L·t masks on average, each costing −log P; weighted by
// 1/t the expected sum is (1/t)·L·t = L times −log P at every t. Without the weight it is L·t times.
struct NoiseWeight {
  int L = 0;
  double t = 0;
  double expected_masks = 0;  // L·t (expected_mask_count)
  double factor = 0;          // 1/t
  double weighted = 0;        // factor × expected_masks = L
  // "t = 0.2: 10 × 0.2 = 2 masked on average; with 1/t: (1/0.2) × 2 = 10 × (-log P); without: 2 × (-log P)"
  std::string text() const;
};
// Errors: t outside (0, 1] (1/t needs t > 0), L < 0.
Result<NoiseWeight> noise_weight(int L, double t);

// A number as the notes print it: up to `sig` significant digits, no trailing zeros ("0.4", "0.0576").
std::string short_number(double x, int sig = 4);

}  // namespace llada
