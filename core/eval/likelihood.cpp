#include "core/eval/likelihood.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"

namespace llada::eval {

namespace {

int group_size(Estimator e, const BoundOptions& opt) {
  return e == Estimator::Stratified ? opt.strata : e == Estimator::Antithetic ? 2 : 1;
}

// −log softmax(row)[token], or an error naming the position.
Result<double> neg_log_p(const float* row, int V, int32_t token, std::vector<float>& scratch, int position) {
  scratch.resize(V);
  if (auto ok = log_softmax(std::span<const float>(row, V), 1.0f, scratch); !ok)
    return fail("position " + std::to_string(position) + ": " + ok.error().what, ok.error().hint);
  return -static_cast<double>(scratch[token]);
}

Result<void> check_ids(int V, std::span<const int32_t> x) {
  for (int32_t id : x)
    if (id < 0 || id >= V)
      return fail("token id " + std::to_string(id) + " is not one of the model's " + std::to_string(V) + " classes",
                  "encode the text with the model's own tokenizer");
  return {};
}

}  // namespace

const char* estimator_name(Estimator e) {
  switch (e) {
    case Estimator::Training: return "training";
    case Estimator::Evaluation: return "evaluation";
    case Estimator::Stratified: return "stratified";
    case Estimator::Antithetic: return "antithetic";
  }
  return "?";
}

Result<BoundSample> bound_sample(const gen::LogitsFn& llada, int V, std::span<const int32_t> x, Estimator e,
                                 uint64_t k, const BoundOptions& opt) {
  const int L = static_cast<int>(x.size()), n = L - opt.prefix;
  if (opt.prefix < 0 || n < 1)
    return fail("nothing to score: " + std::to_string(L) + " tokens with " + std::to_string(opt.prefix) +
                    " of them given as the condition",
                "give a longer text (at least two tokens)");
  if (opt.mask_id < V) return fail("the model has no [MASK] id", "estimate the bound with a LLaDA mask predictor");
  const uint64_t stride = uint64_t(L) + 1;
  auto u_at = [&](uint64_t sample, uint64_t i) { return uniform01(opt.seed, stream::likelihood, sample * stride + i); };
  BoundSample out;
  std::vector<char> masked(L, 0);
  double weight = 0;
  if (e == Estimator::Evaluation) {
    const int l = std::min(n, 1 + static_cast<int>(u_at(k, 0) * n));
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), opt.prefix);
    std::vector<float> u(L);
    for (int i = opt.prefix; i < L; ++i) u[i] = u_at(k, 1 + i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return u[a] < u[b]; });
    for (int j = 0; j < l; ++j) masked[order[j]] = 1;
    out.t = double(l) / n;
    weight = double(n) / l;
  } else {
    double t;
    if (e == Estimator::Training) {
      t = 1.0 - u_at(k, 0);
    } else if (e == Estimator::Stratified) {
      const int G = opt.strata;
      t = (double(k % G) + 1.0 - u_at(k, 0)) / G;
    } else {
      const double u = u_at(k & ~uint64_t(1), 0);
      t = (k & 1) ? u : 1.0 - u;
    }
    for (int i = opt.prefix; i < L; ++i) masked[i] = u_at(k, 1 + i) < t;
    out.t = t;
    weight = t > 0 ? 1.0 / t : 0.0;
  }
  out.masked = static_cast<int>(std::count(masked.begin(), masked.end(), 1));
  if (out.masked == 0) return out;
  std::vector<int32_t> xt(x.begin(), x.end());
  for (int i = 0; i < L; ++i)
    if (masked[i]) xt[i] = opt.mask_id;
  std::vector<float> logits(static_cast<size_t>(L) * V), scratch;
  llada(xt.data(), L, logits.data());
  double sum = 0;
  for (int i = 0; i < L; ++i) {
    if (!masked[i]) continue;
    auto nl = neg_log_p(logits.data() + static_cast<size_t>(i) * V, V, x[i], scratch, i);
    if (!nl) return std::unexpected(nl.error());
    sum += *nl;
  }
  out.estimate = weight * sum;
  return out;
}

