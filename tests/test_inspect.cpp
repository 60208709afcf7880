// core/inspect: the embedding space (principal directions, a basis that does not flip, singular
// values, effective rank) and seed note 002's reading of the unembedding — each number checked against
// what the model itself computes (its logits, its backward pass) or against finite differences.
#include <doctest/doctest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/inspect/embedding_space.hpp"
#include "core/inspect/unembedding.hpp"
#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"
#include "core/models/model.hpp"
#include "core/nn/ops.hpp"
#include "core/train/tying.hpp"

using namespace llada;

namespace {

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); i++) s += double(a[i]) * b[i];
  return s;
}

// N rows in C = 5 dimensions: 3·z0 along u, 1·z1 along w (u ⟂ w), 0.1 noise elsewhere, offset by m.
std::vector<float> two_direction_rows(int N, std::vector<float>& u, std::vector<float>& w) {
  const int C = 5;
  u = {0.6f, 0.8f, 0, 0, 0};
  w = {0, 0, 0, 1, 0};
  const float m[C] = {5, -2, 1, 0.5f, 3};
  std::vector<float> rows(size_t(N) * C);
  for (int r = 0; r < N; r++) {
    const float a = 3 * normal(7, 1, r), b = normal(7, 2, r);
    for (int c = 0; c < C; c++) rows[size_t(r) * C + c] = m[c] + a * u[c] + b * w[c] + 0.1f * normal(7, 3, size_t(r) * C + c);
  }
  return rows;
}

Model make(const ModelConfig& cfg, uint64_t seed) {
  auto m = Model::create(cfg, seed);
  REQUIRE_MESSAGE(m.has_value(), (m ? "" : m.error().to_string()));
  return std::move(*m);
}

// Larger weights than the init's so every gradient carries signal.
void roughen(Model& m, uint64_t seed) {
  for (const auto& v : m.params().views()) {
    float* p = m.params().data() + v.offset;
    const bool ln_weight = v.name.ends_with("ln1.w") || v.name.ends_with("ln2.w") || v.name == "lnf.w";
    for (size_t i = 0; i < v.size; i++) p[i] = (ln_weight ? 1.0f : 0.0f) + 0.5f * normal(seed, 11, v.offset + i);
  }
}

// One position, cross-entropy with weight 1: forward, P, backward. Returns P (V).
std::vector<float> one_position_step(Model& m, const std::vector<int32_t>& in, int target) {
  const int T = static_cast<int>(in.size()), V = m.vocab();
  auto logits = m.forward(in.data(), 1, T);
  REQUIRE(logits.has_value());
  std::vector<int32_t> targets(T, -1);
  targets[T - 1] = target;
  std::vector<float> w(T, 0.0f), losses(T), dlogits(size_t(T) * V);
  w[T - 1] = 1.0f;
  m.backend().crossentropy_backward(dlogits.data(), *logits, targets.data(), w.data(), T, V);
  std::vector<float> probs(V);
  REQUIRE(softmax(std::span<const float>(*logits + size_t(T - 1) * V, V), 1.0f, probs).has_value());
  m.zero_grad();
  m.backward(dlogits.data());
  return probs;
}

double ce_at(const float* W, const float* b, const std::vector<float>& h, int V, int target) {
  std::vector<float> z = inspect::logits_at(W, b, h, V);
  double mx = z[0], s = 0;
  for (float x : z) mx = std::max(mx, double(x));
  for (float x : z) s += std::exp(x - mx);
  return -(z[target] - mx - std::log(s));
}

}  // namespace

TEST_CASE("pca2 finds the two directions of largest variance, with their variances") {
  std::vector<float> u, w;
  const int N = 4000;
  auto rows = two_direction_rows(N, u, w);
  auto b = inspect::pca2(rows.data(), N, 5);
  REQUIRE(b.has_value());
  CHECK(std::abs(dot(b->dir[0], u)) > 0.999);
  CHECK(std::abs(dot(b->dir[1], w)) > 0.999);
  CHECK(b->variance[0] == doctest::Approx(9.0).epsilon(0.08));
  CHECK(b->variance[1] == doctest::Approx(1.0).epsilon(0.08));
  CHECK(b->total_variance == doctest::Approx(9.0 + 1.0 + 3 * 0.01).epsilon(0.08));
  CHECK(b->mean[0] == doctest::Approx(5.0).epsilon(0.05));
  // Projected points are centred, with the variance of their direction.
  std::vector<float> xy(size_t(N) * 2);
  inspect::project(*b, rows.data(), N, xy.data());
  double mx = 0, vx = 0;
  for (int r = 0; r < N; r++) mx += xy[2 * r];
  for (int r = 0; r < N; r++) vx += double(xy[2 * r]) * xy[2 * r];
  CHECK(std::abs(mx / N) < 1e-3);
  CHECK(vx / N == doctest::Approx(b->variance[0]).epsilon(1e-3));
}

