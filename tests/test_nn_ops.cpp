// The CPU reference ops: values against hand-computed numbers, and every backward against central
// finite differences of its forward (tests/grad_check.hpp explains the error budget).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/nn/backend.hpp"
#include "core/nn/ops.hpp"
#include "core/nn/param_buffer.hpp"
#include "tests/grad_check.hpp"

using namespace llada::nn;
using gradcheck::randn;

namespace {
// Tolerances for ops whose terms are O(1): with ε = 1e-3 the central-difference error is ≲ 3e-4
// (float rounding of an O(1) forward, ~1e-7·√terms, over 2ε, plus ε² truncation); 2e-3 absolute and 1 %
// relative leave margin for that, while a wrong formula is off by O(0.1) or more.
constexpr float kEps = 1e-3f;
constexpr double kAtol = 2e-3, kRtol = 1e-2;
}  // namespace

TEST_CASE("the gradient checker flags a gradient that is 5 % off") {
  // L = Σ x_i², so dL/dx = 2x; hand the checker 2.1x instead.
  std::vector<float> x = randn(8, 1);
  std::vector<float> wrong(8);
  for (int i = 0; i < 8; i++) wrong[i] = 2.1f * x[i];
  auto loss = [&] { double s = 0; for (float v : x) s += (double)v * v; return s; };
  CHECK_FALSE(gradcheck::check(loss, x.data(), wrong.data(), 8, kEps, kAtol, kRtol).ok());
  for (int i = 0; i < 8; i++) wrong[i] = 2.0f * x[i];
  CHECK(gradcheck::check(loss, x.data(), wrong.data(), 8, kEps, kAtol, kRtol).ok());
}

TEST_CASE("embedding adds the token row and the position row, and its gradient accumulates repeated tokens") {
  const int B = 2, T = 3, C = 4, Vin = 5;
  std::vector<int32_t> tok = {1, 4, 1, 0, 1, 3};  // token 1 three times: its row must collect three gradients
  std::vector<float> wte = randn(Vin * C, 2), wpe = randn(T * C, 3), out(B * T * C);
  cpu::encoder_forward(out.data(), tok.data(), wte.data(), wpe.data(), B, T, C);
  CHECK(out[(1 * T + 2) * C + 1] == doctest::Approx(wte[3 * C + 1] + wpe[2 * C + 1]));
  cpu::encoder_forward(out.data(), tok.data(), wte.data(), nullptr, B, T, C);
  CHECK(out[(1 * T + 2) * C + 1] == wte[3 * C + 1]);  // no position table: the row itself

  std::vector<float> R = randn(B * T * C, 4), dwte(Vin * C, 0.0f), dwpe(T * C, 0.0f);
  cpu::encoder_backward(dwte.data(), dwpe.data(), R.data(), tok.data(), B, T, C);
  auto loss = [&] {
    cpu::encoder_forward(out.data(), tok.data(), wte.data(), wpe.data(), B, T, C);
    return gradcheck::dot(out.data(), R);
  };
  auto r1 = gradcheck::check(loss, wte.data(), dwte.data(), wte.size(), kEps, kAtol, kRtol);
  auto r2 = gradcheck::check(loss, wpe.data(), dwpe.data(), wpe.size(), kEps, kAtol, kRtol);
  CHECK_MESSAGE(r1.ok(), r1.str());
  CHECK_MESSAGE(r2.ok(), r2.str());
  // Row 2 is never used: no gradient at all (the sparse update of nn.Embedding).
  for (int c = 0; c < C; c++) CHECK(dwte[2 * C + c] == 0.0f);
}

