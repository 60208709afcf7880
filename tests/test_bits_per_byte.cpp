// Bits per byte of a validation text: the GPT's exact value and LLaDA's bound, in one unit.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "core/eval/bits_per_byte.hpp"
#include "core/generate/model_logits.hpp"
#include "core/tok/bpe_train.hpp"

using namespace llada;
using namespace llada::eval;

namespace {

const std::string kText =
    "The jury said the city had done well. The jury said the election was fair, and the city said so too. "
    "Then the jury went home, and the city went on as before.";

std::shared_ptr<const Tokenizer> small_bpe() {
  static auto tok = train_bpe(kText, {.n_merges = 40});
  REQUIRE(tok);
  return *tok;
}

// The joint distribution of four tokens over {0, 1, 2} (fixed, uneven weights), and its exact
// conditionals: a causal GPT reads p(x_{t+1} | x_≤t), a mask predictor p(x_i | the unmasked tokens).
constexpr int kV = 3, kL = 4;
constexpr int32_t kMask = kV;
double joint(const int32_t* x) {
  int code = 0;
  for (int i = 0; i < kL; ++i) code = code * kV + x[i];
  return 1.0 + (code * 37 % 11) + 3.0 * (x[0] == x[2]) + 2.0 * (x[1] == x[3]);  // unnormalised
}
// Σ of the joint over every completion of `x` where `free[i]` (the rest fixed).
double marginal(std::vector<int32_t> x, const std::vector<char>& free, int i = 0) {
  if (i == kL) return joint(x.data());
  if (!free[i]) return marginal(x, free, i + 1);
  double s = 0;
  for (int v = 0; v < kV; ++v) x[i] = v, s += marginal(x, free, i + 1);
  return s;
}
void joint_gpt(const int32_t* tokens, int T, float* logits) {
  for (int t = 0; t < T; ++t) {
    std::vector<int32_t> x(kL, 0);
    std::vector<char> free(kL, 1);
    for (int j = 0; j <= t; ++j) x[j] = tokens[j], free[j] = 0;
    free[t + 1] = 0;
    for (int v = 0; v < kV; ++v) x[t + 1] = v, logits[t * kV + v] = float(std::log(marginal(x, free)));
  }
}
void joint_llada(const int32_t* tokens, int T, float* logits) {
  std::vector<int32_t> x(tokens, tokens + T);
  std::vector<char> free(kL);
  for (int i = 0; i < kL; ++i) free[i] = x[i] == kMask;
  for (int i = 0; i < T; ++i) {
    std::vector<char> f = free;
    f[i] = 0;
    for (int v = 0; v < kV; ++v) {
      std::vector<int32_t> y = x;
      y[i] = v;
      logits[i * kV + v] = free[i] ? float(std::log(marginal(y, f))) : 0.0f;
    }
  }
}

}  // namespace

TEST_CASE("uniform logits give log2(V) · tokens / bytes exactly, for the GPT and for LLaDA's bound") {
  auto tok = small_bpe();
  const int V = tok->vocab_size();
  const std::vector<int32_t> ids = tok->encode(kText);
  REQUIRE(ids.size() < kText.size());  // multi-byte tokens: bits per byte differs from bits per token
  auto uniform = [V](const int32_t*, int T, float* logits) { std::fill(logits, logits + size_t(T) * V, 0.5f); };
  const long long bytes = static_cast<long long>(kText.size() - tok->piece(ids[0]).size());  // all but the first
  const double want = std::log2(double(V)) * double(ids.size() - 1) / double(bytes);
  const BitsPerByteOptions all{.samples = 8, .max_bytes = 0};
  auto gpt = causal_bits_per_byte(uniform, V, 5, ids, *tok, all);
  REQUIRE(gpt);
  CHECK(gpt->tokens == static_cast<long long>(ids.size()) - 1);
  CHECK(gpt->bytes == bytes);
  CHECK(gpt->bits_per_byte == doctest::Approx(want).epsilon(1e-6));  // float log-softmax
  CHECK(gpt->std_error == 0);
  CHECK_FALSE(gpt->upper_bound);
  auto llada = llada_bits_per_byte(uniform, V, V, 7, ids, *tok, all);
  REQUIRE(llada);
  CHECK(llada->upper_bound);
  CHECK(llada->bytes == bytes);
  CHECK(llada->bits_per_byte == doctest::Approx(want).epsilon(1e-6));  // every sample: (n/l)·l·ln V per window
  CHECK(llada->std_error < 1e-9);
  CHECK(llada->windows == int((ids.size() - 1 + 5) / 6));  // 6 scored per window of 7
}

