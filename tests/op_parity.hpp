// Op parity, as ggml's test-backend-ops: every op of a backend, forward and backward, against the CPU
// reference on the same random inputs, at shapes that catch the usual kernel bugs (sizes that are not
// multiples of a warp or a block, B·T = 1, vocabularies 50 257 and 100 277 wide, T up to 256, causal
// and bidirectional attention), each with a tolerance stated below and why.
//
// The backend under test gets its inputs by upload and gives its outputs by download (DeviceBuffer),
// exactly as the models use it; the reference runs on host vectors. Used by tests/gpu/ (the CUDA
// backend, where a GPU exists) and tests/test_op_parity.cpp (the CPU backend against itself, and a
// tampered output that the harness must flag, on every machine).
//
// Tolerances: |test − ref| ≤ atol + rtol·|ref| per element, reported as the largest ratio (≤ 1 passes).
//   exact (0, 0): residual, scale, fill, the embedding forward (copies and one add) and its gradient (each
//     id's positions added in the CPU's order, core/math/embedding_rule.hpp), the one-hot rows, LLaDA's masks,
//     targets, weights and Σ weights (integer tests on the shared Philox bits; the rows' sums are exact)
//   elementwise float functions (1e-7, 2e-6): device erff/expf/tanhf within a few ulp of glibc's
//   reductions in another order (1e-5·scale, 1e-5): GEMMs, LayerNorm (its parameter gradients regroup the
//     rows in chunks of 64), attention, the bias gradients, cross-entropy (a block tree instead of the CPU's
//     blocked double sum);
//     scale = the typical size of one product term times √K, the random-walk growth of a K-term sum
//   AdamW (1e-7 for p, 1e-8 for m, 1e-10 for v; 1e-6): one fused multiply-add more or less per line,
//     an ulp of the line's larger term
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/math/philox.hpp"
#include "core/nn/backend.hpp"
#include "core/nn/device_buffer.hpp"
#include "core/nn/ops.hpp"
#include "core/train/optim.hpp"

namespace parity {

using llada::nn::Backend;
using llada::nn::DeviceBuffer;

struct Check {
  std::string op, shape;
  double excess = 0;    // max |test − ref| / (atol + rtol·|ref|); ≤ 1 passes
  double max_abs = 0;   // max |test − ref|
  std::string error;    // a failed allocation, transfer or op: the message
  bool ok() const { return error.empty() && excess <= 1.0; }
  std::string str() const {
    return op + " " + shape + (error.empty() ? ": excess " + std::to_string(excess) + ", max |Δ| " +
                                                   std::to_string(max_abs)
                                             : ": " + error);
  }
};

// Called on each output the backend under test produced, before comparison (tests corrupt one on
// purpose to see the harness flag it).
using Tamper = std::function<void(const std::string& op, std::vector<float>& out)>;

inline std::vector<float> randn(size_t n, uint64_t seed, float scale = 1.0f) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = scale * llada::normal(seed, 91, i);
  return v;
}
inline std::vector<int32_t> rand_ids(size_t n, uint64_t seed, int V) {
  std::vector<int32_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = int32_t(llada::uniform01(seed, 92, i) * V) % V;
  return v;
}

class Harness {
 public:
  explicit Harness(const Backend& test, Tamper tamper = {}) : test_(test), tamper_(std::move(tamper)) {}
  std::vector<Check> results;

  bool all_ok() const {
    for (const Check& c : results)
      if (!c.ok()) return false;
    return !results.empty();
  }

  // ------------------------------------------------------------------------------------------ memory
  template <class T>
  DeviceBuffer up(const std::vector<T>& host) {
    auto b = DeviceBuffer::allocate(test_, std::max<size_t>(1, host.size()) * sizeof(T));
    if (!b) return fail_mem(b.error().to_string());
    if (!host.empty())
      if (auto ok = b->upload(host.data(), host.size() * sizeof(T)); !ok) return fail_mem(ok.error().to_string());
    return std::move(*b);
  }
  std::vector<float> down(const DeviceBuffer& b, size_t n) {
    std::vector<float> host(n, std::numeric_limits<float>::quiet_NaN());
    if (auto s = test_.synchronize(); !s) error_ = s.error().to_string();
    else if (b.bytes() >= n * sizeof(float) && n)
      if (auto ok = b.download(host.data(), n * sizeof(float)); !ok) error_ = ok.error().to_string();
    return host;
  }

