// The models: the seed's shapes, whole-model gradients against finite differences, reproducible
// initialisation, causal vs bidirectional, the [MASK] input id, and the buffer contract.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/math/philox.hpp"
#include "core/models/model.hpp"
#include "tests/grad_check.hpp"

using llada::Model;
using llada::ModelConfig;
using llada::ModelKind;

namespace {

Model make(const ModelConfig& cfg, uint64_t seed) {
  auto m = Model::create(cfg, seed);
  REQUIRE_MESSAGE(m.has_value(), (m ? "" : m.error().to_string()));
  return std::move(*m);
}

std::vector<int32_t> some_tokens(int n, int vocab, uint64_t seed) {
  std::vector<int32_t> t(n);
  for (int i = 0; i < n; i++) t[i] = (int32_t)(llada::uniform01(seed, 9, i) * vocab);
  return t;
}

// Mean next-token cross-entropy: targets are the inputs shifted by one (the seed's AR setup), the
// last position of each row ignored.
double ar_loss(Model& m, const std::vector<int32_t>& tok, int B, int T, std::vector<float>* dlogits = nullptr) {
  auto logits = m.forward(tok.data(), B, T);
  REQUIRE(logits.has_value());
  std::vector<int32_t> targets(B * T);
  std::vector<float> w(B * T, 1.0f / (B * (T - 1))), losses(B * T);
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      const int32_t next = t + 1 < T ? tok[b * T + t + 1] : -1;
      targets[b * T + t] = next < m.vocab() ? next : -1;  // a [MASK] input is never a target
    }
  double L = m.backend().crossentropy_forward(losses.data(), *logits, targets.data(), w.data(), B * T, m.vocab());
  if (dlogits) {
    dlogits->resize((size_t)B * T * m.vocab());
    m.backend().crossentropy_backward(dlogits->data(), *logits, targets.data(), w.data(), B * T, m.vocab());
  }
  return L;
}

// Checks every parameter's gradient of the AR loss against central differences.
gradcheck::Report whole_model_check(Model& m, const std::vector<int32_t>& tok, int B, int T, float eps,
                                    double atol, double rtol) {
  std::vector<float> dlogits;
  m.zero_grad();
  ar_loss(m, tok, B, T, &dlogits);
  m.backward(dlogits.data());
  std::vector<float> analytic(m.grads().data(), m.grads().data() + m.num_params());
  return gradcheck::check([&] { return ar_loss(m, tok, B, T); }, m.params().data(), analytic.data(),
                          m.num_params(), eps, atol, rtol);
}

// GPT-2's init (std 0.02) gives gradients too small for a meaningful finite-difference check;
// redraw every parameter at std 0.3 (LayerNorm weights around 1) so every path carries signal.
void roughen(Model& m, uint64_t seed) {
  for (const auto& v : m.params().views()) {
    float* w = m.params().data() + v.offset;
    const bool ln_weight = v.name.ends_with("ln1.w") || v.name.ends_with("ln2.w") || v.name == "lnf.w";
    for (size_t i = 0; i < v.size; i++)
      w[i] = (ln_weight ? 1.0f : 0.0f) + 0.3f * llada::normal(seed, 11, v.offset + i);
  }
}

}  // namespace

TEST_CASE("the seed's Model1 maps a [5, 8] batch to [5, 8, V] logits with cl100k's V = 100277") {
  // The seed says V = 100,000 loosely; cl100k_base's n_vocab is 100,277 (ranks 0–100255 plus specials).
  const int V = 100277, B = 5, T = 8;
  Model m = make(ModelConfig::zero_layer(V), 1);
  CHECK(m.config().d == 64);
  CHECK(m.config().T == 8);
  CHECK(m.num_params() == (size_t)V * 64 + (size_t)64 * V + V);  // Embedding + Linear weight + bias
  auto tok = some_tokens(B * T, V, 2);
  auto logits = m.forward(tok.data(), B, T);
  REQUIRE(logits.has_value());
  CHECK(m.last_B() == 5);
  CHECK(m.last_T() == 8);
  // An untrained model is close to uniform: its mean loss sits near ln V = 11.5157. PyTorch's init gives
  // logits of std ≈ 0.4, which raises the expected loss by ≈ σ²/2 ≈ 0.08; 0.3 leaves room for that.
  double L = ar_loss(m, tok, B, T);
  CHECK(std::abs(L - std::log((double)V)) < 0.3);
  // Row (4, 7) is the last one: finite and not all equal.
  const float* last = *logits + ((size_t)(4 * T + 7)) * V;
  CHECK(std::isfinite(last[V - 1]));
  CHECK(last[0] != last[1]);
}