TEST_CASE("linear computes inp·Wᵀ + b and its three gradients match finite differences") {
  const int BT = 3, C = 4, OC = 5;
  std::vector<float> x = randn(BT * C, 5), W = randn(OC * C, 6), b = randn(OC, 7), out(BT * OC);
  cpu::matmul_forward(out.data(), x.data(), W.data(), b.data(), BT, C, OC);
  double ref = b[2];
  for (int c = 0; c < C; c++) ref += (double)x[1 * C + c] * W[2 * C + c];
  CHECK(out[1 * OC + 2] == doctest::Approx(ref).epsilon(1e-5));

  std::vector<float> R = randn(BT * OC, 8), dx(BT * C, 0.0f), dW(OC * C, 0.0f), db(OC, 0.0f);
  cpu::matmul_backward(dx.data(), dW.data(), db.data(), R.data(), x.data(), W.data(), BT, C, OC);
  auto loss = [&] {
    cpu::matmul_forward(out.data(), x.data(), W.data(), b.data(), BT, C, OC);
    return gradcheck::dot(out.data(), R);
  };
  for (auto [p, g, n] : {std::tuple{x.data(), dx.data(), x.size()}, std::tuple{W.data(), dW.data(), W.size()},
                         std::tuple{b.data(), db.data(), b.size()}}) {
    auto r = gradcheck::check(loss, p, g, n, kEps, kAtol, kRtol);
    CHECK_MESSAGE(r.ok(), r.str());
  }
}

TEST_CASE("the logits-sized GEMM (Eigen's blocked path) agrees with a plain loop, forward and backward") {
  // Large enough that Eigen switches to its packed, vectorised kernels: a different code path from the
  // tiny shapes above.
  const int BT = 40, C = 64, OC = 3001;
  std::vector<float> x = randn(BT * C, 9), W = randn(OC * C, 10, 0.1f), b = randn(OC, 11), out(BT * OC);
  cpu::matmul_forward(out.data(), x.data(), W.data(), b.data(), BT, C, OC);
  std::vector<float> dy = randn(BT * OC, 12), dx(BT * C, 0.0f), dW(OC * C, 0.0f), db(OC, 0.0f);
  cpu::matmul_backward(dx.data(), dW.data(), db.data(), dy.data(), x.data(), W.data(), BT, C, OC);
  double worst = 0.0;
  for (int i = 0; i < BT; i += 7)
    for (int o = 0; o < OC; o += 13) {
      double ref = b[o];
      for (int c = 0; c < C; c++) ref += (double)x[i * C + c] * W[o * C + c];
      worst = std::max(worst, std::abs(ref - out[i * OC + o]));
    }
  CHECK(worst < 1e-4);  // 64 products of O(0.1) terms: float error ~1e-6
  worst = 0.0;
  for (int o = 0; o < OC; o += 37)
    for (int c = 0; c < C; c += 5) {
      double ref = 0.0;
      for (int i = 0; i < BT; i++) ref += (double)dy[i * OC + o] * x[i * C + c];
      worst = std::max(worst, std::abs(ref - dW[o * C + c]));
    }
  CHECK(worst < 1e-4);
  worst = 0.0;
  for (int i = 0; i < BT; i += 3)
    for (int c = 0; c < C; c += 3) {
      double ref = 0.0;
      for (int o = 0; o < OC; o++) ref += (double)dy[i * OC + o] * W[o * C + c];
      worst = std::max(worst, std::abs(ref - dx[i * C + c]));
    }
  CHECK(worst < 1e-3);  // 3001 products of O(0.1): float error ~1e-5
}

TEST_CASE("the wide weight and bias gradients (transposed slabs, OC >= 4096) accumulate at every edge") {
  // matmul_backward transposes dout slab by slab for OC >= 4096 (ops.cpp) and sums the bias gradient
  // from the slabs. BT = 37 leaves rows outside the 8×8 register transposes, OC = 5003 a last slab
  // narrower than the others and not a multiple of 8; BT = 128 is the LLaDA benchmark's shape. dW and
  // db start non-zero: the op must add, not overwrite.
  for (int BT : {37, 128}) {
    CAPTURE(BT);
    const int C = 24, OC = 5003;
    std::vector<float> x = randn(BT * C, 21), dy = randn(BT * OC, 22), dW0 = randn(OC * C, 23);
    std::vector<float> dW = dW0, W = randn(OC * C, 24), db0 = randn(OC, 25);
    std::vector<float> db = db0;
    cpu::matmul_backward(nullptr, dW.data(), db.data(), dy.data(), x.data(), W.data(), BT, C, OC);
    double worst = 0.0;
    for (int o = 0; o < OC; o++)
      for (int c = 0; c < C; c++) {
        double ref = dW0[o * C + c];
        for (int i = 0; i < BT; i++) ref += (double)dy[i * OC + o] * x[i * C + c];
        worst = std::max(worst, std::abs(ref - dW[o * C + c]));
      }
    CHECK(worst < 1e-4);  // ≤ 128 products of O(1) terms in float: error ~1e-6; a lost or misplaced term is O(1)
    worst = 0.0;
    for (int o = 0; o < OC; o++) {
      double ref = db0[o];
      for (int i = 0; i < BT; i++) ref += dy[i * OC + o];
      worst = std::max(worst, std::abs(ref - db[o]));
    }
    CHECK(worst < 1e-4);
  }
}

