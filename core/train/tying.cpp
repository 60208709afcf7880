#include "core/train/tying.hpp"

#include <cmath>

namespace llada::train {

std::pair<double, double> embedding_unembedding_gap(const Model& m) {
  if (m.config().tie_weights) return {0.0, 1.0};
  auto Ed = m.download_embedding();
  auto Wd = m.download_params("unembed.w");
  if (!Ed || !Wd) return {std::nan(""), std::nan("")};
  const std::vector<float>& E = *Ed;
  const float* W = Wd->data();
  const size_t V = m.vocab(), C = m.config().d;
  double diff = 0, norm = 0, cos_sum = 0;
  for (size_t i = 0; i < V; i++) {
    double ee = 0, ww = 0, ew = 0;
    for (size_t c = 0; c < C; c++) {
      const double e = E[i * C + c], w = W[i * C + c];
      diff += (e - w) * (e - w), ee += e * e, ww += w * w, ew += e * w;
    }
    norm += ee;
    if (ee > 0 && ww > 0) cos_sum += ew / std::sqrt(ee * ww);
  }
  return {norm > 0 ? std::sqrt(diff / norm) : 0.0, V > 0 ? cos_sum / V : 0.0};
}

Result<std::vector<TyingPoint>> compare_tying(TrainConfig cfg, const BatchFn& batch, int steps, int every,
                                              const std::function<void(double)>& progress,
                                              const std::atomic<bool>* cancel) {
  if (cfg.model.kind != ModelKind::ZeroLayerGPT)
    return fail("the tying comparison trains the zero-layer GPT", "choose the model zero-layer");
  cfg.model.onehot_embedding = false;
  cfg.model.tie_weights = false;
  auto untied = TrainSession::create(cfg);
  if (!untied) return std::unexpected(untied.error());
  cfg.model.tie_weights = true;
  auto tied = TrainSession::create(cfg);
  if (!tied) return std::unexpected(tied.error());
  std::vector<TyingPoint> out;
  every = std::max(1, every);
  auto record = [&](uint64_t s, float lu, float lt) {
    const auto [d, c] = embedding_unembedding_gap(untied->model());
    out.push_back({s, lu, lt, d, c});
  };
  for (int s = 1; s <= steps; s++) {
    if (cancel && cancel->load()) break;
    auto ru = untied->step(batch);
    if (!ru) return std::unexpected(ru.error());
    auto rt = tied->step(batch);
    if (!rt) return std::unexpected(rt.error());
    if (ru->diverged || rt->diverged)
      return fail("training diverged at step " + std::to_string(s), "lower the learning rate");
    if (s == 1 || s % every == 0 || s == steps) record(s, ru->loss, rt->loss);
    if (progress) progress(double(s) / steps);
  }
  return out;
}

}  // namespace llada::train