TEST_CASE("pca2 gives the same signs for the same table, and align_basis undoes a flip and a swap") {
  std::vector<float> u, w;
  auto rows = two_direction_rows(500, u, w);
  auto a = inspect::pca2(rows.data(), 500, 5);
  auto b = inspect::pca2(rows.data(), 500, 5);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(dot(a->dir[0], b->dir[0]) > 0.9999);
  inspect::Basis2 turned = *a;
  std::swap(turned.dir[0], turned.dir[1]);
  std::swap(turned.variance[0], turned.variance[1]);
  for (float& x : turned.dir[1]) x = -x;  // what was dir 0, mirrored
  inspect::align_basis(turned, *a);
  CHECK(dot(turned.dir[0], a->dir[0]) == doctest::Approx(1.0));
  CHECK(dot(turned.dir[1], a->dir[1]) == doctest::Approx(1.0));
  CHECK(turned.variance[0] == doctest::Approx(a->variance[0]));
}

TEST_CASE("singular values equal Eigen's SVD of the table; effective rank is C when flat and 1 for rank one") {
  const int N = 40, C = 6;
  std::vector<float> rows(N * C);
  for (int i = 0; i < N * C; i++) rows[i] = normal(3, 4, i) * (1 + i % C);
  auto sv = inspect::singular_values(rows.data(), N, C);
  Eigen::MatrixXf M = Eigen::Map<Eigen::Matrix<float, -1, -1, Eigen::RowMajor>>(rows.data(), N, C);
  Eigen::JacobiSVD<Eigen::MatrixXf> svd(M);
  REQUIRE(sv.size() == size_t(C));
  for (int k = 0; k < C; k++) CHECK(sv[k] == doctest::Approx(svd.singularValues()[k]).epsilon(1e-4));
  const std::vector<double> flat(8, 2.0), one{5.0, 0, 0, 0};
  CHECK(inspect::effective_rank(flat) == doctest::Approx(8.0));
  CHECK(inspect::effective_rank(one) == doctest::Approx(1.0));
  // A plain array, not std::vector<double>{1, 1, 0, 0}: GCC 12.2 (Debian 12.2.0-14) with AVX-512
  // (-march=native here, or -march=x86-64-v4) at -O2/-O3 stores that vector as {1, 1, 1, 1} — one
  // vpbroadcastq of 1.0 over all four doubles; gone with -fno-tree-slp-vectorize or without AVX-512.
  // Not our code: it reproduces with the standard library alone (g++ -O2 -march=x86-64-v4 prints 1, not 0):
  //   struct Lhs { const double& v; };
  //   __attribute__((noinline)) void show(Lhs l) { std::printf("%g\n", l.v); }
  //   static void body() { const std::vector<double> two{1, 1, 0, 0}; show(Lhs{two[2]}); }
  //   void (*volatile fp)() = body;
  //   int main() { fp(); }
  const double two[] = {1, 1, 0, 0};
  CHECK(inspect::effective_rank(two) == doctest::Approx(2.0));
}

TEST_CASE("‖v‖·‖h‖·cos θ + b equals the model's own logits, zero-layer and Transformer") {
  for (int kind = 0; kind < 2; kind++) {
    CAPTURE(kind);
    ModelConfig cfg = kind == 0 ? ModelConfig::zero_layer(50, 8) : ModelConfig::gpt(50, 1, 2, 8, 4);
    Model m = make(cfg, 3);
    roughen(m, 4);
    const std::vector<int32_t> in{3, 17, 9, 41};
    auto logits = m.forward(in.data(), 1, 4);
    REQUIRE(logits.has_value());
    const int pos = 2;
    const auto hd = m.download_hidden(pos, 1);
    REQUIRE(hd.has_value());
    std::span<const float> h(*hd);
    for (int i : {0, 9, 33, 49}) {
      const auto t = inspect::logit_term(m.unembedding(), m.params().get("unembed.b"), h, i);
      CHECK(t.logit() == doctest::Approx((*logits)[pos * 50 + i]).epsilon(1e-5));
      CHECK(std::abs(t.cos) <= 1.0 + 1e-12);
    }
  }
}

