#include "core/math/softmax_dist.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <Eigen/Core>

#include "core/math/sampling.hpp"

namespace llada {

namespace {

// cdf (V) = running sum of kept in double, in id order; returns the total.
double running_sum(std::span<const float> kept, std::vector<double>& cdf) {
  cdf.resize(kept.size());
  double total = 0;
  for (size_t i = 0; i < kept.size(); ++i) total += kept[i], cdf[i] = total;
  return total;
}

}  // namespace

SoftmaxDist softmax_dist(std::span<const float> logits, float T, int top_k, float top_p, int n_top) {
  SoftmaxDist d;
  const size_t V = logits.size();
  d.probs.assign(V, 0.0f);
  auto fail_with = [&](const Error& e) {
    d.error = e.to_string();
    return d;
  };
  if (auto r = softmax(logits, T, d.probs); !r) return fail_with(r.error());
  d.kept = d.probs;
  if (top_k > 0)
    if (auto r = top_k_filter(d.kept, top_k); !r) return fail_with(r.error());
  if (top_p < 1.0f)
    if (auto r = top_p_filter(d.kept, top_p); !r) return fail_with(r.error());
  auto h = entropy(d.probs);
  if (!h) return fail_with(h.error());
  d.H = d.H_kept = *h;
  if (top_k > 0 || top_p < 1.0f) {  // at V = 100 277 each pass over V counts
    auto hk = entropy(d.kept);
    if (!hk) return fail_with(hk.error());
    d.H_kept = *hk;
  }

  // The bars: the n_top largest logits. By logit, not by probability: at small T the tail underflows
  // to p = 0 and ties there would order it by id.
  std::vector<int> idx(V);
  std::iota(idx.begin(), idx.end(), 0);
  const size_t n = std::min(V, size_t(std::max(0, n_top)));
  std::partial_sort(idx.begin(), idx.begin() + std::ptrdiff_t(n), idx.end(), [&](int a, int b) {
    return logits[size_t(a)] > logits[size_t(b)] || (logits[size_t(a)] == logits[size_t(b)] && a < b);
  });
  d.top.assign(idx.begin(), idx.begin() + std::ptrdiff_t(n));

  double top_exact = 0, top_kept = 0, total_kept = 0;
  for (int id : d.top) top_exact += d.probs[size_t(id)], top_kept += d.kept[size_t(id)];
  total_kept = running_sum(d.kept, d.cdf);
  int cut = 0;
  for (size_t i = 0; i < V; ++i) cut += d.kept[i] == 0.0f && d.probs[i] > 0.0f;
  for (int id : d.top) cut -= d.kept[size_t(id)] == 0.0f && d.probs[size_t(id)] > 0.0f;
  d.rest_cut = cut;
  // Σ probs is 1 up to float rounding; the rest is what the top rows leave (clamped: never below 0).
  double total_exact = 0;
  for (float p : d.probs) total_exact += p;
  d.rest_exact = std::max(0.0, total_exact - top_exact);
  d.rest_kept = std::max(0.0, total_kept - top_kept);
  return d;
}

void retemper(SoftmaxDist& d, std::span<const float> logits, float T) {
  const size_t V = logits.size();
  if (!(T > 0.0f) || !std::isfinite(T)) {  // softmax_dist's message for it
    d = softmax_dist(logits, T, 0, 1.0f, int(d.top.size()));
    return;
  }
  float mx = d.top.empty() ? -INFINITY : logits[size_t(d.top[0])];
  if (d.top.empty())
    for (float z : logits) mx = std::max(mx, z);
  d.probs.resize(V);
  using Block = Eigen::Array<float, Eigen::Dynamic, 1>;
  constexpr size_t kBlock = 4096;
  Block s, e;
  double Z = 0, es = 0;  // Σ e, Σ e·s
  for (size_t b = 0; b < V; b += kBlock) {
    const Eigen::Index n = Eigen::Index(std::min(kBlock, V - b));
    s = (Eigen::Map<const Block>(logits.data() + b, n) - mx) * (1.0f / T);
    e = (s > -87.0f).select(s.exp(), 0.0f);  // z = −inf: s = −inf, e = 0
    Z += double(e.sum());
    es += double((e > 0.0f).select(e * s, 0.0f).sum());
    Eigen::Map<Block>(d.probs.data() + b, n) = e;
  }
  Eigen::Map<Block>(d.probs.data(), Eigen::Index(V)) *= float(1.0 / Z);
  d.H = d.H_kept = std::max(0.0, std::log(Z) - es / Z);
  d.kept = d.probs;
  double top = 0;
  for (int id : d.top) top += d.probs[size_t(id)];
  d.rest_exact = d.rest_kept = std::max(0.0, 1.0 - top);
  d.rest_cut = 0;
  d.cdf.clear();
}

void ensure_cdf(SoftmaxDist& d) {
  if (d.cdf.empty() && !d.kept.empty()) running_sum(d.kept, d.cdf);
}

int draw_token(const SoftmaxDist& d, float u) {
  // sample_from_uniform: the first index whose running sum exceeds u · Σ (never one with p = 0, since
  // the sum only rises at positive entries), else the last positive one.
  if (d.cdf.empty()) return 0;
  const double target = double(u) * d.cdf.back();
  auto it = std::upper_bound(d.cdf.begin(), d.cdf.end(), target);
  if (it != d.cdf.end()) return int(it - d.cdf.begin());
  for (size_t i = d.kept.size(); i-- > 0;)
    if (d.kept[i] > 0.0f) return int(i);
  return 0;
}

EntropyCurve entropy_curve(std::span<const float> logits, int points, double T_lo, double T_hi) {
  EntropyCurve c;
  std::vector<float> p(logits.size());
  for (int i = 0; i < points; ++i) {
    const double T = T_lo * std::pow(T_hi / T_lo, points > 1 ? double(i) / (points - 1) : 0.0);
    if (!softmax(logits, float(T), p)) continue;
    if (auto h = entropy(p)) c.T.push_back(T), c.H.push_back(*h);
  }
  return c;
}

}  // namespace llada