  void compare(const std::string& op, const std::string& shape, const std::vector<float>& ref,
               std::vector<float> got, double atol, double rtol) {
    if (tamper_) tamper_(op, got);
    Check c{op, shape};
    c.error = error_;
    error_.clear();
    if (got.size() != ref.size()) c.error += " (size " + std::to_string(got.size()) + " vs " + std::to_string(ref.size()) + ")";
    for (size_t i = 0; i < ref.size() && i < got.size(); ++i) {
      const double r = ref[i], g = got[i];
      if (std::isnan(r) || std::isnan(g) || std::isinf(r) || std::isinf(g)) {
        const bool same = (std::isnan(r) && std::isnan(g)) || r == g;
        if (!same) c.excess = std::numeric_limits<double>::infinity();
        continue;
      }
      const double d = std::abs(g - r);
      c.max_abs = std::max(c.max_abs, d);
      const double bound = atol + rtol * std::abs(r);
      c.excess = std::max(c.excess, bound > 0 ? d / bound : (d > 0 ? std::numeric_limits<double>::infinity() : 0.0));
    }
    results.push_back(c);
  }

  // ------------------------------------------------------------------------------------------ ops
  void encoder(int B, int T, int C, int Vin, bool with_wpe) {
    const std::string shape = dims({{"B", B}, {"T", T}, {"C", C}, {"Vin", Vin}}) + (with_wpe ? " +wpe" : "");
    const size_t BTC = size_t(B) * T * C;
    std::vector<int32_t> tok = rand_ids(size_t(B) * T, 1, std::min(Vin, 7));  // few ids: rows repeat
    std::vector<float> wte = randn(size_t(Vin) * C, 2), wpe = randn(size_t(T) * C, 3), dout = randn(BTC, 4);
    std::vector<float> dwte = randn(size_t(Vin) * C, 5), dwpe = randn(size_t(T) * C, 6);  // accumulated onto
    std::vector<float> out(BTC);
    DeviceBuffer d_tok = up(tok), d_wte = up(wte), d_wpe = up(wpe), d_out = up(out), d_dout = up(dout),
                 d_dwte = up(dwte), d_dwpe = up(dwpe);
    const float* pe = with_wpe ? wpe.data() : nullptr;
    llada::nn::cpu::encoder_forward(out.data(), tok.data(), wte.data(), pe, B, T, C);
    test_.encoder_forward(d_out.f32(), d_tok.i32(), d_wte.f32(), with_wpe ? d_wpe.f32() : nullptr, B, T, C);
    compare("encoder_forward", shape, out, down(d_out, BTC), 0, 0);
    llada::nn::cpu::encoder_backward(dwte.data(), with_wpe ? dwpe.data() : nullptr, dout.data(), tok.data(), B, T, C);
    test_.encoder_backward(d_dwte.f32(), with_wpe ? d_dwpe.f32() : nullptr, d_dout.f32(), d_tok.i32(), B, T, C);
    compare("encoder_backward dwte", shape, dwte, down(d_dwte, dwte.size()), 0, 0);
    if (with_wpe) compare("encoder_backward dwpe", shape, dwpe, down(d_dwpe, dwpe.size()), 0, 0);
  }

