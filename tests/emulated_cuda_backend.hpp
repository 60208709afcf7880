// A host backend that computes as the CUDA kernels do: the CPU backend, except that the ops whose
// numbers depend on the kernels' thread mapping (LayerNorm, attention's softmax, the cross-entropy,
// AdamW, Σ x², the embedding gradient, LLaDA's masks and Σ weights) run through the host/device headers in the kernels' order
// of summation (tests/kernel_emulation.hpp). The op-parity harness runs it on every machine, so the tolerances it
// documents are known to admit the GPU's way of rounding (all but cuBLAS's own GEMM order, which no
// host can replay), and a change of kernel math shows up where no GPU exists.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/math/adamw_rule.hpp"
#include "core/math/layernorm_row.hpp"
#include "core/math/softmax_row.hpp"
#include "tests/forwarding_backend.hpp"
#include "tests/kernel_emulation.hpp"

namespace emu {

class EmulatedCudaBackend final : public llada::test::ForwardingBackend {
 public:
  const char* name() const override { return "emulated-cuda"; }

  // gpu/layernorm.cu: a warp per row.
  void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                         const float* bias, int BT, int C) const override {
    for (int i = 0; i < BT; ++i) {
      const float* x = inp + size_t(i) * C;
      const float m = warp_sum(C, [&](int c) { return x[c]; }) / C;
      const float r = llada::layernorm::rstd(warp_sum(C, [&](int c) { return (x[c] - m) * (x[c] - m); }) / C);
      for (int c = 0; c < C; ++c) out[size_t(i) * C + c] = llada::layernorm::out(x[c], m, r, weight[c], bias[c]);
      mean[i] = m;
      rstd[i] = r;
    }
  }
  void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                          const float* weight, const float* mean, const float* rstd, int BT, int C) const override {
    for (int i = 0; i < BT; ++i) {
      const float* x = inp + size_t(i) * C;
      const float* dy = dout + size_t(i) * C;
      const float m = mean[i], r = rstd[i];
      const float gmean = warp_sum(C, [&](int c) { return weight[c] * dy[c]; }) / C;
      const float gxmean =
          warp_sum(C, [&](int c) { return weight[c] * dy[c] * llada::layernorm::xhat(x[c], m, r); }) / C;
      for (int c = 0; c < C; ++c) {
        const float xh = llada::layernorm::xhat(x[c], m, r);
        dinp[size_t(i) * C + c] += llada::layernorm::dx(r, weight[c] * dy[c], xh, gmean, gxmean);
      }
    }
    layernorm_param_grads(dweight, dbias, dout, inp, mean, rstd, BT, C);
  }

  // gpu/encoder.cu: the embedding gradient along each id's chain of positions (the CPU's order).
  void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T,
                        int C) const override {
    embedding_backward(dwte, dwpe, dout, inp, B, T, C);
  }

  // gpu/attention.cu: the CPU's scores and mixing, with the softmax rows of one warp each.
  void attention_forward(float* out, float* att, const float* inp, int B, int T, int C, int NH,
                         bool causal) const override {
    const int C3 = 3 * C, hs = C / NH;
    const float scale = 1.0f / std::sqrt(float(hs));
    for (int b = 0; b < B; ++b)
      for (int h = 0; h < NH; ++h)
        for (int t = 0; t < T; ++t) {
          const int n = causal ? t + 1 : T;
          float* a = att + ((size_t(b) * NH + h) * T + t) * T;
          const float* q = inp + (size_t(b) * T + t) * C3 + h * hs;
          for (int t2 = 0; t2 < n; ++t2) {
            const float* k = inp + (size_t(b) * T + t2) * C3 + C + h * hs;
            float dot = 0.0f;
            for (int i = 0; i < hs; ++i) dot += q[i] * k[i];
            a[t2] = dot * scale;
          }
          const llada::SoftmaxAcc acc = warp_softmax(a, n);
          const float inv = 1.0f / acc.sum;
          for (int t2 = 0; t2 < T; ++t2) a[t2] = t2 < n ? expf(a[t2] - acc.max) * inv : 0.0f;
          float* o = out + (size_t(b) * T + t) * C + h * hs;
          for (int i = 0; i < hs; ++i) o[i] = 0.0f;
          for (int t2 = 0; t2 < n; ++t2)
            for (int i = 0; i < hs; ++i) o[i] += a[t2] * inp[(size_t(b) * T + t2) * C3 + 2 * C + h * hs + i];
        }
  }

  // gpu/crossentropy.cu: a block of 1024 threads per row, the loss total in double.
  double crossentropy_forward(float* losses, const float* logits, const int32_t* targets, const float* weights,
                              int BT, int V) const override {
    double total = 0.0;
    for (int i = 0; i < BT; ++i) {
      losses[i] = 0.0f;
      if (targets[i] < 0) continue;
      const float* z = logits + size_t(i) * V;
      losses[i] = llada::crossentropy_loss(block_softmax(z, V), z[targets[i]]);
      total += (weights ? double(weights[i]) : 1.0) * double(losses[i]);
    }
    return total;
  }
  void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets, const float* weights,
                             int BT, int V) const override {
    for (int i = 0; i < BT; ++i) {
      const float w = weights ? weights[i] : 1.0f;
      const int y = targets[i];
      float* d = dlogits + size_t(i) * V;
      const float* z = logits + size_t(i) * V;
      if (y < 0 || y >= V || w == 0.0f) {
        for (int j = 0; j < V; ++j) d[j] = 0.0f;
        continue;
      }
      const llada::SoftmaxAcc a = block_softmax(z, V);
      const float w_over_sum = w / a.sum;
      for (int j = 0; j < V; ++j) d[j] = llada::crossentropy_dlogit(z[j], a.max, w_over_sum, w, j == y);
    }
  }

  // gpu/optim.cu: one 64-weight block at a time, the element rule of adamw_rule.hpp.
  void adamw_step(float* params, float* grads, float* m, float* v, unsigned char* live, size_t n,
                  const llada::nn::AdamWStep& s) const override {
    const llada::AdamWCoeffs k = llada::adamw_coeffs(s.lr, s.beta1, s.beta2, s.eps, s.weight_decay, s.t);
    if (!(std::isfinite(s.lr) && s.lr >= 0.0f && std::isfinite(k.c1) && std::isfinite(k.c2) && s.eps > 0.0f))
      live = nullptr;
    for (size_t b = 0; b * 64 < n; ++b) {
      const size_t i0 = b * 64, i1 = std::min(n, i0 + 64);
      if (live && !live[b]) {
        bool nonzero = false;
        for (size_t i = i0; i < i1; ++i) nonzero |= std::bit_cast<uint32_t>(grads[i]) != 0u;
        if (!nonzero) {
          if (k.keep != 1.0f)
            for (size_t i = i0; i < i1; ++i) params[i] *= k.keep;
          continue;
        }
      }
      for (size_t i = i0; i < i1; ++i) {
        llada::adamw_element(params[i], grads[i], m[i], v[i], k);
        grads[i] = 0.0f;
      }
      if (live) live[b] = 1;
    }
  }
  // gpu/masking.cu: a block per row, the rows' weight sums added in row order.
  double llada_mask(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                    int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) const override {
    return llada_mask_blocks(inputs, targets, weights, x0, B, L, mask_id, seed, first_seq, eps, inverse_t);
  }
  double sum_squares(const float* x, size_t n) const override { return sum_squares_blocks(x, n); }

  // The rest is the CPU's (ForwardingBackend: the same math on both sides, or cuBLAS's order, which no
  // host replays).
};

}  // namespace emu