TEST_CASE("with the byte tokenizer, bits per byte is the per-token loss over ln 2, every token scored once") {
  auto tok = byte_tokenizer();
  constexpr int V = 256;
  // A bigram model: the logits of row t depend on token t only, so the windows change nothing.
  auto bigram = [](const int32_t* tokens, int T, float* logits) {
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = float(((tokens[t] * 7 + v * 13) % 17) * 0.3);
  };
  const std::string text = kText.substr(0, 61);
  const std::vector<int32_t> ids = tok->encode(text);
  double nats = 0;
  for (size_t i = 1; i < ids.size(); ++i) {
    std::vector<float> row(V);
    bigram(&ids[i - 1], 1, row.data());
    double z = 0;
    for (float l : row) z += std::exp(double(l));
    nats += std::log(z) - row[ids[i]];
  }
  for (int context : {1, 3, 8, 100}) {
    CAPTURE(context);
    auto b = causal_bits_per_byte(bigram, V, context, ids, *tok, {.max_bytes = 0});
    REQUIRE(b);
    CHECK(b->tokens == 60);
    CHECK(b->bytes == 60);
    CHECK(b->bits_per_byte == doctest::Approx(nats / 60 / std::numbers::ln2).epsilon(1e-6));
  }
  // max_bytes cuts the text: 20 bytes scored.
  auto cut = causal_bits_per_byte(bigram, V, 3, ids, *tok, {.max_bytes = 20});
  REQUIRE(cut);
  CHECK(cut->bytes == 20);
  CHECK(cut->tokens == 20);
}

TEST_CASE("a GPT and a mask predictor reading one joint distribution: LLaDA's bound meets the exact value") {
  // With the true conditionals the bound is tight (every unmasking order factorises the same joint), so
  // its estimate must agree with the GPT's exact −log p within its standard error; a wrong weight or a
  // position scored twice would not.
  auto tok = byte_tokenizer();
  const std::vector<int32_t> x = {2, 0, 2, 1};
  auto exact = causal_bits_per_byte(joint_gpt, kV, kL - 1, x, *tok, {.max_bytes = 0});
  REQUIRE(exact);
  {  // the GPT's value from the joint directly: −log p(x1 x2 x3 | x0) over 3 bytes
    std::vector<char> free = {0, 1, 1, 1}, none(kL, 0);
    const double want = -std::log(marginal(x, none) / marginal(x, free)) / std::numbers::ln2 / 3;
    CHECK(exact->bits_per_byte == doctest::Approx(want).epsilon(1e-6));
  }
  for (Estimator e : {Estimator::Evaluation, Estimator::Training}) {
    CAPTURE(estimator_name(e));
    auto bound = llada_bits_per_byte(joint_llada, kV, kMask, kL, x, *tok,
                                     {.samples = 3000, .seed = 7, .estimator = e, .max_bytes = 0});
    REQUIRE(bound);
    CHECK(bound->windows == 1);
    CHECK(bound->std_error > 0);
    CHECK(std::abs(bound->bits_per_byte - exact->bits_per_byte) < 4 * bound->std_error);
  }
}

TEST_CASE("bits_per_byte picks the model's kind, and short texts and foreign ids are refused with a hint") {
  auto tok = byte_tokenizer();
  auto gpt = Model::create(ModelConfig::gpt(256, 1, 2, 16, 8), 3);
  auto llada = Model::create(ModelConfig::llada(256, 1, 2, 16, 8), 3);
  REQUIRE(gpt);
  REQUIRE(llada);
  const std::vector<int32_t> ids = tok->encode(kText);
  auto g = bits_per_byte(*gpt, ids, *tok, {.max_bytes = 64});
  auto l = bits_per_byte(*llada, ids, *tok, {.samples = 4, .max_bytes = 64});
  REQUIRE(g);
  REQUIRE(l);
  CHECK_FALSE(g->upper_bound);
  CHECK(l->upper_bound);
  CHECK(g->windows == 8);   // 64 tokens scored, 8 a window
  CHECK(l->windows == 10);  // 7 a window
  // Untrained: close to uniform over 256 bytes, 8 bits each.
  CHECK(std::abs(g->bits_per_byte - 8) < 0.5);
  CHECK(std::abs(l->bits_per_byte - 8) < 0.5);
  auto one = bits_per_byte(*gpt, std::vector<int32_t>{65}, *tok);
  REQUIRE_FALSE(one);
  CHECK_FALSE(one.error().hint.empty());
  CHECK_FALSE(bits_per_byte(*gpt, std::vector<int32_t>{65, 300}, *tok));
  CHECK_FALSE(llada_bits_per_byte(joint_llada, kV, kMask, kL, std::vector<int32_t>{0, 1, 2}, *tok, {.samples = 1}));
}
