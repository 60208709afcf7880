#include "core/train/tying.hpp"

#include <algorithm>
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

Result<std::vector<TyingPoint>> run_tying(RunOptions o, const std::function<void(double)>& progress,
                                          const std::atomic<bool>* cancel) {
  o.model = "zero-layer";
  o.embedding = "lookup";
  o.tie = false;
  if (o.steps < 1) return fail("the tying comparison needs at least one step", "give --steps 1 or more");
  auto data = load_train_data(o.tokenizer, o.corpus, o.B, o.T, o.stride, o.seed);
  if (!data) return std::unexpected(data.error());
  auto cfg = make_train_config(o, *(*data)->tok);
  if (!cfg) return std::unexpected(cfg.error());
  const int steps = int(std::min<long long>(o.steps, 1 << 30));
  return compare_tying(*cfg, batch_fn(*(*data)->train), steps, std::max(1, steps / 100), progress, cancel);
}

CsvTable tying_table(const std::vector<TyingPoint>& points) {
  std::vector<double> step, lu, lt, d, c;
  for (const auto& p : points)
    step.push_back(double(p.step)), lu.push_back(p.loss_untied), lt.push_back(p.loss_tied), d.push_back(p.distance),
        c.push_back(p.mean_cos);
  return CsvTable{{"step", "loss_untied", "loss_tied", "untied_E_WU_distance", "untied_mean_row_cos"},
                  {std::move(step), std::move(lu), std::move(lt), std::move(d), std::move(c)}};
}

}  // namespace llada::train