TEST_CASE("zero-layer GPT gradients match finite differences (untied, tied, ReLU)") {
  const int V = 11, B = 2, T = 3;
  for (int variant = 0; variant < 3; variant++) {
    CAPTURE(variant);
    ModelConfig cfg = ModelConfig::zero_layer(V, 6);
    cfg.tie_weights = variant == 1;
    if (variant == 2) cfg.activation = llada::nn::Activation::Relu;
    Model m = make(cfg, 3);
    if (variant == 1) roughen(m, 4);  // tied init is N(0,0.02): too flat to check
    // Loss terms are O(1) (ln 11 ≈ 2.4, gradients up to ~0.2); ε = 1e-3 keeps truncation ~1e-6 and
    // rounding of a float softmax of 11 classes ~1e-7/1e-3 = 1e-4 ≪ 2e-3. ReLU: an input within ε of 0
    // would break the check; with N(0,1) embeddings and 6 rows used that is a ~1e-3 chance, and the
    // seed is fixed.
    auto r = whole_model_check(m, some_tokens(B * T, V, 5), B, T, 1e-3f, 2e-3, 1e-2);
    CHECK_MESSAGE(r.ok(), r.str());
  }
}

TEST_CASE("transformer gradients match finite differences, causal GPT and bidirectional LLaDA") {
  const int V = 9, B = 2, T = 4;
  for (bool llada : {false, true}) {
    CAPTURE(llada);
    ModelConfig cfg = llada ? ModelConfig::llada(V, 2, 2, 8, T) : ModelConfig::gpt(V, 2, 2, 8, T);
    cfg.tie_weights = llada;  // tying exercises the shared-gradient path; LLaDA ties E's first V rows
    Model m = make(cfg, 6);
    roughen(m, 7);
    auto tok = some_tokens(B * T, V, 8);
    if (llada) tok[1] = tok[6] = m.mask_id();  // [MASK] inputs take part in the gradient too
    // Two layers of float LayerNorm/attention: rounding in the O(1) loss is ~1e-6, over 2ε = 2e-3 gives
    // ~5e-4 of noise; 2e-3 absolute + 2 % relative covers it, while a wrong term (a missing residual
    // gradient, a transposed weight) is off by ≳ 10 %.
    auto r = whole_model_check(m, tok, B, T, 1e-3f, 2e-3, 2e-2);
    CHECK_MESSAGE(r.ok(), r.str());
  }
}

TEST_CASE("the same seed gives the same weights and the same losses, and another seed differs") {
  for (ModelConfig cfg : {ModelConfig::zero_layer(50, 8), ModelConfig::llada(50, 1, 2, 8, 6)}) {
    Model a = make(cfg, 42), b = make(cfg, 42), c = make(cfg, 43);
    REQUIRE(a.num_params() == b.num_params());
    CHECK(std::equal(a.params().data(), a.params().data() + a.num_params(), b.params().data()));
    CHECK_FALSE(std::equal(a.params().data(), a.params().data() + a.num_params(), c.params().data()));
    auto tok = some_tokens(12, 50, 1);
    CHECK(ar_loss(a, tok, 2, 6) == ar_loss(b, tok, 2, 6));
    CHECK(ar_loss(a, tok, 2, 6) != ar_loss(c, tok, 2, 6));
    // Re-initialising with the same seed restores the same weights after they changed.
    a.params().data()[0] += 1.0f;
    a.init_weights(42);
    CHECK(std::equal(a.params().data(), a.params().data() + a.num_params(), b.params().data()));
  }
}