TEST_CASE("GELU is the exact erf form by default, the tanh form on request, and ReLU clips at 0") {
  float x[3] = {1.0f, -1.0f, 2.0f}, y[3];
  cpu::activation_forward(y, x, 3, Activation::Gelu);
  CHECK(y[0] == doctest::Approx(0.8413447).epsilon(1e-6));  // torch.nn.GELU()(1.0)
  CHECK(y[1] == doctest::Approx(-0.1586553).epsilon(1e-5));
  CHECK(y[2] == doctest::Approx(1.9544997).epsilon(1e-6));
  cpu::activation_forward(y, x, 3, Activation::GeluTanh);
  CHECK(y[0] == doctest::Approx(0.8411920).epsilon(1e-6));  // torch.nn.GELU(approximate='tanh')(1.0)
  CHECK(y[1] == doctest::Approx(-0.1588080).epsilon(1e-5));
  cpu::activation_forward(y, x, 3, Activation::Relu);
  CHECK(y[0] == 1.0f);
  CHECK(y[1] == 0.0f);
}

TEST_CASE("each activation's gradient matches finite differences") {
  const int N = 24;
  for (Activation act : {Activation::Gelu, Activation::GeluTanh, Activation::Relu}) {
    CAPTURE((int)act);
    std::vector<float> x = randn(N, 13, 2.0f), y(N), R = randn(N, 14), dx(N, 0.0f);
    // ReLU has a kink at 0: keep every input at least 0.05 away so the ±ε difference never straddles it.
    for (float& v : x) if (std::abs(v) < 0.05f) v = v < 0 ? -0.05f : 0.05f;
    cpu::activation_backward(dx.data(), x.data(), R.data(), N, act);
    auto loss = [&] { cpu::activation_forward(y.data(), x.data(), N, act); return gradcheck::dot(y.data(), R); };
    auto r = gradcheck::check(loss, x.data(), dx.data(), N, kEps, kAtol, kRtol);
    CHECK_MESSAGE(r.ok(), r.str());
  }
}

TEST_CASE("LayerNorm normalises each position and its gradients match finite differences") {
  const int BT = 3, C = 6;
  std::vector<float> x = randn(BT * C, 15, 2.0f), w = randn(C, 16), b = randn(C, 17);
  std::vector<float> out(BT * C), mean(BT), rstd(BT);
  std::vector<float> ones(C, 1.0f), zeros(C, 0.0f);
  cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), ones.data(), zeros.data(), BT, C);
  for (int i = 0; i < BT; i++) {
    double m = 0, v = 0;
    for (int c = 0; c < C; c++) m += out[i * C + c];
    for (int c = 0; c < C; c++) v += (double)out[i * C + c] * out[i * C + c];
    CHECK(m / C == doctest::Approx(0.0).epsilon(1e-5));
    CHECK(v / C == doctest::Approx(1.0).epsilon(1e-4));  // ε = 1e-5 in the variance: ≈ 1 − 1e-5/σ²
  }
  std::vector<float> R = randn(BT * C, 18), dx(BT * C, 0.0f), dw(C, 0.0f), db(C, 0.0f);
  cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
  cpu::layernorm_backward(dx.data(), dw.data(), db.data(), R.data(), x.data(), w.data(), mean.data(), rstd.data(),
                          BT, C);
  auto loss = [&] {
    cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
    return gradcheck::dot(out.data(), R);
  };
  for (auto [p, g, n] : {std::tuple{x.data(), dx.data(), x.size()}, std::tuple{w.data(), dw.data(), w.size()},
                         std::tuple{b.data(), db.data(), b.size()}}) {
    auto r = gradcheck::check(loss, p, g, n, kEps, kAtol, kRtol);
    CHECK_MESSAGE(r.ok(), r.str());
  }
}

