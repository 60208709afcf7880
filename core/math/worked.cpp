// The notes' arithmetic laid out as text (core/math/worked.hpp).
#include "core/math/worked.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/math/masking.hpp"  // check_time

namespace llada {

std::string short_number(double x, int sig) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", std::clamp(sig, 1, 17), x);
  std::string s = buf;
  return s == "-0" ? "0" : s;
}

static std::string fixed3(double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  std::string s = buf;
  return s == "-0.000" ? "0.000" : s;
}

static bool is_mask_word(std::string_view w) { return w == "M" || w == "[M]" || w == "MASK" || w == "[MASK]"; }

std::vector<std::string> split_words(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text) {
    if (separators.find(ch) != std::string_view::npos) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += ch;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

Result<MaskPattern> parse_mask_pattern(std::string_view text) {
  std::vector<std::string> words = split_words(text, " \t\r\n,");
  // The notes' outer brackets, "[AI, M, M, mẽ]", but not the brackets of "[M]" itself.
  if (!words.empty() && words.front().size() > 1 && words.front()[0] == '[' && !is_mask_word(words.front()))
    words.front().erase(0, 1);
  if (!words.empty() && words.back().size() > 1 && words.back().back() == ']' && !is_mask_word(words.back()))
    words.back().pop_back();
  std::erase_if(words, [](const std::string& w) { return w.empty() || w == "[" || w == "]"; });
  if (words.empty())
    return fail("the mask pattern is empty", "write the masked sentence, e.g. \"AI M M mẽ\", or flags, e.g. 0110");

  MaskPattern out;
  const bool flags = std::all_of(words.begin(), words.end(), [](const std::string& w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return c == '0' || c == '1'; });
  });
  for (const auto& w : words) {
    if (flags) {
      for (char c : w) out.tokens.emplace_back(), out.masked.push_back(c == '1');
    } else {
      const bool m = is_mask_word(w);
      out.tokens.push_back(m ? "[M]" : w);
      out.masked.push_back(m);
    }
  }
  return out;
}

std::string pattern_bits(std::span<const std::uint8_t> masked) {
  std::string s;
  for (std::uint8_t f : masked) s += f ? '1' : '0';
  return s;
}

Result<PatternQ> pattern_q(std::span<const std::uint8_t> masked, double t) {
  auto q = pattern_probability(masked, t);
  if (!q) return std::unexpected(q.error());
  PatternQ out;
  out.t = t;
  out.L = int(masked.size());
  out.q = *q;
  out.log_q = *pattern_log_probability(masked, t);  // same checks as above: cannot fail here
  for (std::uint8_t f : masked) {
    out.masked += f != 0;
    out.factors.push_back(f ? t : 1.0 - t);
  }
  return out;
}

std::vector<std::string> PatternQ::product_terms() const {
  std::vector<std::string> terms;
  for (size_t i = 0; i < factors.size(); ++i)
    terms.push_back(short_number(factors[i]) + (i + 1 < factors.size() ? " ·" : " ="));
  terms.push_back(factors.empty() ? "1 (nothing to mask)" : short_number(q, 6));
  return terms;
}

std::string PatternQ::product() const {
  std::string s;
  for (const auto& term : product_terms()) s += (s.empty() ? "" : " ") + term;
  return s;
}

std::string PatternQ::power() const {
  return short_number(t) + "^" + std::to_string(masked) + " · " + short_number(1.0 - t) + "^" +
         std::to_string(L - masked) + " = " + short_number(q, 6);
}

std::string binomial_row(const Binomial& b, int k) {
  const std::string head = "P(" + std::to_string(k) + " masked) = ";
  const int n = b.n();
  if (k < 0 || k > n) return head + "0";
  const double percent = 100.0 * b.pmf(k);
  if (n > 60) return head + short_number(b.pmf(k), 6) + " = " + short_number(percent, 6) + " %";
  const double choose = std::round(std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)));
  const double p = b.p();
  const std::string C = short_number(choose, 17);
  return head + "C(" + std::to_string(n) + "," + std::to_string(k) + ") × " + short_number(p) + "^" +
         std::to_string(k) + " × " + short_number(1.0 - p) + "^" + std::to_string(n - k) + " = " + C + " × " +
         short_number(std::pow(p, k), 6) + " × " + short_number(std::pow(1.0 - p, n - k), 6) + " = " +
         short_number(percent, 6) + " %";
}

std::string binomial_mean(const Binomial& b) {
  return "mean L·t = " + std::to_string(b.n()) + " × " + short_number(b.p()) + " = " + short_number(b.mean(), 6) +
         ", variance L·t·(1 - t) = " + short_number(b.variance(), 6);
}

Result<WrittenLoss> written_loss(std::span<const double> p_true, std::span<const unsigned char> masked, double t,
                                 bool inverse_t_factor) {
  auto L = llada_loss(p_true, masked, t, inverse_t_factor);
  if (!L) return std::unexpected(L.error());
  WrittenLoss out;
  out.loss = *L;

  std::string flags;
  for (unsigned char f : masked) flags += f ? " 1" : " 0";
  out.steps.push_back("1[x_t^i = M] =" + flags);
  std::string logs = "log p:", sum = "Σ log p = ", terms_pos;
  for (size_t i = 0, j = 0; i < masked.size(); ++i) {
    if (!masked[i]) continue;
    const double term = L->terms[j];
    logs += std::string(j ? ", " : " ") + "i=" + std::to_string(i + 1) + ": log " + short_number(p_true[i]) + " = " +
            fixed3(-term);
    sum += j ? " - " + fixed3(term) : fixed3(-term);
    terms_pos += (j ? " + " : "") + fixed3(term);
    ++j;
  }
  if (L->masked_count == 0) logs += " -", sum += "0";
  else if (L->masked_count > 1) sum += " = " + fixed3(-L->sum_neg_log_p);
  out.steps.push_back(logs);
  out.steps.push_back(sum);
  const std::string S = fixed3(-L->sum_neg_log_p), scaled = fixed3(-L->value);
  if (inverse_t_factor)
    out.steps.push_back("(1/t) × Σ = (1/" + short_number(t) + ") × (" + S + ") = " + short_number(L->factor) +
                        " × (" + S + ") = " + scaled);
  else
    out.steps.push_back("1 × Σ = " + S);
  out.steps.push_back("loss = -(" + scaled + ") = " + fixed3(L->value));
  out.one_line = (inverse_t_factor ? "(1/" + short_number(t) + ") × (" : std::string("1 × (")) +
                 (terms_pos.empty() ? "0" : terms_pos) + ") = " + fixed3(L->value);
  return out;
}

Result<NoiseWeight> noise_weight(int L, double t) {
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  if (t == 0.0) return fail("the weight 1/t is undefined at t = 0", "choose t in (0, 1]");
  auto m = expected_mask_count(L, t);
  if (!m) return std::unexpected(m.error());
  NoiseWeight w;
  w.L = L;
  w.t = t;
  w.expected_masks = *m;
  w.factor = 1.0 / t;
  w.weighted = w.factor * w.expected_masks;
  return w;
}

std::string NoiseWeight::text() const {
  const std::string m = short_number(expected_masks, 6);
  return "t = " + short_number(t) + ": " + std::to_string(L) + " × " + short_number(t) + " = " + m +
         " masked on average; with 1/t: (1/" + short_number(t) + ") × " + m + " = " + short_number(weighted, 6) +
         " × (-log P); without: " + m + " × (-log P)";
}

}  // namespace llada
