#include "core/train/optim.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <numbers>

namespace llada::train {

// The buffers are walked in cache-sized chunks, each updated by Eigen array expressions: Eigen
// vectorises sqrt and division itself (a plain loop over std::sqrt does not vectorise without
// -fno-math-errno), and a chunk of p, g, m, v stays in L1/L2 across the three statements. For the
// zero-layer GPT at V = 50257 these passes over 6.5M weights are a large part of a training step.
constexpr size_t kChunk = 2048;

namespace {

// True when the n floats are all +0.0 bit for bit: an OR of the bit patterns, which the compiler
// vectorises; a float compare would accept -0.0, for which the update is not a no-op bit for bit.
bool zero_bits(const float* a, size_t n) {
  uint32_t acc = 0;
  for (size_t i = 0; i < n; ++i) acc |= std::bit_cast<uint32_t>(a[i]);
  return acc == 0;
}

// One AdamW pass over [0, n); grads_rw (the same buffer as grads, or nullptr) is cleared chunk by chunk
// right after it is read (the next backward accumulates into it), which saves a separate pass.
void adamw_pass(float* params, float* grads_rw, const float* grads, float* m, float* v, size_t n, float lr, int t,
                const AdamWConfig& cfg, unsigned char* live) {
  const float b1 = cfg.beta1, b2 = cfg.beta2;
  // Bias correction folded into two scalars: m̂ = m·c1, v̂ = v·c2.
  const float c1 = 1.0f / (1.0f - std::pow(b1, static_cast<float>(t)));
  const float c2 = 1.0f / (1.0f - std::pow(b2, static_cast<float>(t)));
  const float keep = 1.0f - lr * cfg.weight_decay;  // decoupled decay: p -= lr·wd·p
  // Skipping a block with g = m = v = +0 is exact only where the update really adds 0: lr·0/(0 + eps)
  // is 0 for a finite lr ≥ 0, finite bias corrections and eps > 0.
  if (!(std::isfinite(lr) && lr >= 0.0f && std::isfinite(c1) && std::isfinite(c2) && cfg.eps > 0.0f)) live = nullptr;
  auto update = [&](size_t i, size_t k) {  // the dense update of [i, i + k)
    const Eigen::Index K = static_cast<Eigen::Index>(k);
    Eigen::Map<const Eigen::ArrayXf> g(grads + i, K);
    Eigen::Map<Eigen::ArrayXf> P(params + i, K), M(m + i, K), S(v + i, K);
    M = b1 * M + (1.0f - b1) * g;
    S = b2 * S + (1.0f - b2) * g.square();
    P = keep * P - lr * (M * c1) / ((S * c2).sqrt() + cfg.eps);
    if (grads_rw) Eigen::Map<Eigen::ArrayXf>(grads_rw + i, K).setZero();
  };
  for (size_t i = 0; i < n; i += kChunk) {
    const size_t end = std::min(n, i + kChunk);
    if (!live) {
      update(i, end - i);
      continue;
    }
    // Consecutive blocks that need the update go to `update` as one run, so its loops stay long.
    size_t run = i;  // start of the pending run
    for (size_t b = i; b < end; b += kAdamBlock) {
      const size_t k = std::min(kAdamBlock, end - b);
      unsigned char& alive = live[b / kAdamBlock];
      if (alive || !zero_bits(grads + b, k)) {
        alive = 1;
        continue;
      }
      if (b > run) update(run, b - run);
      if (keep != 1.0f) Eigen::Map<Eigen::ArrayXf>(params + b, static_cast<Eigen::Index>(k)) *= keep;
      run = b + k;
    }
    if (end > run) update(run, end - run);
  }
}

}  // namespace

void adamw_update(float* params, const float* grads, float* m, float* v, size_t n, float lr, int t,
                  const AdamWConfig& cfg) {
  adamw_pass(params, nullptr, grads, m, v, n, lr, t, cfg, nullptr);
}

void adamw_update_zero_grad(float* params, float* grads, float* m, float* v, size_t n, float lr, int t,
                            const AdamWConfig& cfg, unsigned char* live) {
  adamw_pass(params, grads, grads, m, v, n, lr, t, cfg, live);
}

void adam_live_from_moments(unsigned char* live, const float* m, const float* v, size_t n) {
  for (size_t b = 0; b < n; b += kAdamBlock) {
    const size_t k = std::min(kAdamBlock, n - b);
    live[b / kAdamBlock] = zero_bits(m + b, k) && zero_bits(v + b, k) ? 0 : 1;
  }
}

double sum_squares(const float* x, size_t n) {
  double s = 0.0;  // chunks summed in float (vectorised), chunks accumulated in double
  for (size_t i = 0; i < n; i += kChunk) {
    const Eigen::Index k = static_cast<Eigen::Index>(std::min(kChunk, n - i));
    s += Eigen::Map<const Eigen::ArrayXf>(x + i, k).square().sum();
  }
  return s;
}

void scale(float* x, float s, size_t n) { Eigen::Map<Eigen::ArrayXf>(x, static_cast<Eigen::Index>(n)) *= s; }

float grad_global_norm(const float* grads, size_t n) { return static_cast<float>(std::sqrt(sum_squares(grads, n))); }

float clip_grad_global_norm(float* grads, size_t n, float max_norm) {
  const float norm = grad_global_norm(grads, n);
  if (!std::isfinite(norm) || max_norm <= 0.0f || norm <= max_norm) return norm;
  scale(grads, max_norm / norm, n);
  return norm;
}

float lr_at(const LrSchedule& s, int step) {
  if (step < 0) step = 0;
  if (s.warmup > 0 && step < s.warmup)
    return s.lr_max * static_cast<float>(step + 1) / static_cast<float>(s.warmup);
  if (s.total <= s.warmup) return s.lr_max;  // no decay configured
  if (step >= s.total) return s.lr_min;
  const double progress = static_cast<double>(step - s.warmup) / static_cast<double>(s.total - s.warmup);
  const double cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * progress));  // 1 → 0
  return static_cast<float>(s.lr_min + (s.lr_max - s.lr_min) * cosine);
}

}  // namespace llada::train
