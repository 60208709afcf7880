// The host/device math of the CUDA kernels (core/math/activation_rule.hpp, softmax_row.hpp,
// layernorm_row.hpp, adamw_rule.hpp, mask_rule.hpp), tested on every machine: against double-precision
// formulas, and, with the kernels' thread mappings replayed on the host (tests/kernel_emulation.hpp),
// against the CPU reference ops. What a machine without a GPU cannot check is only that the kernels really use these
// mappings (tests/gpu/ does, where a GPU exists).
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/math/activation_rule.hpp"
#include "core/math/adamw_rule.hpp"
#include "core/math/layernorm_row.hpp"
#include "core/math/mask_rule.hpp"
#include "core/math/softmax_row.hpp"
#include "core/nn/ops.hpp"
#include "core/train/objective.hpp"
#include "core/train/optim.hpp"
#include "tests/grad_check.hpp"
#include "tests/kernel_emulation.hpp"

using namespace llada;
using gradcheck::randn;

namespace {
constexpr float kInf = std::numeric_limits<float>::infinity();

bool same_bits_or_both_nan(float a, float b) {
  return (std::isnan(a) && std::isnan(b)) || std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b);
}

// Inputs covering the range an activation sees, and its edges.
std::vector<float> activation_inputs() {
  std::vector<float> x = randn(4000, 11, 4.0f);
  for (float e : {0.0f, -0.0f, 1e-30f, -1e-30f, 5.0f, -5.0f, 9.5f, -9.5f, 30.0f, -30.0f, 1e30f, -1e30f, kInf,
                  -kInf, std::numeric_limits<float>::quiet_NaN()})
    x.push_back(e);
  return x;
}
}  // namespace

TEST_CASE("GELU (erf and tanh forms) and ReLU and their derivatives agree with the formulas in double") {
  for (float x : randn(20000, 12, 4.0f)) {
    const double d = x;
    const double cdf = 0.5 * (1.0 + std::erf(d / std::sqrt(2.0)));
    const double pdf = std::exp(-0.5 * d * d) / std::sqrt(2.0 * M_PI);
    const double u = std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d);
    const double th = std::tanh(u);
    const double tanh_grad = 0.5 * (1.0 + th) + 0.5 * d * (1.0 - th * th) * std::sqrt(2.0 / M_PI) * (1.0 + 3.0 * 0.044715 * d * d);
    // Float evaluation of a few-term formula: a few ulp of the largest term (|x| for the forward, 1 for
    // the derivative); a wrong constant or a missing term is off by 1e-3 or more.
    CHECK(std::abs(act::gelu(x) - d * cdf) <= 4e-7 * std::max(1.0, std::abs(d)));
    CHECK(std::abs(act::gelu_grad(x) - (cdf + d * pdf)) <= 1e-6);
    CHECK(std::abs(act::gelu_tanh(x) - 0.5 * d * (1.0 + th)) <= 4e-7 * std::max(1.0, std::abs(d)));
    CHECK(std::abs(act::gelu_tanh_grad(x) - tanh_grad) <= 1e-6);
    CHECK(act::relu(x) == (x > 0 ? x : 0.0f));
  }
  CHECK(act::gelu(kInf) == kInf);
  CHECK(std::isnan(act::gelu(-kInf)));  // −∞·Φ(−∞) = −∞·0, as torch's float GELU
  CHECK(act::gelu_grad(30.0f) == 1.0f);
  CHECK(act::gelu_grad(-30.0f) == 0.0f);
  CHECK(act::relu_backward(0.0f, 1.0f) == 0.0f);       // ReLU'(0) = 0, as PyTorch
  CHECK(act::relu_backward(-1.0f, kInf) == 0.0f);      // a select, not 0·∞
  CHECK(act::relu_backward(2.0f, 3.0f) == 3.0f);
}

