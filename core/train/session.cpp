#include "core/train/session.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "core/train/memory.hpp"

namespace llada::train {

std::string model_kind_name(const ModelConfig& cfg) {
  if (cfg.kind == ModelKind::ZeroLayerGPT) return "zero-layer";
  return cfg.causal ? "gpt" : "llada";
}

CheckpointMeta checkpoint_meta(const ModelConfig& cfg, const std::string& tokenizer_id, uint64_t step) {
  CheckpointMeta m;
  m.model_kind = model_kind_name(cfg);
  m.tokenizer_id = tokenizer_id;
  m.step = step;
  m.config = {{"kind", static_cast<int64_t>(cfg.kind)},
              {"V", cfg.vocab},
              {"Vin", cfg.in_vocab()},
              {"d", cfg.d},
              {"n_layer", cfg.n_layer},
              {"n_head", cfg.n_head},
              {"causal", cfg.causal ? 1 : 0},
              {"tie", cfg.tie_weights ? 1 : 0},
              {"act", static_cast<int64_t>(cfg.activation)}};
  // The zero-layer GPT has no position table: its weights fit any T, so T is not part of its identity.
  if (cfg.kind == ModelKind::Transformer) m.config.emplace_back("T", cfg.T);
  if (cfg.onehot_embedding) m.config.emplace_back("onehot", 1);  // absent in files without it
  return m;
}

Result<ModelConfig> model_config_from_meta(const CheckpointMeta& meta) {
  // Every field is checked before it is used: a header with a valid checksum can still describe a model
  // that does not exist (an unknown kind, a negative width, a value that wraps when cast to int).
  const std::string hint = "it was probably written by another version of LLaDA Lab, or edited; train again";
  auto value = [&](const char* key, int64_t lo, int64_t hi, std::optional<int64_t> fallback) -> Result<int> {
    bool found = false;
    int64_t v = 0;
    for (const auto& [k, val] : meta.config)
      if (k == key) found = true, v = val;
    if (!found) {
      if (fallback) return static_cast<int>(*fallback);
      return fail("the checkpoint's header lacks the model field '" + std::string(key) + "'", hint);
    }
    if (v < lo || v > hi)
      return fail("the checkpoint's header has " + std::string(key) + " = " + std::to_string(v) + ", outside " +
                      std::to_string(lo) + ".." + std::to_string(hi),
                  hint);
    return static_cast<int>(v);
  };
  ModelConfig c;
  const auto kind = value("kind", 0, 1, std::nullopt);
  if (!kind) return std::unexpected(kind.error());
  c.kind = static_cast<ModelKind>(*kind);
  const bool tf = c.kind == ModelKind::Transformer;
  const std::optional<int64_t> none, zero = 0, one = 1;
  struct Field { const char* key; int64_t lo, hi; std::optional<int64_t> fallback; int* out; };
  int causal = 1, tie = 0, act = 0;
  for (const Field& f : {Field{"V", 1, INT32_MAX, none, &c.vocab}, Field{"Vin", 0, INT32_MAX, zero, &c.input_vocab},
                         Field{"d", 1, 8192, none, &c.d}, Field{"n_layer", 0, 64, tf ? none : zero, &c.n_layer},
                         Field{"n_head", 1, 8192, tf ? none : one, &c.n_head}, Field{"causal", 0, 1, one, &causal},
                         Field{"tie", 0, 1, zero, &tie}, Field{"act", 0, 2, zero, &act},
                         Field{"T", 1, 4096, tf ? none : std::optional<int64_t>(8), &c.T}}) {
    auto v = value(f.key, f.lo, f.hi, f.fallback);
    if (!v) return std::unexpected(v.error());
    *f.out = *v;
  }
  c.causal = causal != 0;
  c.tie_weights = tie != 0;
  c.activation = static_cast<nn::Activation>(act);
  const auto onehot = value("onehot", 0, 1, zero);  // absent in files without the one-hot embedding
  if (!onehot) return std::unexpected(onehot.error());
  c.onehot_embedding = *onehot != 0;
  if (auto ok = c.validate(); !ok)
    return fail("the checkpoint describes a model this program cannot build: " + ok.error().what, hint);
  if (meta.model_kind != model_kind_name(c))
    return fail("the checkpoint's header says model '" + meta.model_kind + "' but its fields describe a " +
                    model_kind_name(c) + " model",
                hint);
  return c;
}

Result<TrainSession> TrainSession::create(const TrainConfig& cfg) {
  if (auto ok = cfg.model.validate(); !ok) return std::unexpected(ok.error());
  if (cfg.objective == Objective::Llada && cfg.model.mask_id() < 0)
    return fail("the LLaDA objective needs a model with a [MASK] input id",
                "use the llada model (bidirectional, input vocabulary V + 1)");
  if (cfg.B < 1 || cfg.T < 1) return fail("batch shape must be at least 1×1", "e.g. B = 5, T = 8 as in the seed");
  const nn::Backend& be = cfg.backend ? *cfg.backend : nn::cpu_backend();
  if (auto ok = check_fits_in_memory(training_bytes(cfg.model, cfg.B, cfg.T), "training " + cfg.model.describe(), be);
      !ok)
    return std::unexpected(ok.error());
  auto model = Model::create(cfg.model, cfg.seed, &be);
  if (!model) return std::unexpected(model.error());
  if (auto ok = model->reserve(cfg.B, cfg.T); !ok) return std::unexpected(ok.error());
  auto m = nn::ParamBuffer::create(model->params().layout(), be);
  if (!m) return std::unexpected(m.error());
  auto v = nn::ParamBuffer::create(model->params().layout(), be);
  if (!v) return std::unexpected(v.error());
  auto live = nn::DeviceBuffer::allocate(be, adam_live_blocks(model->num_params()));
  if (!live) return std::unexpected(live.error());
  if (auto ok = live->zero(); !ok) return std::unexpected(ok.error());  // moments all zero
  TrainSession s(cfg, std::move(*model), std::move(*m), std::move(*v));
  s.live_ = std::move(*live);
  return s;
}

TrainSession::TrainSession(TrainConfig cfg, Model model, nn::ParamBuffer m, nn::ParamBuffer v)
    : cfg_(std::move(cfg)), model_(std::move(model)), m_(std::move(m)), v_(std::move(v)) {
  cfg_.backend = &model_.backend();
  in_.resize(static_cast<size_t>(cfg_.B) * cfg_.T);
  tg_.resize(in_.size());
}

Result<void> TrainSession::ensure(nn::DeviceBuffer& b, size_t bytes) {
  const nn::Backend& be = model_.backend();
  if (b.bytes() >= bytes && b.backend() == &be) return {};
  auto nb = nn::DeviceBuffer::allocate(be, bytes);
  if (!nb) return std::unexpected(nb.error());
  b = std::move(*nb);
  return {};
}

Result<void> TrainSession::upload_objective(size_t BT) {
  if (auto ok = ensure(targets_, BT * sizeof(int32_t)); !ok) return ok;
  if (auto ok = ensure(weights_, BT * sizeof(float)); !ok) return ok;
  if (auto ok = ensure(losses_, BT * sizeof(float)); !ok) return ok;
  if (auto ok = targets_.upload(prep_.targets.data(), BT * sizeof(int32_t)); !ok) return ok;
  // AR's weights are one value, 1/(B·T): filled on the backend instead of sent.
  if (cfg_.objective == Objective::Autoregressive) return weights_.fill(prep_.weights[0]);
  return weights_.upload(prep_.weights.data(), BT * sizeof(float));
}

Result<double> TrainSession::forward_loss(const int32_t* inputs, const int32_t* targets, int B, int T,
                                          uint64_t first_seq, float* per_token, float fixed_t) {
  const size_t BT = static_cast<size_t>(B) * T;
  Result<void> prepared =
      cfg_.objective == Objective::Autoregressive
          ? prepare_autoregressive({inputs, BT}, {targets, BT}, B, T, prep_)
      : fixed_t > 0.0f
          ? prepare_llada_at({inputs, BT}, B, T, fixed_t, model_.mask_id(), cfg_.seed, first_seq, cfg_.llada, prep_)
          : prepare_llada({inputs, BT}, B, T, model_.mask_id(), cfg_.seed, first_seq, cfg_.llada, prep_);
  if (!prepared) return std::unexpected(prepared.error());
  auto logits = model_.forward(prep_.inputs.data(), B, T);
  if (!logits) return std::unexpected(logits.error());
  if (auto ok = upload_objective(BT); !ok) return std::unexpected(ok.error());
  weight_sum_ = 0;
  for (float w : prep_.weights) weight_sum_ += w;
  const double loss = model_.backend().crossentropy_forward(losses_.f32(), *logits, targets_.i32(), weights_.f32(),
                                                            static_cast<int>(BT), model_.vocab());
  if (per_token)
    if (auto ok = losses_.download(per_token, BT * sizeof(float)); !ok) return std::unexpected(ok.error());
  if (auto ok = model_.backend().synchronize(); !ok) return std::unexpected(ok.error());
  return loss;
}

Result<double> TrainSession::llada_loss_on_backend(const int32_t* x0, int B, int T, uint64_t first_seq) {
  const size_t BT = static_cast<size_t>(B) * T;
  if (!(cfg_.llada.eps > 0.0f && cfg_.llada.eps < 1.0f))
    return fail("the smallest diffusion time ε must lie in (0, 1)", "LLaDA uses ε = 1e-3");
  if (auto ok = model_.check_tokens(x0, BT); !ok) return std::unexpected(ok.error());
  const std::pair<nn::DeviceBuffer*, size_t> need[] = {{&x0_, BT * sizeof(int32_t)},      {&inputs_, BT * sizeof(int32_t)},
                                                       {&targets_, BT * sizeof(int32_t)}, {&weights_, BT * sizeof(float)},
                                                       {&losses_, BT * sizeof(float)}};
  for (const auto& [buf, bytes] : need)
    if (auto ok = ensure(*buf, bytes); !ok) return std::unexpected(ok.error());
  if (auto ok = x0_.upload(x0, BT * sizeof(int32_t)); !ok) return std::unexpected(ok.error());
  // The row times are drawn with the masks, on the backend (sample_time): only x0 goes up.
  const nn::Backend& be = model_.backend();
  weight_sum_ = be.llada_mask(inputs_.i32(), targets_.i32(), weights_.f32(), x0_.i32(), B, T, model_.mask_id(),
                              cfg_.seed, first_seq, cfg_.llada.eps, cfg_.llada.inverse_t);
  if (!std::isfinite(weight_sum_))
    return fail(std::string("the ") + be.name() + " backend could not prepare the LLaDA batch",
                "continue on the CPU, or rebuild the model");
  auto logits = model_.forward_device(inputs_.i32(), B, T);
  if (!logits) return std::unexpected(logits.error());
  return be.crossentropy_forward(losses_.f32(), *logits, targets_.i32(), weights_.f32(), static_cast<int>(BT),
                                 model_.vocab());
}

Result<double> TrainSession::evaluate(const int32_t* inputs, const int32_t* targets, int B, int T, uint64_t first_seq,
                                      float* per_token, float fixed_t) {
  return forward_loss(inputs, targets, B, T, first_seq, per_token, fixed_t);
}

Result<StepResult> TrainSession::step(const BatchFn& batch) {
  const int B = cfg_.B, T = cfg_.T, V = model_.vocab();
  const nn::Backend& be = model_.backend();
  batch(step_, B, T, in_.data(), tg_.data());
  const uint64_t first_seq = step_ * static_cast<uint64_t>(B);
  auto loss = cfg_.objective == Objective::Llada ? llada_loss_on_backend(in_.data(), B, T, first_seq)
                                                 : forward_loss(in_.data(), tg_.data(), B, T, first_seq, nullptr, 0.0f);
  if (!loss) return std::unexpected(loss.error());
  StepResult r;
  r.loss = static_cast<float>(*loss);
  // The gradients are zero here: after create/reset/init, and after every step (cleared by the fused
  // AdamW pass, or below on divergence), so backward can accumulate into them without a zeroing pass.
  // dlogits written over the logits (they are not needed again), then backward from them.
  be.crossentropy_backward(model_.mutable_logits(), model_.logits(), targets_.i32(), weights_.f32(), B * T, V);
  model_.backward(model_.logits());
  // Global-norm clip (clip_grad_global_norm, as backend ops): the norm is the one scalar that comes back.
  float* grads = model_.grads().data();
  const size_t n = model_.grads().size();
  r.grad_norm = static_cast<float>(std::sqrt(be.sum_squares(grads, n)));
  if (std::isfinite(r.grad_norm) && cfg_.grad_clip > 0.0f && r.grad_norm > cfg_.grad_clip)
    be.scale(grads, cfg_.grad_clip / r.grad_norm, n);
  r.lr = lr_at(cfg_.lr, static_cast<int>(step_));
  // mean CE per predicted token = loss / Σ weights (AR: Σ = 1), Σ from the objective's preparation
  const double mean_ce = weight_sum_ > 0 ? r.loss / weight_sum_ : 0.0;
  const bool exploded = mean_ce > kDivergedCeFactor * std::max(1.0, std::log(static_cast<double>(V))) ||
                        (grad_seen_ >= kGradWarmSteps && r.grad_norm > kGradBlowup * grad_mean_);
  if (!std::isfinite(r.loss) || !std::isfinite(r.grad_norm) || exploded) {
    r.diverged = true;
    if (auto ok = model_.zero_grad(); !ok) return std::unexpected(ok.error());
    if (auto ok = be.synchronize(); !ok) return std::unexpected(ok.error());
    return r;
  }
  grad_seen_++;
  grad_mean_ += (r.grad_norm - grad_mean_) / std::min(grad_seen_, 20);  // a mean, then a moving one
  const AdamWConfig& a = cfg_.adam;
  be.adamw_step(model_.params().data(), grads, m_.data(), v_.data(), static_cast<unsigned char*>(live_.data()), n,
                nn::AdamWStep{.lr = r.lr, .beta1 = a.beta1, .beta2 = a.beta2, .eps = a.eps,
                              .weight_decay = a.weight_decay, .t = static_cast<int>(step_ + 1)});
  if (auto ok = be.synchronize(); !ok) return std::unexpected(ok.error());
  ++step_;
  return r;
}

Result<void> TrainSession::reset(uint64_t seed) {
  cfg_.seed = seed;
  if (auto ok = model_.init_weights(seed); !ok) return ok;
  if (auto ok = m_.zero(); !ok) return ok;
  if (auto ok = v_.zero(); !ok) return ok;
  if (auto ok = live_.zero(); !ok) return ok;
  step_ = 0;
  grad_mean_ = 0;
  grad_seen_ = 0;
  return {};
}

Result<HostState> TrainSession::download_state() const {
  HostState s;
  s.step = step_;
  auto p = model_.params().download();
  if (!p) return std::unexpected(p.error());
  auto m = m_.download();
  if (!m) return std::unexpected(m.error());
  auto v = v_.download();
  if (!v) return std::unexpected(v.error());
  s.params = std::move(*p);
  s.m = std::move(*m);
  s.v = std::move(*v);
  return s;
}

Result<void> TrainSession::restore_state(const HostState& s) {
  const size_t n = model_.num_params();
  if (s.params.size() != n || s.m.size() != n || s.v.size() != n)
    return fail("a saved training state of " + std::to_string(s.params.size()) + " weights does not fit a model of " +
                    std::to_string(n),
                "this is a bug in the caller: report it");
  if (auto ok = model_.upload_params(s.params); !ok) return ok;
  if (auto ok = m_.upload(s.m); !ok) return ok;
  if (auto ok = v_.upload(s.v); !ok) return ok;
  // Which blocks of the moments are all zero, worked out on the host from the values just written.
  std::vector<unsigned char> live(adam_live_blocks(n));
  adam_live_from_moments(live.data(), s.m.data(), s.v.data(), n);
  if (auto ok = live_.upload(live.data(), live.size()); !ok) return ok;
  if (auto ok = model_.zero_grad(); !ok) return ok;
  step_ = s.step;
  return {};
}

Result<void> TrainSession::move_to(const nn::Backend& backend, const HostState& s) {
  TrainConfig cfg = cfg_;
  cfg.backend = &backend;
  auto moved = create(cfg);
  if (!moved) return std::unexpected(moved.error());
  if (auto ok = moved->restore_state(s); !ok) return ok;
  *this = std::move(*moved);
  return {};
}

Result<void> TrainSession::save(const std::string& path) const {
  auto s = download_state();
  if (!s) return std::unexpected(s.error());
  return save_checkpoint(path, checkpoint_meta(cfg_.model, cfg_.tokenizer_id, step_), s->params, s->m, s->v);
}

Result<void> TrainSession::load(const std::string& path) {
  const size_t n = model_.num_params();
  HostState s;
  s.params.resize(n);
  s.m.resize(n);
  s.v.resize(n);
  auto meta = load_checkpoint_into(path, checkpoint_meta(cfg_.model, cfg_.tokenizer_id, step_), s.params, s.m, s.v);
  if (!meta) return std::unexpected(meta.error());
  s.step = meta->step;
  return restore_state(s);
}

}  // namespace llada::train

namespace llada::train {

Result<LoadedModel> load_model_checkpoint(const std::string& path, const nn::Backend* backend) {
  auto ck = read_checkpoint(path);
  if (!ck) return std::unexpected(ck.error());
  return model_from_checkpoint(std::move(*ck), path, backend);
}

Result<LoadedModel> model_from_checkpoint(Checkpoint ck, const std::string& path, const nn::Backend* backend) {
  auto cfg = model_config_from_meta(ck.meta);
  if (!cfg) return std::unexpected(cfg.error());
  // Compared before anything is allocated (parameter_count sums the model's layout): a small file must not
  // make us allocate a huge model.
  if (parameter_count(*cfg) != ck.params.size())
    return fail("checkpoint '" + path + "' has " + std::to_string(ck.params.size()) + " weights, its model needs " +
                    std::to_string(parameter_count(*cfg)),
                "it was written by another version of LLaDA Lab; train again");
  auto model = Model::create(*cfg, 0, backend, false);  // weights from the file, not drawn
  if (!model) return std::unexpected(model.error());
  if (auto ok = model->upload_params(ck.params); !ok) return std::unexpected(ok.error());
  return LoadedModel{std::move(*model), std::move(ck.meta)};
}

}  // namespace llada::train