  // The one-hot embedding's input rows, over a buffer full of garbage (the op writes every entry); the
  // last id of a row of two or more is out of range (−1 or V: a row of zeros).
  void one_hot(int N, int V) {
    const std::string shape = dims({{"N", N}, {"V", V}});
    std::vector<int32_t> ids = rand_ids(size_t(N), 42, V);
    if (N > 1) ids[size_t(N) - 1] = N % 2 ? -1 : V;
    std::vector<float> out(size_t(N) * V, 0.0f);
    for (int i = 0; i < N; ++i)
      if (ids[i] >= 0 && ids[i] < V) out[size_t(i) * V + ids[i]] = 1.0f;
    DeviceBuffer d_ids = up(ids), d_out = up(std::vector<float>(out.size(), 7.0f));
    test_.one_hot(d_out.f32(), d_ids.i32(), N, V);
    compare("one_hot", shape, out, down(d_out, out.size()), 0, 0);
  }

  void matmul(int BT, int C, int OC, bool with_bias, bool with_dinp) {
    const std::string shape = dims({{"BT", BT}, {"C", C}, {"OC", OC}}) + (with_bias ? " +bias" : "") +
                              (with_dinp ? "" : " no-dinp");
    std::vector<float> x = randn(size_t(BT) * C, 7), w = randn(size_t(OC) * C, 8, 0.1f), b = randn(OC, 9);
    std::vector<float> out(size_t(BT) * OC), dout = randn(size_t(BT) * OC, 10);
    std::vector<float> dx = randn(size_t(BT) * C, 11), dw = randn(size_t(OC) * C, 12), db = randn(OC, 13);
    DeviceBuffer d_x = up(x), d_w = up(w), d_b = up(b), d_out = up(out), d_dout = up(dout), d_dx = up(dx),
                 d_dw = up(dw), d_db = up(db);
    llada::nn::cpu::matmul_forward(out.data(), x.data(), w.data(), with_bias ? b.data() : nullptr, BT, C, OC);
    test_.matmul_forward(d_out.f32(), d_x.f32(), d_w.f32(), with_bias ? d_b.f32() : nullptr, BT, C, OC);
    compare("matmul_forward", shape, out, down(d_out, out.size()), 1e-5 * 0.1 * std::sqrt(C) + 1e-6, 1e-5);
    llada::nn::cpu::matmul_backward(with_dinp ? dx.data() : nullptr, dw.data(), with_bias ? db.data() : nullptr,
                                    dout.data(), x.data(), w.data(), BT, C, OC);
    test_.matmul_backward(with_dinp ? d_dx.f32() : nullptr, d_dw.f32(), with_bias ? d_db.f32() : nullptr, d_dout.f32(),
                          d_x.f32(), d_w.f32(), BT, C, OC);
    if (with_dinp) compare("matmul_backward dinp", shape, dx, down(d_dx, dx.size()), 1e-5 * 0.1 * std::sqrt(OC), 1e-5);
    compare("matmul_backward dweight", shape, dw, down(d_dw, dw.size()), 1e-5 * std::sqrt(BT), 1e-5);
    if (with_bias) compare("matmul_backward dbias", shape, db, down(d_db, db.size()), 1e-5 * std::sqrt(BT), 1e-5);
  }

  void activation(int N, llada::nn::Activation act) {
    const std::string shape = dims({{"N", N}}) + " kind " + std::to_string(int(act));
    std::vector<float> x = randn(N, 14, 3.0f), out(N), dout = randn(N, 15), dx = randn(N, 16);
    DeviceBuffer d_x = up(x), d_out = up(out), d_dout = up(dout), d_dx = up(dx);
    llada::nn::cpu::activation_forward(out.data(), x.data(), N, act);
    test_.activation_forward(d_out.f32(), d_x.f32(), N, act);
    compare("activation_forward", shape, out, down(d_out, N), 1e-7, 2e-6);
    llada::nn::cpu::activation_backward(dx.data(), x.data(), dout.data(), N, act);
    test_.activation_backward(d_dx.f32(), d_x.f32(), d_dout.f32(), N, act);
    compare("activation_backward", shape, dx, down(d_dx, N), 1e-7, 2e-6);
  }