TEST_CASE("the CPU activation ops compute the host/device functions, to an ulp or two") {
  const std::vector<float> x = activation_inputs();
  const int N = (int)x.size();
  const std::vector<float> dout = randn(N, 13);
  for (int kind = 0; kind < 3; ++kind) {
    CAPTURE(kind);
    std::vector<float> out(N), dinp(N, 0.0f);
    nn::cpu::activation_forward(out.data(), x.data(), N, nn::Activation(kind));
    nn::cpu::activation_backward(dinp.data(), x.data(), dout.data(), N, nn::Activation(kind));
    int differ = 0;
    double worst_fwd = 0, worst_bwd = 0;
    for (int i = 0; i < N; ++i) {
      const float f = act::apply(kind, x[i]), d = act::apply_backward(kind, x[i], dout[i]);
      if (std::isnan(f) || std::isnan(out[i]) || std::isinf(f) || std::isinf(out[i])) {
        differ += !same_bits_or_both_nan(out[i], f);
      } else {
        worst_fwd = std::max(worst_fwd, std::abs((double)f - out[i]) / std::max(1.0, std::abs((double)x[i])));
      }
      if (std::isnan(d) || std::isnan(dinp[i])) {
        differ += std::isnan(d) != std::isnan(dinp[i]);
        continue;
      }
      worst_bwd = std::max(worst_bwd, std::abs((double)d - dinp[i]) / (std::abs(dout[i]) + 1e-30));
    }
    // The same source; only where each compiler (or each optimisation level: the sanitizer build) fuses
    // a multiply-add may differ, by an ulp or two of the terms (|x| forward, |dout| backward).
    CHECK(differ == 0);
    CHECK(worst_fwd <= 5e-7);
    CHECK(worst_bwd <= 1e-6);
  }
}

TEST_CASE("an online softmax accumulator gives the row's max and log-sum-exp however the row is split") {
  const std::vector<float> x = randn(5003, 14, 3.0f);
  double m = -INFINITY, s = 0;
  for (float v : x) m = std::max(m, (double)v);
  for (float v : x) s += std::exp(v - m);
  const double lse = m + std::log(s);

  SoftmaxAcc seq = softmax_acc_empty();
  for (float v : x) seq = softmax_acc_push(seq, v);
  CHECK(seq.max == (float)m);
  CHECK(std::abs(softmax_acc_logsumexp(seq) - lse) <= 2e-6 * std::abs(lse));
  for (int threads : {32, 256, 1024}) {  // the block mapping of the cross-entropy kernel
    const SoftmaxAcc blk = emu::block_softmax(x.data(), (int)x.size(), threads);
    CHECK(blk.max == (float)m);
    CHECK(std::abs(softmax_acc_logsumexp(blk) - lse) <= 1e-6 * std::abs(lse));
  }
  // The empty accumulator is neutral on either side.
  const SoftmaxAcc e = softmax_acc_empty();
  CHECK(softmax_acc_merge(seq, e).max == seq.max);
  CHECK(softmax_acc_merge(seq, e).sum == seq.sum);
  CHECK(softmax_acc_merge(e, seq).sum == seq.sum);
}

TEST_CASE("online softmax edges: −inf elements add nothing, an all −inf row stays finite-free of NaN, NaN poisons") {
  SoftmaxAcc a = softmax_acc_empty();
  for (int i = 0; i < 5; ++i) a = softmax_acc_push(a, -kInf);
  CHECK(a.max == -kInf);
  CHECK(a.sum == 0.0f);
  CHECK(softmax_acc_logsumexp(a) == -kInf);
  CHECK(softmax_acc_merge(a, a).sum == 0.0f);
  a = softmax_acc_push(a, 2.0f);
  a = softmax_acc_push(a, -kInf);
  CHECK(a.max == 2.0f);
  CHECK(a.sum == 1.0f);
  CHECK(crossentropy_loss(a, 2.0f) == 0.0f);
  CHECK(crossentropy_loss(a, -kInf) == kInf);
  SoftmaxAcc n = softmax_acc_push(softmax_acc_empty(), std::numeric_limits<float>::quiet_NaN());
  CHECK(std::isnan(softmax_acc_merge(a, n).sum));
  CHECK(std::isnan(softmax_acc_push(n, 1.0f).sum));
  // +∞ takes the max; finite elements then add exp(−∞) = 0.
  SoftmaxAcc p = softmax_acc_push(softmax_acc_push(softmax_acc_empty(), 1.0f), kInf);
  CHECK(p.max == kInf);
  CHECK(p.sum == 1.0f);
}