TEST_CASE("weights come from the Philox init stream: the first embedding value is normal(seed, init, 0)") {
  // Pins the reproducibility contract (model.hpp): tensor k, element i ← (seed, stream::init, k<<40 | i).
  Model m = make(ModelConfig::zero_layer(20, 4), 9);
  CHECK(m.params().get("wte")[0] == llada::normal(9, llada::stream::init, 0));
  CHECK(m.params().get("wte")[5] == llada::normal(9, llada::stream::init, 5));
}

TEST_CASE("GPT-2 initialisation: std 0.02, residual projections scaled by 1/sqrt(2 n_layer), LayerNorm 1 and 0") {
  const int L = 4, d = 64;
  Model m = make(ModelConfig::gpt(500, L, 4, d, 16), 10);
  auto stddev = [&](const char* name) {
    const auto* v = m.params().find(name);
    const float* w = m.params().data() + v->offset;
    double s = 0;
    for (size_t i = 0; i < v->size; i++) s += (double)w[i] * w[i];
    return std::sqrt(s / v->size);
  };
  // 16k–32k samples: the sample std is within ~1 % of the true one; 5 % is a safe bound.
  CHECK(stddev("wte") == doctest::Approx(0.02).epsilon(0.05));
  CHECK(stddev("h1.attn.qkv.w") == doctest::Approx(0.02).epsilon(0.05));
  CHECK(stddev("h2.mlp.proj.w") == doctest::Approx(0.02 / std::sqrt(2.0 * L)).epsilon(0.05));
  CHECK(stddev("h0.attn.proj.w") == doctest::Approx(0.02 / std::sqrt(2.0 * L)).epsilon(0.05));
  CHECK(m.params().get("h3.ln2.w")[7] == 1.0f);
  CHECK(m.params().get("h3.ln2.b")[7] == 0.0f);
  CHECK(m.params().get("h0.mlp.fc.b")[0] == 0.0f);
}

TEST_CASE("a causal model's earlier logits ignore later tokens but a bidirectional one's do not") {
  const int V = 30, T = 6;
  for (bool causal : {true, false}) {
    CAPTURE(causal);
    ModelConfig cfg = ModelConfig::gpt(V, 2, 2, 16, T);
    cfg.causal = causal;
    Model m = make(cfg, 11);
    roughen(m, 12);
    auto tok = some_tokens(T, V, 13);
    const float* z = *m.forward(tok.data(), 1, T);
    std::vector<float> before(z, z + T * V);
    tok[T - 1] = (tok[T - 1] + 1) % V;
    z = *m.forward(tok.data(), 1, T);
    std::vector<float> after(z, z + T * V);
    bool earlier_changed = false;
    for (int i = 0; i < (T - 1) * V; i++) earlier_changed |= before[i] != after[i];
    CHECK(earlier_changed == !causal);
  }
}

TEST_CASE("LLaDA takes [MASK] = V as an input id but has exactly V output classes") {
  const int V = 40;
  Model m = make(ModelConfig::llada(V, 1, 2, 8, 5), 14);
  CHECK(m.mask_id() == V);
  CHECK(m.input_vocab() == V + 1);
  CHECK(m.vocab() == V);
  CHECK(m.params().find("wte")->shape == std::vector<int>{V + 1, 8});
  CHECK(m.params().find("unembed.b")->shape == std::vector<int>{V});  // no column for [MASK]
  std::vector<int32_t> tok = {3, V, V, 7, V};
  CHECK(m.forward(tok.data(), 1, 5).has_value());
  tok[0] = V + 1;
  auto bad = m.forward(tok.data(), 1, 5);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().what.find("outside") != std::string::npos);
  // A GPT has no [MASK]: id V is out of range there.
  Model g = make(ModelConfig::gpt(V, 1, 2, 8, 5), 14);
  CHECK(g.mask_id() == -1);
  std::vector<int32_t> gt = {3, V, 1, 2, 0};
  CHECK_FALSE(g.forward(gt.data(), 1, 5).has_value());
}