TEST_CASE("attention gradients match finite differences, causal and bidirectional") {
  const int B = 2, T = 4, C = 6, NH = 2;
  for (bool causal : {true, false}) {
    CAPTURE(causal);
    std::vector<float> qkv = randn(B * T * 3 * C, 19), out(B * T * C), att(B * NH * T * T);
    std::vector<float> R = randn(B * T * C, 20), dqkv(qkv.size(), 0.0f), datt(att.size());
    cpu::attention_forward(out.data(), att.data(), qkv.data(), B, T, C, NH, causal);
    cpu::attention_backward(dqkv.data(), datt.data(), R.data(), qkv.data(), att.data(), B, T, C, NH, causal);
    auto loss = [&] {
      cpu::attention_forward(out.data(), att.data(), qkv.data(), B, T, C, NH, causal);
      return gradcheck::dot(out.data(), R);
    };
    auto r = gradcheck::check(loss, qkv.data(), dqkv.data(), qkv.size(), kEps, kAtol, kRtol);
    CHECK_MESSAGE(r.ok(), r.str());
  }
}

TEST_CASE("causal attention ignores the future, bidirectional attention sees it, rows sum to 1") {
  const int B = 1, T = 5, C = 4, NH = 2;
  std::vector<float> qkv = randn(B * T * 3 * C, 21), out(T * C), out2(T * C), att(NH * T * T);
  for (bool causal : {true, false}) {
    CAPTURE(causal);
    cpu::attention_forward(out.data(), att.data(), qkv.data(), B, T, C, NH, causal);
    for (int h = 0; h < NH; h++)
      for (int t = 0; t < T; t++) {
        double s = 0;
        for (int t2 = 0; t2 < T; t2++) s += att[(h * T + t) * T + t2];
        CHECK(s == doctest::Approx(1.0).epsilon(1e-6));
        if (causal) CHECK(att[(h * T + t) * T + T - 1] == (t == T - 1 ? att[(h * T + t) * T + T - 1] : 0.0f));
      }
    std::vector<float> changed = qkv;
    for (int c = C; c < 3 * C; c++) changed[(T - 1) * 3 * C + c] += 1.0f;  // the last position's k and v
    cpu::attention_forward(out2.data(), att.data(), changed.data(), B, T, C, NH, causal);
    bool earlier_changed = false;
    for (int i = 0; i < (T - 1) * C; i++) earlier_changed |= out[i] != out2[i];
    CHECK(earlier_changed == !causal);
  }
}

TEST_CASE("causal attention writes exact zeros above the diagonal of att and datt, whatever they held") {
  // att is kept for the backward pass and shown as the attention map; datt is scratch. Both are
  // reused from step to step, so every masked entry, the first one past the diagonal included,
  // is written, not left as it was: here both start as NaN.
  const int B = 1, T = 6, C = 4, NH = 2;
  const std::vector<float> qkv = randn(B * T * 3 * C, 23), dout = randn(B * T * C, 24);
  std::vector<float> out(T * C), dinp(qkv.size(), 0.0f);
  std::vector<float> att(NH * T * T, NAN), datt(NH * T * T, NAN);
  cpu::attention_forward(out.data(), att.data(), qkv.data(), B, T, C, NH, true);
  cpu::attention_backward(dinp.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, C, NH, true);
  for (int h = 0; h < NH; h++)
    for (int t = 0; t < T; t++)
      for (int t2 = 0; t2 < T; t2++) {
        CAPTURE(h);
        CAPTURE(t);
        CAPTURE(t2);
        const size_t i = (size_t(h) * T + t) * T + t2;
        if (t2 > t) {
          CHECK(att[i] == 0.0f);
          CHECK(datt[i] == 0.0f);
        } else {
          CHECK(std::isfinite(att[i]));
          CHECK(std::isfinite(datt[i]));
        }
      }
  CHECK(std::all_of(dinp.begin(), dinp.end(), [](float x) { return std::isfinite(x); }));
}

