// `llada-lab math`: the lecture notes' worked examples computed from a terminal, written out as the
// window writes them (core/math/worked.hpp, core/models/shapes.hpp), so every number of lesson 1 (and the
// zero-layer GPT's shapes of lesson 4) can be checked without a display.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/train_setup.hpp"
#include "core/math/worked.hpp"
#include "core/models/shapes.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/setup.hpp"

namespace llada::cli {
namespace {

const char* kHelp =
    "Usage: llada-lab math WHAT [OPTIONS]   (the lecture notes' worked examples, written out)\n\n"
    "  q --pattern P --t T          q(x_t | x_0) of a masked sentence: the product of (t if masked, else 1 - t)\n"
    "                               P: \"[AI, M, M, mẽ]\" or \"AI M M mẽ\" (M or [MASK] = masked) or flags 0110\n"
    "  binomial --L N --t T [--k K] the number of masks ~ Binomial(L, t): every row (or row K), mean L·t\n"
    "  loss --t T --p P1,P2,… [--pattern P] [--no-inverse-t]\n"
    "                               -(1/t)·Σ log p over the masked positions, step by step; the p's are the\n"
    "                               model's probabilities of the true tokens at the masked positions, in order\n"
    "                               (with --pattern, one p per masked position of the pattern)\n"
    "  weight --L N --t T1,T2,…     why 1/t: L·t masks on average, weighted by 1/t, always weigh L\n"
    "  shapes [--model zero-layer|gpt|llada] [--vocab V | --tokenizer NAME] [--batch B] [--seq T] [--d D]\n"
    "         [--layers N] [--heads H]   the forward pass's tensor shapes (defaults: the seed's Model1:\n"
    "                               zero-layer, V 100000, B 5, T 8, d 64)\n"
    "  examples                     every worked example of the notes on the forward process and the loss\n\n"
    "Examples:\n"
    "  llada-lab math q --pattern \"[AI, M, M, mẽ]\" --t 0.6        # 0.4 · 0.6 · 0.6 · 0.4 = 0.0576\n"
    "  llada-lab math binomial --L 4 --t 0.5                      # 6.25 %, 25 %, 37.5 %, 25 %, 6.25 %\n"
    "  llada-lab math loss --pattern \"Hà M M thủ đô\" --t 0.4 --p 0.7,0.9   # 1.155\n"
    "  llada-lab math weight --L 10 --t 0.2,0.8                   # 10 and 10\n";

int usage(const std::string& what, const std::string& problem) {
  std::fprintf(stderr, "llada-lab math %s: %s\nHINT: run 'llada-lab math --help'.\n", what.c_str(), problem.c_str());
  return 2;
}

// "0.7,0.9" → {0.7, 0.9}; an error names the piece that is not a number.
Result<std::vector<double>> numbers(const std::string& opt, const std::string& text) {
  std::vector<double> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string piece = text.substr(start, end - start);
    char* stop = nullptr;
    const double x = std::strtod(piece.c_str(), &stop);
    if (piece.empty() || stop != piece.c_str() + piece.size())
      return fail("option " + opt + " expects numbers separated by commas, got '" + piece + "'",
                  "write e.g. " + opt + " 0.7,0.9 (no spaces)");
    out.push_back(x);
    start = end + 1;
  }
  return out;
}

void print_pattern(const MaskPattern& p, const PatternQ& q) {
  std::string shown;
  for (size_t i = 0; i < p.masked.size(); ++i)
    shown += (i ? ", " : "") + (p.tokens[i].empty() ? std::string(p.masked[i] ? "M" : "x") : p.tokens[i]);
  std::printf("x_t = [%s]   (L = %d, %d masked, t = %s)\n", shown.c_str(), q.L, q.masked, short_number(q.t).c_str());
  std::printf("q(x_t | x_0) = Π (t if masked, else 1 - t) = %s\n", q.product().c_str());
  std::printf("             = t^%d · (1 - t)^%d = %s\n", q.masked, q.L - q.masked, q.power().c_str());
  std::printf("log q = %s\n", short_number(q.log_q, 6).c_str());
}

int math_q(Args& a) {
  const auto pattern = a.get("--pattern");
  const double t = a.get_double("--t", -1);
  if (auto p = a.problems(); !p.empty() || !pattern || !a.has("--t"))
    return usage("q", !p.empty() ? p : "--pattern and --t are required");
  auto p = parse_mask_pattern(*pattern);
  if (!p) return report(p.error());
  auto q = pattern_q(p->masked, t);
  if (!q) return report(q.error());
  print_pattern(*p, *q);
  return 0;
}

int math_binomial(Args& a) {
  const long long L = a.get_int("--L", -1), k = a.get_int("--k", -1);
  const double t = a.get_double("--t", -1);
  if (auto p = a.problems(); !p.empty() || !a.has("--L") || !a.has("--t"))
    return usage("binomial", !p.empty() ? p : "--L and --t are required");
  auto b = Binomial::make(int(std::clamp(L, -1LL, (long long)max_binomial_n + 1)), t);
  if (!b) return report(b.error());
  std::printf("number of masked tokens ~ Binomial(L = %d, t = %s): P(k) = C(L,k) × t^k × (1 - t)^(L-k)\n", b->n(),
              short_number(t).c_str());
  if (a.has("--k")) {
    std::printf("%s\n", binomial_row(*b, int(std::clamp(k, -1LL, (long long)b->n() + 1))).c_str());
  } else if (b->n() <= 200) {
    for (int i = 0; i <= b->n(); ++i) std::printf("%s\n", binomial_row(*b, i).c_str());
  } else {
    std::printf("(L > 200: give --k K for one row)\n");
  }
  std::printf("%s\n", binomial_mean(*b).c_str());
  return 0;
}

int math_loss(Args& a) {
  const auto pattern = a.get("--pattern"), ps = a.get("--p");
  const double t = a.get_double("--t", -1);
  const bool inverse = !a.has("--no-inverse-t");
  if (auto p = a.problems(); !p.empty() || !ps || !a.has("--t"))
    return usage("loss", !p.empty() ? p : "--t and --p are required");
  auto given = numbers("--p", *ps);
  if (!given) return report(given.error());
  std::vector<unsigned char> masked(given->size(), 1);
  std::vector<double> p_true = *given;
  if (pattern) {
    auto pat = parse_mask_pattern(*pattern);
    if (!pat) return report(pat.error());
    int m = 0;
    for (auto f : pat->masked) m += f;
    if (m != int(given->size()))
      return report(Error{"the pattern has " + std::to_string(m) + " masked positions but " +
                              std::to_string(given->size()) + " probabilities were given",
                          "give one p per masked position (M), in order"});
    masked.assign(pat->masked.begin(), pat->masked.end());
    p_true.assign(masked.size(), 1.0);  // unmasked positions are not read
    for (size_t i = 0, j = 0; i < masked.size(); ++i)
      if (masked[i]) p_true[i] = (*given)[j++];
  }
  auto w = written_loss(p_true, masked, t, inverse);
  if (!w) return report(w.error());
  std::printf("loss = -(1/t) Σ_i 1[x_t^i = M] log p(x_0^i | x_t)   at t = %s%s\n", short_number(t).c_str(),
              inverse ? "" : " (1/t weight off)");
  std::printf("%s   (%d masked of %zu)\n", w->steps[0].c_str(), w->loss.masked_count, masked.size());
  for (size_t i = 1; i < w->steps.size(); ++i) std::printf("%s\n", w->steps[i].c_str());
  std::printf("= %s\n", w->one_line.c_str());
  return 0;
}

int math_weight(Args& a) {
  const long long L = a.get_int("--L", 10);
  const std::string ts = a.get_or("--t", "0.2,0.8");
  if (auto p = a.problems(); !p.empty()) return usage("weight", p);
  auto t = numbers("--t", ts);
  if (!t) return report(t.error());
  std::printf("A sentence of L = %lld tokens, each masked token costing -log P:\n", L);
  for (double x : *t) {
    auto w = noise_weight(int(std::clamp(L, -1LL, 1LL << 30)), x);
    if (!w) return report(w.error());
    std::printf("%s\n", w->text().c_str());
  }
  std::printf("With 1/t every noise level weighs the same (L); without it, high t dominates.\n");
  return 0;
}

int math_shapes(Args& a) {
  const std::string model = a.get_or("--model", "zero-layer"), tok = a.get_or("--tokenizer", "");
  long long V = a.get_int("--vocab", 100000);
  const long long B = a.get_int("--batch", 5), T = a.get_int("--seq", 8), d = a.get_int("--d", 64);
  const long long layers = a.get_int("--layers", 2), heads = a.get_int("--heads", 2);
  if (auto p = a.problems(); !p.empty()) return usage("shapes", p);
  if (!tok.empty()) {
    auto t = load_tokenizer(tok);
    if (!t) return report(t.error());
    V = (*t)->vocab_size();
  }
  auto fits = [](long long x) { return x >= 1 && x <= (1LL << 24); };
  if (!fits(B) || !fits(T) || !fits(V))
    return report(Error{"batch, sequence length and vocabulary must be between 1 and 16777216",
                        "e.g. --batch 5 --seq 8 --vocab 100000"});
  auto cfg = train::model_config_by_name(model, int(V), int(std::clamp(d, 0LL, 1LL << 20)),
                                         int(std::clamp(layers, -1LL, 1000LL)), int(std::clamp(heads, 0LL, 1000LL)), int(T));
  if (!cfg) return report(cfg.error());
  std::printf("%s, batch B = %lld, sequence length T = %lld\n", cfg->describe().c_str(), B, T);
  for (const auto& s : forward_shapes(*cfg, int(B), int(T)))
    std::printf("%-60s %-14s %s\n", s.op.empty() ? "input" : ("→ " + s.op).c_str(), s.name.c_str(),
                shape_text(s.shape).c_str());
  std::printf("%s\n", targets_text(*cfg, int(B), int(T)).c_str());
  return 0;
}

int math_examples() {
  std::printf("== q(x_t | x_0) of a pattern (notes 2.3 and 3.3)\n");
  for (auto [pat, t] : {std::pair{"[Tôi, M, học, M]", 0.5}, std::pair{"[AI, M, M, mẽ]", 0.6}}) {
    auto p = parse_mask_pattern(pat);
    print_pattern(*p, *pattern_q(p->masked, t));
  }
  std::printf("\n== the number of masks ~ Binomial(L, t) (notes 3.1 and 3.2)\n");
  const auto b = Binomial::make(4, 0.5);
  for (int k = 0; k <= 4; ++k) std::printf("%s\n", binomial_row(*b, k).c_str());
  std::printf("%s\n", binomial_mean(*b).c_str());
  std::printf("%s\n", binomial_mean(*Binomial::make(10, 0.3)).c_str());
  std::printf("%s\n", binomial_mean(*Binomial::make(100, 0.7)).c_str());
  std::printf("\n== the loss of x_t = [Hà, M, M, thủ, đô] at t = 0.4 with p = 0.7, 0.9 (note 4.4)\n");
  const std::vector<double> p = {1, 0.7, 0.9, 1, 1};
  const std::vector<unsigned char> m = {0, 1, 1, 0, 0};
  const auto loss = written_loss(p, m, 0.4);  // named: a range-for over a temporary's member would dangle
  for (const auto& line : loss->steps) std::printf("%s\n", line.c_str());
  std::printf("\n== why 1/t: 10 tokens at t = 0.2 and t = 0.8 (note 4.3 E)\n");
  for (double t : {0.2, 0.8}) std::printf("%s\n", noise_weight(10, t)->text().c_str());
  std::printf("\n== the zero-layer GPT's shapes (Model1: V = 100000, B = 5, T = 8, d = 64)\n");
  const ModelConfig cfg = ModelConfig::zero_layer(100000, 64);
  std::printf("%s\n%s\n", shapes_line(forward_shapes(cfg, 5, 8)).c_str(), targets_text(cfg, 5, 8).c_str());
  return 0;
}

int run_math(const std::vector<std::string>& words) {
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    std::printf("%s", kHelp);
    return words.empty() ? 2 : 0;
  }
  const std::string what = words[0];
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  Args a(rest, {"--help", "-h", "--no-inverse-t"});
  if (a.has("--help") || a.has("-h")) {
    std::printf("%s", kHelp);
    return 0;
  }
  if (what == "q") return math_q(a);
  if (what == "binomial") return math_binomial(a);
  if (what == "loss") return math_loss(a);
  if (what == "weight") return math_weight(a);
  if (what == "shapes") return math_shapes(a);
  if (what == "examples") {
    if (auto p = a.problems(); !p.empty()) return usage("examples", p);
    return math_examples();
  }
  std::fprintf(stderr, "llada-lab math: unknown computation '%s'\nHINT: run 'llada-lab math --help' for the list "
                       "(q, binomial, loss, weight, shapes, examples).\n", what.c_str());
  return 2;
}

RegisterCommand reg{"math", "the lecture notes' worked examples: q(x_t|x_0), Binomial, the loss, shapes", run_math};

}  // namespace
}  // namespace llada::cli