TEST_CASE("weight tying makes the unembedding the embedding table and saves V·d parameters") {
  ModelConfig cfg = ModelConfig::zero_layer(100, 16);
  Model untied = make(cfg, 1);
  cfg.tie_weights = true;
  Model tied = make(cfg, 1);
  CHECK(tied.unembedding() == tied.embedding());
  CHECK(untied.unembedding() != untied.embedding());
  CHECK(untied.num_params() - tied.num_params() == 100u * 16u);
  CHECK(tied.params().find("unembed.b") != nullptr);  // the bias stays
}

TEST_CASE("bad configurations and shapes are errors with hints, not crashes") {
  CHECK_FALSE(Model::create(ModelConfig::zero_layer(0), 1).has_value());
  auto r = Model::create(ModelConfig::gpt(100, 2, 3, 64, 8), 1);  // 64 % 3 != 0
  REQUIRE_FALSE(r.has_value());
  CHECK_FALSE(r.error().hint.empty());
  Model m = make(ModelConfig::gpt(100, 1, 2, 8, 4), 1);
  std::vector<int32_t> tok(5, 1);
  auto longer = m.forward(tok.data(), 1, 5);  // T = 5 > context 4
  REQUIRE_FALSE(longer.has_value());
  CHECK(longer.error().hint.find("at most") != std::string::npos);
  // The zero-layer GPT has no positions: any length works, as in the seed's generate().
  Model z = make(ModelConfig::zero_layer(100, 8), 1);
  std::vector<int32_t> many(20, 1);
  CHECK(z.forward(many.data(), 1, 20).has_value());
}

TEST_CASE("after reserve, forward and backward of that size keep their buffers (no allocation)") {
  Model m = make(ModelConfig::llada(60, 2, 2, 16, 8), 15);
  REQUIRE(m.reserve(4, 8).has_value());
  const float* logits_before = m.logits();
  auto tok = some_tokens(32, 60, 16);
  std::vector<float> dlogits;
  ar_loss(m, tok, 4, 8, &dlogits);
  m.backward(dlogits.data());
  ar_loss(m, tok, 2, 5);  // smaller shapes fit too
  CHECK(m.logits() == logits_before);
}

TEST_CASE("a copied model is independent and computes the same logits") {
  Model a = make(ModelConfig::gpt(40, 1, 2, 8, 6), 17);
  auto tok = some_tokens(12, 40, 18);
  const double La = ar_loss(a, tok, 2, 6);
  Model b = a;  // copies weights and re-points the activation buffers at its own memory
  CHECK(ar_loss(b, tok, 2, 6) == La);
  b.params().get("lnf.b")[0] += 0.5f;
  CHECK(ar_loss(b, tok, 2, 6) != La);
  CHECK(ar_loss(a, tok, 2, 6) == La);
}

TEST_CASE("backward in place on the logits buffer gives the same gradients as a separate dlogits") {
  Model m = make(ModelConfig::zero_layer(30, 8), 19);
  auto tok = some_tokens(10, 30, 20);
  std::vector<float> dlogits;
  m.zero_grad();
  ar_loss(m, tok, 2, 5, &dlogits);
  m.backward(dlogits.data());
  std::vector<float> g1(m.grads().data(), m.grads().data() + m.num_params());
  m.zero_grad();
  ar_loss(m, tok, 2, 5);
  std::vector<int32_t> targets(10);
  std::vector<float> w(10, 1.0f / 8);
  for (int b = 0; b < 2; b++)
    for (int t = 0; t < 5; t++) targets[b * 5 + t] = t + 1 < 5 ? tok[b * 5 + t + 1] : -1;
  m.backend().crossentropy_backward(m.mutable_logits(), m.logits(), targets.data(), w.data(), 10, 30);
  m.backward(m.logits());
  std::vector<float> g2(m.grads().data(), m.grads().data() + m.num_params());
  // Not bit-exact: the two dlogits buffers differ in alignment, and Eigen's vectorised GEMM rounds the
  // unaligned head differently. A wrong in-place backward is off by O(1) relative, far above 1e-5.
  REQUIRE(g1.size() == g2.size());
  float worst = 0;
  for (size_t i = 0; i < g1.size(); ++i)
    worst = std::max(worst, std::abs(g1[i] - g2[i]) / (1e-6f + std::abs(g1[i])));
  CHECK(worst < 1e-5f);
}