TEST_CASE("residual adds and passes its gradient to both inputs") {
  const int N = 7;
  std::vector<float> a = randn(N, 22), b = randn(N, 23), out(N), R = randn(N, 24), da(N, 0.0f), db(N, 0.0f);
  cpu::residual_forward(out.data(), a.data(), b.data(), N);
  CHECK(out[3] == a[3] + b[3]);
  cpu::residual_backward(da.data(), db.data(), R.data(), N);
  auto loss = [&] { cpu::residual_forward(out.data(), a.data(), b.data(), N); return gradcheck::dot(out.data(), R); };
  auto r1 = gradcheck::check(loss, a.data(), da.data(), N, kEps, kAtol, kRtol);
  auto r2 = gradcheck::check(loss, b.data(), db.data(), N, kEps, kAtol, kRtol);
  CHECK_MESSAGE(r1.ok(), r1.str());
  CHECK_MESSAGE(r2.ok(), r2.str());
}

TEST_CASE("weighted cross-entropy reproduces the seed's LLaDA loss example: 1.155") {
  // L = 5, t = 0.4, positions 2 and 3 masked, the model gives the right tokens p = 0.7 and 0.9:
  // −(1/0.4)(ln 0.7 + ln 0.9) = 1.1550. Two classes per position: logits (ln p, ln(1−p)).
  const int BT = 5, V = 2;
  std::vector<float> logits(BT * V, 0.0f);
  logits[2 * V + 0] = std::log(0.7f), logits[2 * V + 1] = std::log(0.3f);
  logits[3 * V + 0] = std::log(0.9f), logits[3 * V + 1] = std::log(0.1f);
  std::vector<int32_t> targets = {1, 1, 0, 0, 1};
  std::vector<float> w = {0, 0, 1 / 0.4f, 1 / 0.4f, 0}, losses(BT);
  double total = cpu::crossentropy_forward(losses.data(), logits.data(), targets.data(), w.data(), BT, V);
  CHECK(total == doctest::Approx(1.1550).epsilon(1e-4));
  CHECK(losses[2] == doctest::Approx(-std::log(0.7)).epsilon(1e-6));
  CHECK(losses[0] == doctest::Approx(std::log(2.0)).epsilon(1e-6));  // unweighted losses for every row
}

TEST_CASE("cross-entropy of uniform logits is ln V, ignored rows cost nothing, and weights scale") {
  const int BT = 3, V = 50257;
  std::vector<float> logits(BT * V, 0.25f), losses(BT);
  std::vector<int32_t> targets = {5, -1, 50256};
  double total = cpu::crossentropy_forward(losses.data(), logits.data(), targets.data(), nullptr, BT, V);
  CHECK(losses[0] == doctest::Approx(10.8249).epsilon(1e-5));  // ln 50257
  CHECK(losses[1] == 0.0f);
  CHECK(total == doctest::Approx(2 * std::log(50257.0)).epsilon(1e-6));
  std::vector<float> w = {0.5f, 3.0f, 0.25f};
  total = cpu::crossentropy_forward(losses.data(), logits.data(), targets.data(), w.data(), BT, V);
  CHECK(total == doctest::Approx(0.75 * std::log(50257.0)).epsilon(1e-6));
}

TEST_CASE("cross-entropy gradient matches finite differences of the weighted objective, also in place") {
  const int BT = 4, V = 7;
  std::vector<float> z = randn(BT * V, 25, 2.0f), losses(BT), dz(BT * V);
  std::vector<int32_t> targets = {3, 0, -1, 6};
  std::vector<float> w = {0.7f, 0.0f, 1.0f, 2.5f};  // a zero weight and an ignored row: both give 0 gradient
  cpu::crossentropy_backward(dz.data(), z.data(), targets.data(), w.data(), BT, V);
  auto loss = [&] { return cpu::crossentropy_forward(losses.data(), z.data(), targets.data(), w.data(), BT, V); };
  auto r = gradcheck::check(loss, z.data(), dz.data(), z.size(), kEps, kAtol, kRtol);
  CHECK_MESSAGE(r.ok(), r.str());
  for (int j = 0; j < V; j++) {
    CHECK(dz[1 * V + j] == 0.0f);
    CHECK(dz[2 * V + j] == 0.0f);
  }
  std::vector<float> inplace = z;
  cpu::crossentropy_backward(inplace.data(), inplace.data(), targets.data(), w.data(), BT, V);
  for (int i = 0; i < BT * V; i++) CHECK(inplace[i] == dz[i]);
}