  void residual(int N) {
    const std::string shape = dims({{"N", N}});
    std::vector<float> a = randn(N, 17), b = randn(N, 18), out(N), dout = randn(N, 19), da = randn(N, 20),
                       db = randn(N, 21);
    DeviceBuffer d_a = up(a), d_b = up(b), d_out = up(out), d_dout = up(dout), d_da = up(da), d_db = up(db);
    llada::nn::cpu::residual_forward(out.data(), a.data(), b.data(), N);
    test_.residual_forward(d_out.f32(), d_a.f32(), d_b.f32(), N);
    compare("residual_forward", shape, out, down(d_out, N), 0, 0);
    llada::nn::cpu::residual_backward(da.data(), db.data(), dout.data(), N);
    test_.residual_backward(d_da.f32(), d_db.f32(), d_dout.f32(), N);
    compare("residual_backward da", shape, da, down(d_da, N), 0, 0);
    compare("residual_backward db", shape, db, down(d_db, N), 0, 0);
  }

  void layernorm(int BT, int C) {
    const std::string shape = dims({{"BT", BT}, {"C", C}});
    const size_t n = size_t(BT) * C;
    std::vector<float> x = randn(n, 22, 2.0f), w = randn(C, 23), b = randn(C, 24), out(n), mean(BT), rstd(BT);
    for (size_t i = 0; i < n; i += 3) x[i] += 50.0f;  // a mean far from 0
    std::vector<float> dout = randn(n, 25), dx = randn(n, 26), dw = randn(C, 27), db = randn(C, 28);
    DeviceBuffer d_x = up(x), d_w = up(w), d_b = up(b), d_out = up(out), d_mean = up(mean), d_rstd = up(rstd),
                 d_dout = up(dout), d_dx = up(dx), d_dw = up(dw), d_db = up(db);
    llada::nn::cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
    test_.layernorm_forward(d_out.f32(), d_mean.f32(), d_rstd.f32(), d_x.f32(), d_w.f32(), d_b.f32(), BT, C);
    compare("layernorm_forward", shape, out, down(d_out, n), 1e-5, 1e-5);
    // The mean is a sum of C channels divided by C: its rounding follows the channels' size, not the
    // mean's (which cancellation can make small): a few ulps of mean |x| times √C.
    double mean_abs = 0;
    for (float v : x) mean_abs += std::abs(v) / double(n);
    compare("layernorm_forward mean", shape, mean, down(d_mean, BT), 2.4e-7 * std::sqrt(double(C)) * mean_abs, 1e-6);
    compare("layernorm_forward rstd", shape, rstd, down(d_rstd, BT), 0, 1e-5);
    // The backward of both runs from the CPU's saved statistics, so it is compared alone.
    if (auto ok = d_mean.upload(mean.data(), BT * sizeof(float)); !ok) error_ = ok.error().to_string();
    if (auto ok = d_rstd.upload(rstd.data(), BT * sizeof(float)); !ok) error_ = ok.error().to_string();
    llada::nn::cpu::layernorm_backward(dx.data(), dw.data(), db.data(), dout.data(), x.data(), w.data(), mean.data(),
                                       rstd.data(), BT, C);
    test_.layernorm_backward(d_dx.f32(), d_dw.f32(), d_db.f32(), d_dout.f32(), d_x.f32(), d_w.f32(), d_mean.f32(),
                             d_rstd.f32(), BT, C);
    const double sr = 1e-5 * std::sqrt(double(BT));
    compare("layernorm_backward dinp", shape, dx, down(d_dx, n), 1e-5, 1e-5);
    compare("layernorm_backward dweight", shape, dw, down(d_dw, C), sr, 1e-5);
    compare("layernorm_backward dbias", shape, db, down(d_db, C), sr, 1e-5);
  }

