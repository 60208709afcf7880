#include "core/train/inspection.hpp"

#include "core/inspect/embedding_space.hpp"

namespace llada::train {

std::shared_ptr<const EmbeddingView> download_embedding_view(const Model& m, int position, int32_t target, uint64_t step) {
  const ModelConfig& c = m.config();
  auto v = std::make_shared<EmbeddingView>();
  v->step = step;
  v->V = c.vocab;
  v->Vin = c.in_vocab();
  v->C = c.d;
  v->tied = c.tie_weights;
  v->position = position;
  v->target = target;
  // Explicit downloads (a copy on the CPU): E, W_U when untied, b, the probe position's h and logits.
  auto E = m.download_embedding();
  auto b = m.download_params("unembed.b");
  auto h = m.download_hidden(static_cast<size_t>(position), 1);
  auto z = m.download_logits(static_cast<size_t>(position), 1);
  if (!E || !b || !h || !z) return nullptr;
  if (!v->tied) {
    auto W = m.download_params("unembed.w");
    if (!W) return nullptr;
    v->unembedding = std::move(*W);
  }
  v->embedding = std::move(*E);
  v->bias = std::move(*b);
  v->hidden = std::move(*h);
  v->logits = std::move(*z);
  return v;
}

std::shared_ptr<const AttentionView> download_attention_view(const Model& m, uint64_t step) {
  const ModelConfig& c = m.config();
  if (c.kind != ModelKind::Transformer || c.n_layer < 1 || m.last_B() < 1) return nullptr;
  auto v = std::make_shared<AttentionView>();
  v->step = step;
  v->n_layer = c.n_layer;
  v->n_head = c.n_head;
  v->T = m.last_T();
  v->causal = c.causal;
  const size_t per_layer = static_cast<size_t>(c.n_head) * v->T * v->T;  // batch row 0 only
  v->probs.reserve(per_layer * c.n_layer);
  for (int l = 0; l < c.n_layer; l++) {
    auto a = m.download_attention(l);
    if (!a) return nullptr;
    v->probs.insert(v->probs.end(), a->begin(), a->begin() + per_layer);
  }
  return v;
}

SpectrumPoint embedding_spectrum(const Model& m, uint64_t step) {
  SpectrumPoint p;
  p.step = step;
  auto E = m.download_embedding();
  if (!E) return p;
  p.sv = inspect::singular_values(E->data(), m.config().in_vocab(), m.config().d);
  p.effective_rank = inspect::effective_rank(p.sv);
  return p;
}

}  // namespace llada::train