TEST_CASE("the streamed cross-entropy of rows 100 277 wide matches the CPU reference, loss and gradient") {
  const int V = 100277, BT = 5;
  std::vector<float> z = randn((size_t)BT * V, 15, 3.0f);
  z[(size_t)1 * V + 7] = 60.0f;                                            // row 1: one dominant logit
  for (int j = 0; j < V; j += 3) z[(size_t)2 * V + j] = -kInf;            // row 2: a third is −∞
  for (int j = 0; j < V; ++j) z[(size_t)4 * V + j] = 1e4f + 1e-2f * z[(size_t)4 * V + j];  // row 4: huge, near-flat
  const std::vector<int32_t> y = {3, 7, 1, -1, V - 1};
  const std::vector<float> w = {0.5f, 1.0f, 2.0f, 1.0f, 0.125f};
  std::vector<float> losses(BT), dz((size_t)BT * V);
  const double total = nn::cpu::crossentropy_forward(losses.data(), z.data(), y.data(), w.data(), BT, V);
  nn::cpu::crossentropy_backward(dz.data(), z.data(), y.data(), w.data(), BT, V);

  double emu_total = 0;
  double worst = 0;
  for (int i = 0; i < BT; ++i) {
    CAPTURE(i);
    const float* row = z.data() + (size_t)i * V;
    const SoftmaxAcc acc = emu::block_softmax(row, V);
    if (y[i] < 0) continue;
    const float loss = crossentropy_loss(acc, row[y[i]]);
    // The CPU adds 1024-element float blocks in double; the kernel adds ~100-element strided slices in
    // float and merges 1024 of them by a tree: both are within ~1e-6 of the row's log Σ exp.
    CHECK(std::abs(loss - losses[i]) <= 2e-6 * std::max(1.0f, std::abs(losses[i])));
    emu_total += (double)w[i] * loss;
    const float w_over_sum = w[i] / acc.sum;
    for (int j = 0; j < V; ++j) {
      const float d = crossentropy_dlogit(row[j], acc.max, w_over_sum, w[i], j == y[i]);
      const float ref = dz[(size_t)i * V + j];
      // Eigen's exp and expf differ by an ulp or two, the normalisers by ~1e-6: each gradient agrees to
      // a few 1e-6 relative (and the target's w·(p − 1) to that of w).
      const double err = std::abs(d - ref) / (std::abs(ref) + 1e-6 * w[i] * (j == y[i]) + 1e-30);
      worst = std::max(worst, err);
    }
  }
  CHECK(worst <= 5e-6);
  CHECK(std::abs(emu_total - total) <= 2e-6 * std::abs(total));
}

TEST_CASE("one LayerNorm row split over a warp's lanes matches the CPU reference, forward and backward") {
  for (int C : {1, 7, 64, 129}) {
    for (int BT : {1, 256}) {
      CAPTURE(C);
      CAPTURE(BT);
      std::vector<float> x = randn((size_t)BT * C, 16, 2.0f), w = randn(C, 17), b = randn(C, 18);
      for (size_t i = 0; i < x.size(); i += 2) x[i] += 100.0f;  // a large mean: the two-pass variance holds
      const std::vector<float> dy = randn((size_t)BT * C, 19);
      std::vector<float> out((size_t)BT * C), mean(BT), rstd(BT), dx((size_t)BT * C, 0.0f), dw(C, 0.0f), db(C, 0.0f);
      nn::cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
      nn::cpu::layernorm_backward(dx.data(), dw.data(), db.data(), dy.data(), x.data(), w.data(), mean.data(),
                                  rstd.data(), BT, C);
      double worst_out = 0, worst_dx = 0;
      std::vector<double> ew(C, 0.0), eb(C, 0.0);
      for (int i = 0; i < BT; ++i) {
        const float* xi = x.data() + (size_t)i * C;
        const float* gi = dy.data() + (size_t)i * C;
        const float m = emu::warp_sum(C, [&](int c) { return xi[c]; }) / C;
        const float var = emu::warp_sum(C, [&](int c) { return (xi[c] - m) * (xi[c] - m); }) / C;
        const float s = layernorm::rstd(var);
        CHECK(std::abs(m - mean[i]) <= 1e-6f * std::max(1.0f, std::abs(mean[i])));
        CHECK(std::abs(s - rstd[i]) <= 1e-5f * rstd[i]);
        const float gmean = emu::warp_sum(C, [&](int c) { return w[c] * gi[c]; }) / C;
        const float gxmean =
            emu::warp_sum(C, [&](int c) { return w[c] * gi[c] * layernorm::xhat(xi[c], m, s); }) / C;
        for (int c = 0; c < C; ++c) {
          const float xh = layernorm::xhat(xi[c], m, s);
          const double o = layernorm::out(xi[c], m, s, w[c], b[c]);
          worst_out = std::max(worst_out, std::abs(o - out[(size_t)i * C + c]) / (1.0 + std::abs(o)));
          const double d = layernorm::dx(s, w[c] * gi[c], xh, gmean, gxmean);
          worst_dx = std::max(worst_dx, std::abs(d - dx[(size_t)i * C + c]) / (s * (1.0 + std::abs(gi[c] * w[c]))));
          ew[c] += (double)xh * gi[c];
          eb[c] += gi[c];
        }
      }
      // One row of O(1) numbers reduced in another order: 1e-5 of the row's scale. (C = 1: x̂ = 0 and
      // the gradient is 0 up to rounding.)
      CHECK(worst_out <= 1e-5);
      CHECK(worst_dx <= 1e-5);
      for (int c = 0; c < C; ++c) {
        CHECK(std::abs(ew[c] - dw[c]) <= 1e-5 * (BT + std::abs(ew[c])));
        CHECK(std::abs(eb[c] - db[c]) <= 1e-5 * (BT + std::abs(eb[c])));
      }
    }
  }
}