TEST_CASE("the CPU backend routes every op to the reference implementation") {
  const Backend& be = cpu_backend();
  CHECK(std::string(be.name()) == "cpu");
  const int BT = 2, C = 3, OC = 4;
  std::vector<float> x = randn(BT * C, 26), W = randn(OC * C, 27), b = randn(OC, 28), o1(BT * OC), o2(BT * OC);
  be.matmul_forward(o1.data(), x.data(), W.data(), b.data(), BT, C, OC);
  cpu::matmul_forward(o2.data(), x.data(), W.data(), b.data(), BT, C, OC);
  CHECK(o1 == o2);
}

TEST_CASE("the CPU thread count is a setting that Eigen obeys, one thread by default") {
  (void)cpu_backend();
  CHECK(cpu_threads() == 1);
  set_cpu_threads(2);
  CHECK(cpu_threads() == 2);  // fails when the build lost OpenMP: the setting would silently do nothing
  set_cpu_threads(1);
  CHECK(cpu_threads() == 1);
}

TEST_CASE("a ParamBuffer packs named tensors into one allocation, and zeros_like copies the layout") {
  ParamBuffer p({{"a", {2, 3}}, {"b", {4}}});
  CHECK(p.size() == 10);
  CHECK(p.get("b") == p.data() + 6);
  CHECK(p.find("a")->shape == std::vector<int>{2, 3});
  CHECK(p.get("missing") == nullptr);
  p.get("b")[1] = 5.0f;
  ParamBuffer g = ParamBuffer::zeros_like(p);
  CHECK(g.same_layout(p));
  CHECK(g.get("b")[1] == 0.0f);
  ParamBuffer copy = p;
  CHECK(copy.get("b")[1] == 5.0f);
  CHECK(copy.data() != p.data());
  CHECK_FALSE(ParamBuffer({{"a", {2, 3}}}).same_layout(p));
}

TEST_CASE("non-finite logits give a non-finite loss, so the trainer can detect divergence") {
  const int V = 5;
  for (float bad : {NAN, INFINITY, -INFINITY}) {
    CAPTURE(bad);
    std::vector<float> z = {0.1f, 0.2f, bad, 0.3f, 0.4f}, losses(1);
    std::vector<int32_t> target = {1};
    double L = cpu::crossentropy_forward(losses.data(), z.data(), target.data(), nullptr, 1, V);
    // −∞ is the one harmless case: a class with zero probability, the loss stays finite.
    if (bad == -INFINITY) CHECK(std::isfinite(L));
    else CHECK_FALSE(std::isfinite(L));
  }
}

namespace {
// Runs `backward` on gradient buffers that start at zero (→ D) and again on buffers that start at G
// (→ R) and checks R = G + D for every buffer: the op adds to its gradients, as backend.hpp promises.
// An op (or one path of it) that overwrote would give R = D.
void check_accumulates(const char* what, std::vector<std::vector<float>*> grads,
                       const std::function<void()>& backward) {
  CAPTURE(what);
  std::vector<std::vector<float>> start, once;
  for (size_t i = 0; i < grads.size(); ++i) {
    start.push_back(randn(grads[i]->size(), 900 + i));
    std::fill(grads[i]->begin(), grads[i]->end(), 0.0f);
  }
  backward();
  for (auto* g : grads) once.push_back(*g);
  for (size_t i = 0; i < grads.size(); ++i) *grads[i] = start[i];
  backward();
  for (size_t i = 0; i < grads.size(); ++i) {
    CAPTURE(i);
    double worst = 0, largest = 0;
    for (size_t k = 0; k < grads[i]->size(); ++k) {
      worst = std::max(worst, std::abs(double((*grads[i])[k]) - (double(start[i][k]) + once[i][k])));
      largest = std::max(largest, std::abs(double(once[i][k])));
    }
    CHECK(largest > 0);       // the op did write something here
    CHECK(worst < 1e-4 * (1 + largest));
  }
}
}  // namespace

