#include "core/inspect/unembedding.hpp"

#include <cmath>

namespace llada::inspect {

LogitTerm logit_term(const float* W, const float* bias, std::span<const float> h, int32_t token) {
  const size_t C = h.size();
  const float* v = W + static_cast<size_t>(token) * C;
  double vv = 0, hh = 0, vh = 0;
  for (size_t c = 0; c < C; c++) vv += double(v[c]) * v[c], hh += double(h[c]) * h[c], vh += double(v[c]) * h[c];
  LogitTerm t;
  t.token = token;
  t.v_norm = std::sqrt(vv);
  t.h_norm = std::sqrt(hh);
  t.cos = t.v_norm > 0 && t.h_norm > 0 ? vh / (t.v_norm * t.h_norm) : 0.0;
  t.bias = bias ? bias[token] : 0.0;
  return t;
}

HiddenGradient hidden_gradient(const float* W, std::span<const float> probs, int C, int32_t target) {
  HiddenGradient g;
  std::vector<double> e(C, 0.0);
  for (size_t i = 0; i < probs.size(); i++) {
    const double p = probs[i];
    if (p == 0) continue;
    const float* v = W + i * C;
    for (int c = 0; c < C; c++) e[c] += p * v[c];
  }
  const float* vt = W + static_cast<size_t>(target) * C;
  g.expected_row.resize(C);
  g.true_row.assign(vt, vt + C);
  g.grad.resize(C);
  for (int c = 0; c < C; c++) {
    g.expected_row[c] = static_cast<float>(e[c]);
    g.grad[c] = static_cast<float>(e[c] - vt[c]);
  }
  g.loss = -std::log(std::max(static_cast<double>(probs[target]), 1e-300));
  return g;
}

void unembedding_row_gradient(std::span<const float> h, float p_i, bool is_true, std::span<float> out) {
  const float k = p_i - (is_true ? 1.0f : 0.0f);
  for (size_t c = 0; c < h.size(); c++) out[c] = k * h[c];
}

std::vector<float> logits_at(const float* W, const float* bias, std::span<const float> h, int V) {
  const size_t C = h.size();
  std::vector<float> z(V);
  for (int i = 0; i < V; i++) {
    double s = bias ? bias[i] : 0.0;
    for (size_t c = 0; c < C; c++) s += double(W[i * C + c]) * h[c];
    z[i] = static_cast<float>(s);
  }
  return z;
}

}  // namespace llada::inspect
