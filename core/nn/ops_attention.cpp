// CPU reference ops, part 2: LayerNorm and multi-head attention (causal or bidirectional).
// Plain loops: the models here have small T (8–128) and small heads, where the T² attention work is a
// small fraction of the step; the GEMMs (ops.cpp) dominate.
#include <cmath>
#include <cstring>

#include "core/math/layernorm_row.hpp"
#include "core/nn/ops.hpp"

namespace llada::nn::cpu {

// ------------------------------------------------------------------------------------------ layernorm

void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                       const float* bias, int BT, int C) {
  // y = (x − μ) / √(σ² + ε) · w + b over the C channels of each position; σ² biased, ε = 1e-5 (torch).
  // The per-channel math is core/math/layernorm_row.hpp, shared with the CUDA kernels.
  for (int i = 0; i < BT; i++) {
    const float* x = inp + (size_t)i * C;
    float m = 0.0f;
    for (int c = 0; c < C; c++) m += x[c];
    m /= C;
    float v = 0.0f;
    for (int c = 0; c < C; c++) v += (x[c] - m) * (x[c] - m);
    v /= C;
    float s = layernorm::rstd(v);
    float* o = out + (size_t)i * C;
    for (int c = 0; c < C; c++) o[c] = layernorm::out(x[c], m, s, weight[c], bias[c]);
    mean[i] = m;
    rstd[i] = s;
  }
}

void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                        const float* weight, const float* mean, const float* rstd, int BT, int C) {
  // With x̂ = (x − μ)·rstd and g = dout·w:  dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)).
  for (int i = 0; i < BT; i++) {
    const float* dy = dout + (size_t)i * C;
    const float* x = inp + (size_t)i * C;
    float* dx = dinp + (size_t)i * C;
    float m = mean[i], s = rstd[i];
    float gmean = 0.0f, gxmean = 0.0f;
    for (int c = 0; c < C; c++) {
      float xh = layernorm::xhat(x[c], m, s);
      float g = weight[c] * dy[c];
      gmean += g;
      gxmean += g * xh;
    }
    gmean /= C;
    gxmean /= C;
    for (int c = 0; c < C; c++) {
      float xh = layernorm::xhat(x[c], m, s);
      float g = weight[c] * dy[c];
      dbias[c] += dy[c];
      dweight[c] = layernorm::add_product(dweight[c], xh, dy[c]);  // one FMA, as the CUDA kernel adds it
      dx[c] += layernorm::dx(s, g, xh, gmean, gxmean);
    }
  }
}

// ------------------------------------------------------------------------------------------ attention

void attention_forward(float* out, float* att, const float* inp, int B, int T, int C, int NH, bool causal) {
  // inp (B,T,3C) = [q | k | v]; out (B,T,C); att (B,NH,T,T) softmax probabilities (0 where masked).
  const int C3 = 3 * C, hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < NH; h++) {
      for (int t = 0; t < T; t++) {
        const float* q = inp + ((size_t)b * T + t) * C3 + h * hs;
        float* a = att + (((size_t)b * NH + h) * T + t) * T;
        const int tmax = causal ? t : T - 1;  // attend to keys 0..tmax
        float maxv = -INFINITY;
        for (int t2 = 0; t2 <= tmax; t2++) {
          const float* k = inp + ((size_t)b * T + t2) * C3 + C + h * hs;
          float dot = 0.0f;
          for (int i = 0; i < hs; i++) dot += q[i] * k[i];
          dot *= scale;
          a[t2] = dot;
          maxv = dot > maxv ? dot : maxv;
        }
        float sum = 0.0f;
        for (int t2 = 0; t2 <= tmax; t2++) {
          a[t2] = std::exp(a[t2] - maxv);
          sum += a[t2];
        }
        const float inv = 1.0f / sum;
        for (int t2 = 0; t2 <= tmax; t2++) a[t2] *= inv;
        for (int t2 = tmax + 1; t2 < T; t2++) a[t2] = 0.0f;
        float* o = out + ((size_t)b * T + t) * C + h * hs;
        for (int i = 0; i < hs; i++) o[i] = 0.0f;
        for (int t2 = 0; t2 <= tmax; t2++) {
          const float* v = inp + ((size_t)b * T + t2) * C3 + 2 * C + h * hs;
          const float w = a[t2];
          for (int i = 0; i < hs; i++) o[i] += w * v[i];
        }
      }
    }
  }
}

void attention_backward(float* dinp, float* datt, const float* dout, const float* inp, const float* att,
                        int B, int T, int C, int NH, bool causal) {
  // out = att · v;  att = softmax(s);  s = q·kᵀ·scale.
  // dv += attᵀ·dout; datt = dout·vᵀ; ds = att ⊙ (datt − Σ att⊙datt); dq += ds·k·scale; dk += dsᵀ·q·scale.
  const int C3 = 3 * C, hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < NH; h++) {
      for (int t = 0; t < T; t++) {
        const float* a = att + (((size_t)b * NH + h) * T + t) * T;
        float* da = datt + (((size_t)b * NH + h) * T + t) * T;
        const float* dy = dout + ((size_t)b * T + t) * C + h * hs;
        const float* q = inp + ((size_t)b * T + t) * C3 + h * hs;
        float* dq = dinp + ((size_t)b * T + t) * C3 + h * hs;
        const int tmax = causal ? t : T - 1;
        // datt and dv
        float dot_ad = 0.0f;
        for (int t2 = 0; t2 <= tmax; t2++) {
          const float* v = inp + ((size_t)b * T + t2) * C3 + 2 * C + h * hs;
          float* dv = dinp + ((size_t)b * T + t2) * C3 + 2 * C + h * hs;
          float s = 0.0f;
          for (int i = 0; i < hs; i++) {
            s += dy[i] * v[i];
            dv[i] += a[t2] * dy[i];
          }
          da[t2] = s;
          dot_ad += a[t2] * s;
        }
        for (int t2 = tmax + 1; t2 < T; t2++) da[t2] = 0.0f;
        // through the softmax, then into q and k
        for (int t2 = 0; t2 <= tmax; t2++) {
          const float ds = a[t2] * (da[t2] - dot_ad) * scale;
          const float* k = inp + ((size_t)b * T + t2) * C3 + C + h * hs;
          float* dk = dinp + ((size_t)b * T + t2) * C3 + C + h * hs;
          for (int i = 0; i < hs; i++) {
            dq[i] += ds * k[i];
            dk[i] += ds * q[i];
          }
        }
      }
    }
  }
}

}  // namespace llada::nn::cpu