TEST_CASE("the unembedding row gradients (P_i − 1[true])·h are exactly what Model::backward accumulates") {
  for (int kind = 0; kind < 2; kind++) {
    CAPTURE(kind);
    const int V = 40, C = 8;
    ModelConfig cfg = kind == 0 ? ModelConfig::zero_layer(V, C) : ModelConfig::gpt(V, 1, 2, C, 4);
    Model m = make(cfg, 5);
    roughen(m, 6);
    const std::vector<int32_t> in{7, 2, 30};
    const int target = 11;
    auto probs = one_position_step(m, in, target);
    const auto hd = m.download_hidden(2, 1);
    REQUIRE(hd.has_value());
    std::span<const float> h(*hd);
    const float* dW = m.grads().get("unembed.w");
    const float* db = m.grads().get("unembed.b");
    std::vector<float> g(C);
    double worst = 0;
    for (int i = 0; i < V; i++) {
      inspect::unembedding_row_gradient(h, probs[i], i == target, g);
      for (int c = 0; c < C; c++) worst = std::max(worst, double(std::abs(g[c] - dW[i * C + c])));
      CHECK(db[i] == doctest::Approx(probs[i] - (i == target ? 1.0 : 0.0)).epsilon(1e-5));
    }
    CHECK(worst < 1e-5);
    // Only the true row moves toward h; every other row moves away (its gradient is +P·h).
    CHECK(dot(std::vector<float>(dW + target * C, dW + target * C + C), std::vector<float>(h.begin(), h.end())) < 0);
  }
}

TEST_CASE("∇_h L = Σ P(w_i)·v_i − v_true matches finite differences and the zero-layer model's embedding gradient") {
  const int V = 30, C = 6, token = 4, target = 19;
  Model m = make(ModelConfig::zero_layer(V, C), 8);
  roughen(m, 9);
  auto probs = one_position_step(m, {token}, target);
  const float* W = m.unembedding();
  const float* b = m.params().get("unembed.b");
  const auto hd = m.download_hidden(0, 1);
  REQUIRE(hd.has_value());
  std::vector<float> h = *hd;
  auto g = inspect::hidden_gradient(W, probs, C, target);
  CHECK(g.loss == doctest::Approx(ce_at(W, b, h, V, target)).epsilon(1e-5));
  for (int c = 0; c < C; c++) {
    CHECK(g.grad[c] == doctest::Approx(g.expected_row[c] - g.true_row[c]));
    const double eps = 1e-3;
    std::vector<float> hp = h, hm = h;
    hp[c] += eps, hm[c] -= eps;
    const double fd = (ce_at(W, b, hp, V, target) - ce_at(W, b, hm, V, target)) / (2 * eps);
    CHECK(g.grad[c] == doctest::Approx(fd).epsilon(2e-3).scale(1e-3));
  }
  // Through the activation, the model's gradient of E[token] is f'(e) ⊙ ∇_h L.
  const float* e = m.params().get("wte") + token * C;
  std::vector<float> chained(C, 0.0f);
  nn::cpu::activation_backward(chained.data(), e, g.grad.data(), C, m.config().activation);
  const float* dE = m.grads().get("wte") + token * C;
  for (int c = 0; c < C; c++) CHECK(dE[c] == doctest::Approx(chained[c]).epsilon(1e-4).scale(1e-5));
  // One step of h down its gradient lowers the loss.
  std::vector<float> moved(C);
  for (int c = 0; c < C; c++) moved[c] = h[c] - 0.1f * g.grad[c];
  CHECK(ce_at(W, b, moved, V, target) < g.loss);
}