  void attention(int B, int T, int C, int NH, bool causal) {
    const std::string shape = dims({{"B", B}, {"T", T}, {"C", C}, {"NH", NH}}) + (causal ? " causal" : " bidirectional");
    const size_t n3 = size_t(B) * T * 3 * C, n = size_t(B) * T * C, na = size_t(B) * NH * T * T;
    std::vector<float> inp = randn(n3, 29), out(n), att(na), dout = randn(n, 30), dinp = randn(n3, 31), datt(na);
    DeviceBuffer d_inp = up(inp), d_out = up(out), d_att = up(att), d_dout = up(dout), d_dinp = up(dinp),
                 d_datt = up(datt);
    llada::nn::cpu::attention_forward(out.data(), att.data(), inp.data(), B, T, C, NH, causal);
    test_.attention_forward(d_out.f32(), d_att.f32(), d_inp.f32(), B, T, C, NH, causal);
    const double s = 1e-5 * std::sqrt(double(T));
    compare("attention_forward", shape, out, down(d_out, n), s, 1e-5);
    compare("attention_forward att", shape, att, down(d_att, na), 1e-6, 1e-5);  // masked entries exactly 0
    if (auto ok = d_att.upload(att.data(), na * sizeof(float)); !ok) error_ = ok.error().to_string();
    llada::nn::cpu::attention_backward(dinp.data(), datt.data(), dout.data(), inp.data(), att.data(), B, T, C, NH, causal);
    test_.attention_backward(d_dinp.f32(), d_datt.f32(), d_dout.f32(), d_inp.f32(), d_att.f32(), B, T, C, NH, causal);
    compare("attention_backward", shape, dinp, down(d_dinp, n3), s, 1e-5);
  }

  // weighted: per-row weights (some 0) and ignored rows; special: −∞ logits and a dominant one.
  void crossentropy(int BT, int V, bool weighted) {
    const std::string shape = dims({{"BT", BT}, {"V", V}}) + (weighted ? " weighted" : "");
    const size_t n = size_t(BT) * V;
    std::vector<float> z = randn(n, 32, 2.0f);
    if (V >= 10)  // row 0: every fifth logit −∞ (masked-out classes)
      for (size_t j = 0; j < size_t(V); j += 5) z[j] = -std::numeric_limits<float>::infinity();
    if (BT > 1) z[size_t(V) + V / 2] = 40.0f;
    std::vector<int32_t> y = rand_ids(BT, 33, V);
    if (y[0] % 5 == 0) y[0] = (y[0] + 1) % V;  // the −∞ row's target is a finite logit
    std::vector<float> w(BT, 1.0f);
    if (weighted)
      for (int i = 0; i < BT; ++i) {
        w[i] = 0.25f + float(i % 4);
        if (i % 7 == 3) w[i] = 0.0f;
        if (i % 5 == 4) y[i] = -1;
      }
    std::vector<float> losses(BT), dz(n);
    DeviceBuffer d_z = up(z), d_y = up(y), d_w = up(w), d_l = up(losses), d_dz = up(dz);
    const double total = llada::nn::cpu::crossentropy_forward(losses.data(), z.data(), y.data(),
                                                              weighted ? w.data() : nullptr, BT, V);
    const double got = test_.crossentropy_forward(d_l.f32(), d_z.f32(), d_y.i32(), weighted ? d_w.f32() : nullptr, BT, V);
    compare("crossentropy_forward losses", shape, losses, down(d_l, BT), 1e-5, 2e-6);
    compare("crossentropy_forward total", shape, {float(total)}, {float(got)}, 1e-5, 2e-6);
    llada::nn::cpu::crossentropy_backward(dz.data(), z.data(), y.data(), weighted ? w.data() : nullptr, BT, V);
    test_.crossentropy_backward(d_dz.f32(), d_z.f32(), d_y.i32(), weighted ? d_w.f32() : nullptr, BT, V);
    compare("crossentropy_backward", shape, dz, down(d_dz, n), 1e-9, 1e-5);
    // In place: dlogits == logits.
    test_.crossentropy_backward(d_z.f32(), d_z.f32(), d_y.i32(), weighted ? d_w.f32() : nullptr, BT, V);
    compare("crossentropy_backward in place", shape, dz, down(d_z, n), 1e-9, 1e-5);
  }