TEST_CASE("attention's softmax rows, one warp per row, match the CPU reference, causal and bidirectional, T up to 256") {
  for (int T : {1, 7, 33, 256}) {
    for (bool causal : {true, false}) {
      CAPTURE(T);
      CAPTURE(causal);
      const int B = 1, NH = 2, C = 16, hs = C / NH;
      const std::vector<float> inp = randn((size_t)B * T * 3 * C, 20, 2.0f);
      std::vector<float> out((size_t)B * T * C), att((size_t)B * NH * T * T);
      nn::cpu::attention_forward(out.data(), att.data(), inp.data(), B, T, C, NH, causal);
      const float scale = 1.0f / std::sqrt((float)hs);
      double worst = 0;
      for (int h = 0; h < NH; ++h) {
        for (int t = 0; t < T; ++t) {
          const int n = causal ? t + 1 : T;
          std::vector<float> s(n);
          for (int t2 = 0; t2 < n; ++t2) {
            float dot = 0;
            for (int i = 0; i < hs; ++i) dot += inp[(size_t)t * 3 * C + h * hs + i] * inp[(size_t)t2 * 3 * C + C + h * hs + i];
            s[t2] = dot * scale;
          }
          const SoftmaxAcc acc = emu::warp_softmax(s.data(), n);
          const float inv = 1.0f / acc.sum;
          const float* a = att.data() + ((size_t)h * T + t) * T;
          for (int t2 = 0; t2 < T; ++t2) {
            const float p = t2 < n ? expf(s[t2] - acc.max) * inv : 0.0f;
            worst = std::max(worst, (double)std::abs(p - a[t2]));
          }
        }
      }
      CHECK(worst <= 1e-6);  // probabilities ≤ 1, sums of ≤ 256 terms in another order
    }
  }
}

