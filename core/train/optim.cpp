#include "core/train/optim.hpp"

#include <cmath>
#include <numbers>

namespace llada::train {

void adamw_update(float* params, const float* grads, float* m, float* v, size_t n, float lr, int t,
                  const AdamWConfig& cfg) {
  const float b1 = cfg.beta1, b2 = cfg.beta2;
  // Bias correction folded into two scalars so the loop stays a plain elementwise pass.
  const float c1 = 1.0f / (1.0f - std::pow(b1, static_cast<float>(t)));
  const float c2 = 1.0f / (1.0f - std::pow(b2, static_cast<float>(t)));
  const float decay = lr * cfg.weight_decay;
  for (size_t i = 0; i < n; ++i) {
    const float g = grads[i];
    const float mi = b1 * m[i] + (1.0f - b1) * g;
    const float vi = b2 * v[i] + (1.0f - b2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const float mhat = mi * c1, vhat = vi * c2;
    params[i] -= lr * (mhat / (std::sqrt(vhat) + cfg.eps)) + decay * params[i];
  }
}

float grad_global_norm(const float* grads, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; ++i) s += static_cast<double>(grads[i]) * grads[i];
  return static_cast<float>(std::sqrt(s));
}

float clip_grad_global_norm(float* grads, size_t n, float max_norm) {
  const float norm = grad_global_norm(grads, n);
  if (!std::isfinite(norm) || max_norm <= 0.0f || norm <= max_norm) return norm;
  const float scale = max_norm / norm;
  for (size_t i = 0; i < n; ++i) grads[i] *= scale;
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