RunningStat running_stat(const BoundSeries& s, int n) {
  const int G = std::max(1, s.group);
  const int groups = std::min<int>(n, static_cast<int>(s.samples.size())) / G;
  RunningStat r;
  r.n = groups * G;
  if (groups == 0) return r;
  std::vector<double> means(groups, 0.0);
  for (int g = 0; g < groups; ++g) {
    for (int j = 0; j < G; ++j) means[g] += s.samples[size_t(g) * G + j].estimate;
    means[g] /= G;
  }
  r.mean = std::accumulate(means.begin(), means.end(), 0.0) / groups;
  if (groups > 1) {
    double ss = 0;
    for (double m : means) ss += (m - r.mean) * (m - r.mean);
    r.std_error = std::sqrt(ss / (groups - 1) / groups);
  }
  return r;
}

Result<BoundSeries> estimate_bound(const gen::LogitsFn& llada, int V, std::span<const int32_t> x, Estimator e,
                                   const BoundOptions& opt) {
  if (opt.samples < 2) return fail("at least 2 samples are needed for a standard error", "e.g. --samples 64");
  if (opt.strata < 2) return fail("the stratified estimator needs at least 2 strata", "e.g. 8");
  if (auto ok = check_ids(V, x); !ok) return std::unexpected(ok.error());
  BoundSeries s;
  s.estimator = e;
  s.group = group_size(e, opt);
  const int n = (opt.samples + s.group - 1) / s.group * s.group;
  for (int k = 0; k < n; ++k) {
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) return fail("cancelled", "");
    auto b = bound_sample(llada, V, x, e, uint64_t(k), opt);
    if (!b) return std::unexpected(b.error());
    s.samples.push_back(*b);
  }
  const RunningStat all = running_stat(s, n);
  s.mean = all.mean, s.std_error = all.std_error;
  const int groups = n / s.group;
  s.variance_per_sample = all.std_error * all.std_error * groups * s.group;
  return s;
}

CsvTable estimates_table(std::span<const BoundSeries> series) {
  std::vector<std::string> est;
  std::vector<double> k, v, t, m;
  for (const BoundSeries& s : series)
    for (size_t j = 0; j < s.samples.size(); ++j) {
      est.push_back(estimator_name(s.estimator));
      k.push_back(double(j));
      v.push_back(s.samples[j].estimate);
      t.push_back(s.samples[j].t);
      m.push_back(s.samples[j].masked);
    }
  return CsvTable{{"estimator", "sample", "estimate", "t", "masked"}, {est, k, v, t, m}};
}

Result<double> exact_nll_causal(const gen::LogitsFn& gpt, int V, std::span<const int32_t> x, int prefix, int context) {
  const int L = static_cast<int>(x.size());
  if (prefix < 1 || prefix >= L)
    return fail("a causal model scores tokens 1 … L−1 given the ones before; prefix " + std::to_string(prefix) +
                    " of " + std::to_string(L) + " tokens leaves nothing",
                "give a longer text (at least two tokens)");
  if (auto ok = check_ids(V, x); !ok) return std::unexpected(ok.error());
  std::vector<float> logits, scratch;
  double sum = 0;
  if (context <= 0 || L - 1 <= context) {  // one pass: row i−1 predicts token i
    logits.resize(static_cast<size_t>(L - 1) * V);
    gpt(x.data(), L - 1, logits.data());
    for (int i = prefix; i < L; ++i) {
      auto nl = neg_log_p(logits.data() + static_cast<size_t>(i - 1) * V, V, x[i], scratch, i);
      if (!nl) return std::unexpected(nl.error());
      sum += *nl;
    }
    return sum;
  }
  for (int i = prefix; i < L; ++i) {  // sliding window: the last `context` tokens before i
    const int lo = std::max(0, i - context), T = i - lo;
    logits.resize(static_cast<size_t>(T) * V);
    gpt(x.data() + lo, T, logits.data());
    auto nl = neg_log_p(logits.data() + static_cast<size_t>(T - 1) * V, V, x[i], scratch, i);
    if (!nl) return std::unexpected(nl.error());
    sum += *nl;
  }
  return sum;
}

}  // namespace llada::eval