  void optimizer(size_t n, bool with_live) {
    const std::string shape = "n " + std::to_string(n) + (with_live ? " live-blocks" : "");
    std::vector<float> p = randn(n, 34), g = randn(n, 35, 0.1f), m = randn(n, 36, 0.01f), v(n);
    for (size_t i = 0; i < n; ++i) v[i] = 1e-4f * (1.0f + llada::uniform01(37, 1, i));
    const size_t nb = llada::nn::adam_live_blocks(n);
    std::vector<unsigned char> live(nb, 1);
    if (with_live)
      for (size_t b = 0; b < nb; b += 3) {  // every third block never seen: moments and gradient +0
        live[b] = 0;
        for (size_t i = b * 64; i < std::min(n, b * 64 + 64); ++i) m[i] = v[i] = g[i] = 0.0f;
      }
    DeviceBuffer d_p = up(p), d_g = up(g), d_m = up(m), d_v = up(v), d_live = up(live);
    const llada::nn::AdamWStep s{.lr = 1e-2f, .beta1 = 0.9f, .beta2 = 0.95f, .eps = 1e-8f, .weight_decay = 0.1f, .t = 3};
    llada::nn::cpu_backend().adamw_step(p.data(), g.data(), m.data(), v.data(), with_live ? live.data() : nullptr, n, s);
    test_.adamw_step(d_p.f32(), d_g.f32(), d_m.f32(), d_v.f32(),
                     with_live ? static_cast<unsigned char*>(d_live.data()) : nullptr, n, s);
    compare("adamw_step params", shape, p, down(d_p, n), 1e-7, 1e-6);
    // m and v are sums of two terms that may cancel: the absolute part is a few ulps of the larger term
    // (|m| ~ 0.01, v ~ 1e-4 here), not of the result.
    compare("adamw_step m", shape, m, down(d_m, n), 1e-8, 1e-6);
    compare("adamw_step v", shape, v, down(d_v, n), 1e-10, 1e-6);
    compare("adamw_step grads zeroed", shape, g, down(d_g, n), 0, 0);
    if (with_live) {
      std::vector<unsigned char> got(nb);
      if (auto ok = d_live.download(got.data(), nb); !ok) error_ = ok.error().to_string();
      compare("adamw_step live", shape, std::vector<float>(live.begin(), live.end()),
              std::vector<float>(got.begin(), got.end()), 0, 0);
    }
    const std::vector<float> x = randn(n, 38);
    DeviceBuffer d_x = up(x);
    const double ss = llada::nn::cpu_backend().sum_squares(x.data(), n);
    compare("sum_squares", shape, {float(ss)}, {float(test_.sum_squares(d_x.f32(), n))}, 0, 1e-6);
    std::vector<float> xs = x;
    llada::nn::cpu_backend().scale(xs.data(), 0.37f, n);
    test_.scale(d_x.f32(), 0.37f, n);
    compare("scale", shape, xs, down(d_x, n), 0, 0);
    if (auto ok = test_.fill(d_x.f32(), -2.5f, n); !ok) error_ = ok.error().to_string();
    compare("fill", shape, std::vector<float>(n, -2.5f), down(d_x, n), 0, 0);
  }

  // LLaDA's objective (Backend::llada_mask): inputs, targets and weights bit for bit, Σ weights exactly.
  void llada_mask(int B, int L, uint64_t first_seq, bool inverse_t) {
    const std::string shape = dims({{"B", B}, {"L", L}}) + " seq" + std::to_string(first_seq) + (inverse_t ? " 1/t" : "");
    const size_t n = size_t(B) * L;
    const int V = 50257;
    const std::vector<int32_t> x0 = rand_ids(n, 40, V);
    std::vector<int32_t> in(n), tg(n);
    std::vector<float> w(n);
    const double sum = llada::nn::cpu_backend().llada_mask(in.data(), tg.data(), w.data(), x0.data(), B, L, V, 41,
                                                           first_seq, 1e-3f, inverse_t);
    DeviceBuffer d_x0 = up(x0), d_in = up(std::vector<int32_t>(n, -9)), d_tg = up(std::vector<int32_t>(n, -9)),
                 d_w = up(std::vector<float>(n, -9.0f));
    const double got = test_.llada_mask(d_in.i32(), d_tg.i32(), d_w.f32(), d_x0.i32(), B, L, V, 41, first_seq, 1e-3f,
                                        inverse_t);
    compare("llada_mask inputs", shape, as_floats(in), as_floats(down_ids(d_in, n)), 0, 0);
    compare("llada_mask targets", shape, as_floats(tg), as_floats(down_ids(d_tg, n)), 0, 0);
    compare("llada_mask weights", shape, w, down(d_w, n), 0, 0);
    // Σ ≈ 1 and compared in double: the float rounding of both sides would hide a last-bit difference.
    compare("llada_mask sum", shape, {0.0f}, {got == sum ? 0.0f : float(std::abs(got - sum)) + 1e-30f}, 0, 0);
  }