TEST_CASE("every backward op adds to its gradients on every path: small and wide matmuls, all activations, attention") {
  const int B = 2, T = 5, C = 8, NH = 2, BT = B * T;
  std::vector<float> x = randn(BT * C, 1), dy = randn(BT * C, 2);
  SUBCASE("encoder (token and position tables)") {
    std::vector<int32_t> tok = {0, 1, 2, 1, 0, 3, 3, 2, 1, 0};
    std::vector<float> dwte(4 * C), dwpe(T * C);
    check_accumulates("encoder", {&dwte, &dwpe},
                      [&] { cpu::encoder_backward(dwte.data(), dwpe.data(), dy.data(), tok.data(), B, T, C); });
  }
  SUBCASE("matmul: the small path, the wide slab path, the wide path too tall for slabs, and bias only") {
    struct Shape { const char* name; int BT, C, OC; bool dweight; };
    for (Shape s : {Shape{"small", BT, C, 12, true}, Shape{"wide slabs", 37, 4, 4099, true},
                    Shape{"wide, too tall for a slab", 600, 2, 4096, true}, Shape{"wide, no weight gradient", 9, 3, 4100, false}}) {
      std::vector<float> in = randn(size_t(s.BT) * s.C, 3), W = randn(size_t(s.OC) * s.C, 4),
                         d = randn(size_t(s.BT) * s.OC, 5);
      std::vector<float> dinp(size_t(s.BT) * s.C), dW(size_t(s.OC) * s.C), db(s.OC);
      std::vector<std::vector<float>*> gs = {&dinp, &db};
      if (s.dweight) gs.push_back(&dW);
      check_accumulates(s.name, gs, [&] {
        cpu::matmul_backward(dinp.data(), s.dweight ? dW.data() : nullptr, db.data(), d.data(), in.data(), W.data(),
                             s.BT, s.C, s.OC);
      });
    }
  }
  SUBCASE("activations") {
    for (Activation a : {Activation::Gelu, Activation::GeluTanh, Activation::Relu}) {
      std::vector<float> dx(BT * C);
      check_accumulates("activation", {&dx}, [&] { cpu::activation_backward(dx.data(), x.data(), dy.data(), BT * C, a); });
    }
  }
  SUBCASE("layernorm") {
    std::vector<float> w = randn(C, 6), b = randn(C, 7), out(BT * C), mean(BT), rstd(BT);
    cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
    std::vector<float> dx(BT * C), dw(C), dbias(C);
    check_accumulates("layernorm", {&dx, &dw, &dbias}, [&] {
      cpu::layernorm_backward(dx.data(), dw.data(), dbias.data(), dy.data(), x.data(), w.data(), mean.data(),
                              rstd.data(), BT, C);
    });
  }
  SUBCASE("attention, causal and bidirectional") {
    for (bool causal : {true, false}) {
      std::vector<float> qkv = randn(BT * 3 * C, 8), out(BT * C), att(size_t(B) * NH * T * T), datt(att.size());
      cpu::attention_forward(out.data(), att.data(), qkv.data(), B, T, C, NH, causal);
      std::vector<float> dqkv(BT * 3 * C);
      check_accumulates(causal ? "causal attention" : "bidirectional attention", {&dqkv}, [&] {
        cpu::attention_backward(dqkv.data(), datt.data(), dy.data(), qkv.data(), att.data(), B, T, C, NH, causal);
      });
    }
  }
  SUBCASE("residual") {
    std::vector<float> da(BT * C), db(BT * C);
    check_accumulates("residual", {&da, &db}, [&] { cpu::residual_backward(da.data(), db.data(), dy.data(), BT * C); });
  }
}

TEST_CASE("crossentropy_backward writes its gradient (does not add to what was there)") {
  const int BT = 3, V = 5;
  std::vector<float> logits = randn(BT * V, 11), w = {0.5f, 0.0f, 0.25f};
  std::vector<int32_t> tg = {1, 2, -1};
  std::vector<float> a(BT * V, 0.0f), b = randn(BT * V, 12);
  cpu::crossentropy_backward(a.data(), logits.data(), tg.data(), w.data(), BT, V);
  cpu::crossentropy_backward(b.data(), logits.data(), tg.data(), w.data(), BT, V);
  CHECK(a == b);
  for (int v = 0; v < V; ++v) CHECK(a[V + v] == 0.0f);  // weight 0: a zero row, whatever was there
}