TEST_CASE("one AdamW element agrees with the CPU optimizer to float rounding, step after step") {
  const size_t n = 4096;
  std::vector<float> p = randn(n, 21), m(n, 0.0f), v(n, 0.0f);
  const train::AdamWConfig cfg{.beta1 = 0.9f, .beta2 = 0.95f, .eps = 1e-8f, .weight_decay = 0.1f};
  double worst_p = 0, worst_m = 0, worst_v = 0;
  for (int t = 1; t <= 10; ++t) {
    std::vector<float> g = randn(n, 100 + t, t % 2 ? 1e-3f : 10.0f);
    for (size_t i = 0; i < n; i += 97) g[i] = 0.0f;
    const float lr = 1e-2f / t;
    std::vector<float> pe = p, me = m, ve = v;  // the element rule starts each step from the CPU's state
    train::adamw_update(p.data(), g.data(), m.data(), v.data(), n, lr, t, cfg);
    const AdamWCoeffs k = adamw_coeffs(lr, cfg.beta1, cfg.beta2, cfg.eps, cfg.weight_decay, t);
    for (size_t i = 0; i < n; ++i) {
      const float p0 = pe[i], m0 = me[i], v0 = ve[i];
      adamw_element(pe[i], g[i], me[i], ve[i], k);
      // Errors measured against the size of the terms each line adds (cancellation makes a relative
      // error of the result meaningless): a fused multiply-add saves one rounding, so an ulp or two.
      const double gm = k.b1 * std::abs(m0) + (1 - k.b1) * std::abs(g[i]);
      const double gv = k.b2 * v0 + (1 - k.b2) * (double)g[i] * g[i];
      const double step = lr * std::abs(me[i] * k.c1) / (std::sqrt(ve[i] * k.c2) + k.eps);
      worst_m = std::max(worst_m, std::abs((double)me[i] - m[i]) / (gm + 1e-30));
      worst_v = std::max(worst_v, std::abs((double)ve[i] - v[i]) / (gv + 1e-30));
      worst_p = std::max(worst_p, std::abs((double)pe[i] - p[i]) / (k.keep * std::abs(p0) + step + 1e-30));
    }
  }
  CHECK(worst_m <= 2.4e-7);
  CHECK(worst_v <= 2.4e-7);
  CHECK(worst_p <= 2.4e-7);
}

TEST_CASE("LLaDA's objective, one block per row (gpu/masking.cu), matches llada_mask_rows bit for bit, Σ weights too") {
  struct Shape {
    int B, L;
    uint64_t first_seq;
  };
  // L not a multiple of 4, more positions than a block's 256 threads take in one pass (L > 1024), and
  // sequence numbers past 2^34, where mask_block's counter uses its last word.
  for (const Shape sh : {Shape{1, 1, 0}, Shape{3, 7, 10}, Shape{5, 13, 300}, Shape{17, 1031, 123456789},
                         Shape{4, 64, (uint64_t(1) << 41) + 5}, Shape{64, 32, 1000}}) {
    for (bool inverse_t : {true, false}) {
      for (float eps : {1e-3f, 0.25f}) {
        CAPTURE(sh.B);
        CAPTURE(sh.L);
        CAPTURE(inverse_t);
        CAPTURE(eps);
        const size_t n = size_t(sh.B) * sh.L;
        std::vector<int32_t> x0(n);
        for (size_t i = 0; i < n; ++i) x0[i] = int32_t((i * 7919) % 50257);
        std::vector<int32_t> in_ref(n), tg_ref(n), in_emu(n, -7), tg_emu(n, -7);
        std::vector<float> w_ref(n), w_emu(n, kInf);
        const double sum_ref = train::llada_mask_rows(in_ref.data(), tg_ref.data(), w_ref.data(), x0.data(), sh.B,
                                                      sh.L, 50257, 99, sh.first_seq, eps, inverse_t);
        const double sum_emu = emu::llada_mask_blocks(in_emu.data(), tg_emu.data(), w_emu.data(), x0.data(), sh.B,
                                                      sh.L, 50257, 99, sh.first_seq, eps, inverse_t);
        CHECK(in_emu == in_ref);
        CHECK(tg_emu == tg_ref);
        bool same = true;
        for (size_t i = 0; i < n; ++i) same &= std::bit_cast<uint32_t>(w_emu[i]) == std::bit_cast<uint32_t>(w_ref[i]);
        CHECK(same);
        CHECK(std::bit_cast<uint64_t>(sum_emu) == std::bit_cast<uint64_t>(sum_ref));
        // Each row's count·w is exact, so Σ is what adding every weight one by one in double gives.
        double one_by_one = 0.0;
        for (float w : w_ref) one_by_one += w;
        CHECK(sum_ref == one_by_one);
        // The times are sample_time's: a row's weight is llada_weight of its t wherever it masked.
        for (int b = 0; b < sh.B; ++b) {
          const float w = llada_weight(sh.B, sh.L, sample_time(99, sh.first_seq + uint64_t(b), eps), inverse_t);
          for (int i = 0; i < sh.L; ++i) {
            const size_t k = size_t(b) * sh.L + i;
            if (tg_ref[k] >= 0) REQUIRE(w_ref[k] == w);
          }
        }
      }
    }
  }
}