  // Every op at every shape. wide: include the 50 257 / 100 277-wide rows and T = 256 (seconds on a
  // CPU; a GPU does them in a blink).
  void run_all(bool wide) {
    encoder(1, 1, 1, 3, true);
    encoder(3, 7, 33, 101, true);
    encoder(4, 64, 64, 1000, false);
    one_hot(1, 1);
    one_hot(2, 33);
    one_hot(37, 1000);
    for (bool bias : {true, false}) {
      matmul(1, 1, 1, bias, true);
      matmul(7, 33, 65, bias, !bias);
      matmul(64, 64, 256, bias, true);
    }
    for (int k = 0; k < 3; ++k) {
      activation(1, llada::nn::Activation(k));
      activation(100003, llada::nn::Activation(k));
    }
    residual(1);
    residual(12345);
    layernorm(1, 1);
    layernorm(1, 7);
    layernorm(37, 64);
    layernorm(300, 129);
    for (bool causal : {true, false}) {
      attention(1, 1, 8, 1, causal);
      attention(2, 7, 12, 3, causal);
      attention(2, 64, 64, 4, causal);
    }
    crossentropy(1, 1, false);
    crossentropy(3, 33, true);
    crossentropy(13, 1000, true);
    optimizer(1, false);
    optimizer(64 * 5 + 17, true);
    optimizer(100003, true);
    llada_mask(1, 1, 0, true);
    llada_mask(3, 7, 10, false);
    llada_mask(5, 33, (uint64_t(1) << 41) + 3, true);  // past 2^34: mask_block's last counter word
    if (!wide) return;
    llada_mask(257, 1031, 123456789, true);  // more rows than a warp, more positions than a block's pass
    llada_mask(64, 256, 0, true);
    matmul(40, 64, 50257, true, true);    // the seed's logits: B5×T8, d 64, GPT-2
    matmul(40, 64, 100277, true, true);   // cl100k
    encoder(5, 8, 64, 100278, false);
    one_hot(40, 100278);
    crossentropy(1, 50257, false);        // B·T = 1
    crossentropy(40, 50257, true);
    crossentropy(7, 100277, true);
    for (bool causal : {true, false}) attention(1, 256, 32, 2, causal);
    layernorm(4096, 64);
  }

 private:
  static std::string dims(std::initializer_list<std::pair<const char*, long>> d) {
    std::string s;
    for (auto& [k, v] : d) s += (s.empty() ? "" : " ") + std::string(k) + std::to_string(v);
    return s;
  }
  std::vector<int32_t> down_ids(const DeviceBuffer& b, size_t n) {
    std::vector<int32_t> host(n, INT32_MIN);
    if (auto s = test_.synchronize(); !s) error_ = s.error().to_string();
    else if (b.bytes() >= n * sizeof(int32_t) && n)
      if (auto ok = b.download(host.data(), n * sizeof(int32_t)); !ok) error_ = ok.error().to_string();
    return host;
  }
  static std::vector<float> as_floats(const std::vector<int32_t>& v) {  // ids < 2^24 are exact floats
    return std::vector<float>(v.begin(), v.end());
  }
  DeviceBuffer fail_mem(std::string e) {
    error_ = std::move(e);
    return DeviceBuffer{};
  }
  const Backend& test_;
  Tamper tamper_;
  std::string error_;  // the first transfer/op error since the last compare
};

}  // namespace parity