TEST_CASE("the one-hot Linear embedding computes the row lookup's numbers") {
  const int V = 37, C = 8;
  ModelConfig look = ModelConfig::zero_layer(V, C), hot = look;
  hot.onehot_embedding = true;
  Model a = make(look, 12), b = make(hot, 12);
  auto Ea = a.download_embedding(), Eb = b.download_embedding();
  REQUIRE(Ea.has_value());
  REQUIRE(Eb.has_value());
  CHECK(*Ea == *Eb);  // same seed, same E, whichever way it is stored
  CHECK(b.embedding() == nullptr);
  const std::vector<int32_t> in{1, 36, 5, 5, 0, 20};
  std::vector<float> pa = one_position_step(a, in, 3), pb = one_position_step(b, in, 3);
  for (int i = 0; i < V; i++) CHECK(pa[i] == doctest::Approx(pb[i]).epsilon(1e-5));
  const float* ga = a.grads().get("wte");
  const float* gb = b.grads().get("wte.onehot");  // (C, V)
  double worst = 0;
  for (int v = 0; v < V; v++)
    for (int c = 0; c < C; c++) worst = std::max(worst, double(std::abs(ga[v * C + c] - gb[c * V + v])));
  CHECK(worst < 1e-6);
  ModelConfig tied = hot;
  tied.tie_weights = true;
  CHECK_FALSE(Model::create(tied, 1).has_value());
}

TEST_CASE("tied vs untied from one seed: the same batches, the tied gap is 0, the untied gap measured") {
  const int V = 24;
  train::TrainConfig cfg;
  cfg.model = ModelConfig::zero_layer(V, 8);
  cfg.objective = train::Objective::Autoregressive;
  cfg.B = 2;
  cfg.T = 6;
  cfg.seed = 3;
  cfg.lr = {.lr_max = 0.02f, .lr_min = 0.02f};
  auto batch = [](uint64_t i, int B, int T, int32_t* in, int32_t* tg) {
    for (int k = 0; k < B * T; k++) in[k] = int32_t((i * 5 + k) % V), tg[k] = int32_t((i * 5 + k + 1) % V);
  };
  auto pts = train::compare_tying(cfg, batch, 30, 10);
  REQUIRE(pts.has_value());
  REQUIRE(pts->size() == 4u);  // steps 1, 10, 20, 30
  CHECK(pts->back().step == 30u);
  CHECK(pts->back().loss_untied < pts->front().loss_untied);
  CHECK(pts->back().loss_tied < pts->front().loss_tied);
  CHECK(pts->front().loss_tied != pts->front().loss_untied);  // different models on the same batch
  // The gap by hand on a fresh untied model: E ~ N(0,1), W ~ U(±1/√8).
  Model m = make(cfg.model, 3);
  auto [d, c] = train::embedding_unembedding_gap(m);
  double diff = 0, norm = 0;
  for (int i = 0; i < V * 8; i++) {
    const double e = m.embedding()[i], w = m.unembedding()[i];
    diff += (e - w) * (e - w), norm += e * e;
  }
  CHECK(d == doctest::Approx(std::sqrt(diff / norm)));
  CHECK(std::abs(c) < 0.3);  // unrelated random rows
  {
    // A row that is zero on one side has no direction: it adds 0 to the mean cosine, not 0/0. Both
    // norms must be positive for a row's cosine to be taken.
    std::vector<float> p(m.params().data(), m.params().data() + m.params().size());
    const size_t w0 = size_t(m.unembedding() - m.params().data());
    double others = 0;
    for (int i = 1; i < V; i++) {
      double ee = 0, ww = 0, ew = 0;
      for (int k = 0; k < 8; k++) {
        const double e = m.embedding()[i * 8 + k], w = m.unembedding()[i * 8 + k];
        ee += e * e, ww += w * w, ew += e * w;
      }
      others += ew / std::sqrt(ee * ww);
    }
    std::fill(p.begin() + std::ptrdiff_t(w0), p.begin() + std::ptrdiff_t(w0 + 8), 0.0f);  // W's row 0
    REQUIRE(m.upload_params(p));
    const double c0 = train::embedding_unembedding_gap(m).second;
    CHECK(std::isfinite(c0));
    CHECK(c0 == doctest::Approx(others / V));
  }
  ModelConfig tied = cfg.model;
  tied.tie_weights = true;
  Model t = make(tied, 3);
  CHECK(train::embedding_unembedding_gap(t).first == 0.0);
  cfg.model = ModelConfig::gpt(V, 1, 1, 8, 6);
  CHECK_FALSE(train::compare_tying(cfg, batch, 2, 1).has_value());
}
