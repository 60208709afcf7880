#include "core/lesson/answers.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <vector>

#include "core/data/corpus.hpp"
#include "core/data/token_stats.hpp"
#include "core/generate/autoregressive.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/lesson/lesson.hpp"
#include "core/math/binomial.hpp"
#include "core/math/llada_loss.hpp"
#include "core/math/sampling.hpp"
#include "core/models/model.hpp"
#include "core/nn/ops.hpp"
#include "core/tok/tokenizer.hpp"

namespace llada::lesson {

namespace {

struct Args {
  std::string name;
  std::map<std::string, std::string> kv;

  Result<std::string> text(const std::string& k) const {
    auto it = kv.find(k);
    if (it == kv.end()) return fail("@check " + name + " needs " + k + "=…");
    return it->second;
  }
  Result<double> number(const std::string& k) const {
    auto t = text(k);
    if (!t) return std::unexpected(t.error());
    double v = 0;
    auto r = std::from_chars(t->data(), t->data() + t->size(), v);
    if (t->empty() || r.ec != std::errc() || r.ptr != t->data() + t->size() || !std::isfinite(v) || std::fabs(v) > 1e30)
      return fail("@check " + name + ": " + k + "='" + *t + "' is not a number");
    return v;
  }
  // A whole number in [lo, hi] (checked before any conversion to int, which would be undefined outside).
  Result<int> integer(const std::string& k, int lo, int hi) const {
    auto v = number(k);
    if (!v) return std::unexpected(v.error());
    if (!(*v >= lo && *v <= hi) || *v != std::floor(*v))
      return fail("@check " + name + ": " + k + " must be a whole number from " + std::to_string(lo) + " to " +
                  std::to_string(hi));
    return int(*v);
  }
  Result<std::vector<double>> numbers(const std::string& k, char sep = ',') const {
    auto t = text(k);
    if (!t) return std::unexpected(t.error());
    std::vector<double> out;
    size_t at = 0;
    while (at <= t->size()) {
      size_t end = t->find(sep, at);
      if (end == std::string::npos) end = t->size();
      double v = 0;
      auto r = std::from_chars(t->data() + at, t->data() + end, v);
      if (end == at || r.ec != std::errc() || r.ptr != t->data() + end || !std::isfinite(v) || std::fabs(v) > 1e30)
        return fail("@check " + name + ": " + k + "='" + *t + "' is not a list of numbers separated by '" + sep + "'");
      out.push_back(v);
      at = end + 1;
    }
    return out;
  }
};

#define TRY(var, expr)                                  \
  auto var##_r = (expr);                                \
  if (!var##_r) return std::unexpected(var##_r.error()); \
  auto var = *var##_r

Computed value(double v) { return Computed{v, {}}; }

// A tokenizer, or "cannot compute here" when its data is not installed.
Result<std::shared_ptr<const Tokenizer>> tokenizer(const Args& a, Computed& unavailable) {
  TRY(name, a.text("tokenizer"));
  // Loaded once per process: a lesson check asks for the same vocabularies many times.
  static std::mutex m;
  static std::map<std::string, Result<std::shared_ptr<const Tokenizer>>> cache;
  std::lock_guard lock(m);
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, load_tokenizer(name)).first;
  if (!it->second) unavailable.unavailable = it->second.error().to_string();
  return it->second ? *it->second : nullptr;
}

std::vector<float> floats(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

Result<std::vector<float>> softmax_of(const Args& a) {
  TRY(z, a.numbers("z"));
  const double T = a.kv.count("T") ? a.number("T").value_or(-1) : 1.0;
  std::vector<float> zf = floats(z), p(z.size());
  if (auto r = softmax(zf, float(T), p); !r) return std::unexpected(r.error());
  return p;
}

Result<Computed> compute(const Args& a) {
  const std::string& n = a.name;
  if (n == "q_pattern") {
    TRY(t, a.number("t"));
    TRY(mask, a.text("mask"));
    std::vector<std::uint8_t> m;
    for (char c : mask) {
      if (c != '0' && c != '1') return fail("@check q_pattern: mask='" + mask + "' is not made of 0 and 1");
      m.push_back(c == '1');
    }
    TRY(q, pattern_probability(m, t));
    return value(q);
  }
  if (n == "binomial_pmf" || n == "binomial_mean" || n == "weighted_masks") {
    TRY(L, a.integer("L", 0, 1'000'000));
    TRY(t, a.number("t"));
    TRY(b, Binomial::make(L, t));
    if (n == "binomial_mean") return value(b.mean());
    if (n == "weighted_masks") {
      if (t <= 0) return fail("@check weighted_masks needs t > 0");
      return value(b.mean() / t);
    }
    TRY(k, a.integer("k", 0, L));
    return value(b.pmf(k));
  }
  if (n == "llada_loss") {
    TRY(t, a.number("t"));
    TRY(p, a.numbers("p"));
    std::vector<unsigned char> masked(p.size(), 1);
    TRY(L, llada_loss(p, masked, t));
    return value(L.value);
  }
  if (n == "softmax") {
    TRY(p, softmax_of(a));
    TRY(i, a.number("i"));
    if (i < 0 || i >= double(p.size())) return fail("@check softmax: i is not an index of z");
    return value(p[size_t(i)]);
  }
  if (n == "entropy") {
    TRY(p, softmax_of(a));
    TRY(H, entropy(p));
    return value(H);
  }
  if (n == "top_p_kept") {
    TRY(p, softmax_of(a));
    TRY(top, a.number("p"));
    if (auto r = top_p_filter(p, float(top)); !r) return std::unexpected(r.error());
    int kept = 0;
    for (float x : p) kept += x > 0;
    return value(kept);
  }
  if (n == "grad_h") {
    TRY(h, a.numbers("h"));
    TRY(vt, a.text("v"));
    TRY(truth, a.number("true"));
    TRY(c, a.number("component"));
    Args rows{n, {{"v", vt}}};
    std::vector<std::vector<double>> V;
    size_t at = 0;
    while (at <= vt.size()) {
      size_t end = vt.find(';', at);
      if (end == std::string::npos) end = vt.size();
      rows.kv["row"] = vt.substr(at, end - at);
      TRY(row, rows.numbers("row"));
      if (row.size() != h.size()) return fail("@check grad_h: every row of v needs as many numbers as h");
      V.push_back(row);
      at = end + 1;
    }
    if (truth < 0 || truth >= double(V.size()) || c < 0 || c >= double(h.size()))
      return fail("@check grad_h: true must index a row of v and component an entry of h");
    std::vector<float> z(V.size()), p(V.size());
    for (size_t w = 0; w < V.size(); ++w)
      for (size_t j = 0; j < h.size(); ++j) z[w] += float(V[w][j] * h[j]);  // logit = v_w · h
    if (auto r = softmax(z, 1.0f, p); !r) return std::unexpected(r.error());
    double g = -V[size_t(truth)][size_t(c)];
    for (size_t w = 0; w < V.size(); ++w) g += double(p[w]) * V[w][size_t(c)];
    return value(g);
  }
  if (n == "activation") {
    TRY(x, a.number("x"));
    TRY(f, a.text("f"));
    if (f != "gelu" && f != "relu") return fail("@check activation: f must be gelu or relu");
    const float in = float(x);
    float out = 0;
    nn::cpu::activation_forward(&out, &in, 1, f == "gelu" ? nn::Activation::Gelu : nn::Activation::Relu);
    return value(out);
  }
  if (n == "model_calls") {  // forward passes of the generator, counted on a stand-in model of 8 classes
    TRY(model, a.text("model"));
    TRY(length, a.integer("length", 1, 256));
    constexpr int V = 8;
    int calls = 0;
    const gen::LogitsFn fn = [&](const int32_t*, int T, float* logits) {
      ++calls;
      std::fill(logits, logits + size_t(T) * V, 0.0f);
    };
    const std::vector<int32_t> prompt{1};
    if (model == "gpt") {
      gen::ArOptions o;
      o.max_new_tokens = length;
      TRY(r, gen::generate_ar(fn, V, prompt, o));
      return value(calls);
    }
    TRY(steps, a.integer("steps", 1, 256));
    gen::LladaOptions o;
    o.gen_length = length, o.steps = steps, o.mask_id = V;
    o.block_length = length;
    if (a.kv.count("block")) {
      TRY(block, a.integer("block", 1, length));
      o.block_length = block;
    }
    TRY(r, gen::generate_llada(fn, V, prompt, o));
    return value(calls);
  }
  if (n == "transfer_tokens") {  // tokens LLaDA commits at step `step` of a block
    TRY(masked, a.integer("masked", 0, 1'000'000));
    TRY(steps, a.integer("steps", 1, 10'000));
    TRY(step, a.integer("step", 0, steps - 1));
    return value(gen::num_transfer_tokens(masked, steps)[size_t(step)]);
  }
  Computed none;
  if (n == "vocab" || n == "neg_ln_vocab" || n == "token_count" || n == "logits_count" || n == "param_count" ||
      n == "vocab_used") {
    TRY(tok, tokenizer(a, none));
    if (!tok) return none;
    const int V = tok->vocab_size();
    if (n == "vocab") return value(V);
    if (n == "neg_ln_vocab") return value(-std::log(double(V)));
    if (n == "token_count") {
      TRY(text, a.text("text"));
      return value(double(tok->encode(text).size()));
    }
    if (n == "vocab_used") {
      TRY(name, a.text("corpus"));
      auto c = load_corpus(name);
      if (!c) return Computed{std::nullopt, c.error().to_string()};
      const auto ids = tok->encode(c->text);
      return value(double(token_stats(ids, V).used));
    }
    int d = 64;
    if (a.kv.count("d")) {
      TRY(dd, a.integer("d", 1, 1024));
      d = dd;
    }
    TRY(model, Model::create(ModelConfig::zero_layer(V, d), 1));
    if (n == "param_count") return value(double(model.num_params()));
    TRY(B, a.integer("B", 1, 4096));
    TRY(T, a.integer("T", 1, 4096));
    if (B * T > 4096) return fail("@check logits_count: B·T at most 4096");
    std::vector<int32_t> tokens(size_t(B) * size_t(T), 0);
    if (auto r = model.forward(tokens.data(), B, T); !r) return std::unexpected(r.error());
    return value(double(model.last_B()) * model.last_T() * model.vocab());
  }
  return fail("@check: no computation called '" + n + "'",
              "see core/lesson/answers.hpp for the list (q_pattern, binomial_pmf, llada_loss, softmax, …)");
}

}  // namespace

Result<Computed> compute_answer(const std::string& check) {
  const size_t sp = check.find(' ');
  Args a;
  a.name = check.substr(0, sp);
  if (sp != std::string::npos) {
    auto as = parse_assignments(std::string_view(check).substr(sp + 1));
    if (!as) return std::unexpected(as.error());
    for (auto& x : *as) a.kv[x.key] = x.value;
  }
  return compute(a);
}

}  // namespace llada::lesson
