// Weight initialisation, seeded and reproducible.
//
// Every value comes from the counter-based generator keyed by (seed, stream::init, index) with
// index = (tensor number << 40) | element number: each tensor draws from its own range of counters, so
// resizing one tensor (a different V, say) never shifts the values of the others, and the result does
// not depend on threads or on the order of the loops.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/math/philox.hpp"
#include "core/models/model.hpp"

namespace llada {

namespace {

uint64_t counter(size_t tensor, size_t element) { return (uint64_t(tensor) << 40) | uint64_t(element); }

void fill_normal(float* w, size_t n, float stddev, uint64_t seed, size_t tensor) {
  for (size_t i = 0; i < n; i++) w[i] = stddev * normal(seed, stream::init, counter(tensor, i));
}

// A (cols, rows) tensor holding the transpose of what fill_normal gives a (rows, cols) one: the one-hot
// embedding's element (c, v) draws the same number as the lookup table's E[v, c].
void fill_normal_transposed(float* w, size_t rows, size_t cols, float stddev, uint64_t seed, size_t tensor) {
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < cols; c++) w[c * rows + r] = stddev * normal(seed, stream::init, counter(tensor, r * cols + c));
}

void fill_uniform(float* w, size_t n, float bound, uint64_t seed, size_t tensor) {
  // U(−bound, bound), as torch's kaiming_uniform_(a=√5) reduces to for nn.Linear: bound = 1/√fan_in.
  for (size_t i = 0; i < n; i++) w[i] = bound * (2.0f * uniform01(seed, stream::init, counter(tensor, i)) - 1.0f);
}

void fill_const(float* w, size_t n, float v) {
  for (size_t i = 0; i < n; i++) w[i] = v;
}

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::char_traits<char>::length(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// The initial weights of every tensor of `views`, into host (layout order).
void draw_weights(const ModelConfig& cfg, const std::vector<nn::TensorView>& views, float* host, uint64_t seed) {
  if (cfg.kind == ModelKind::ZeroLayerGPT) {
    // PyTorch defaults for the seed's Model1: nn.Embedding ~ N(0,1), nn.Linear weight and bias
    // ~ U(±1/√d). Tied: N(0, 0.02) for E (see model.hpp for why).
    const float bound = 1.0f / std::sqrt((float)cfg.d);
    for (size_t k = 0; k < views.size(); k++) {
      const nn::TensorView& v = views[k];
      float* w = host + v.offset;
      if (v.name == "wte") fill_normal(w, v.size, cfg.tie_weights ? 0.02f : 1.0f, seed, k);
      else if (v.name == "wte.onehot") fill_normal_transposed(w, v.shape[1], v.shape[0], 1.0f, seed, k);
      else fill_uniform(w, v.size, bound, seed, k);  // unembed.w, unembed.b
    }
    return;
  }
  // GPT-2: N(0, 0.02) weights and embeddings, zero biases, LayerNorm (1, 0), and the two projections
  // that write into the residual stream scaled by 1/√(2·n_layer) so the stream's variance does not
  // grow with depth.
  const float resid_std = 0.02f / std::sqrt(2.0f * std::max(1, cfg.n_layer));
  for (size_t k = 0; k < views.size(); k++) {
    const nn::TensorView& v = views[k];
    float* w = host + v.offset;
    if (ends_with(v.name, "ln1.w") || ends_with(v.name, "ln2.w") || v.name == "lnf.w") fill_const(w, v.size, 1.0f);
    else if (ends_with(v.name, ".b")) fill_const(w, v.size, 0.0f);
    else if (ends_with(v.name, "attn.proj.w") || ends_with(v.name, "mlp.proj.w")) fill_normal(w, v.size, resid_std, seed, k);
    else fill_normal(w, v.size, 0.02f, seed, k);  // wte, wpe, qkv.w, fc.w, unembed.w
  }
}

}  // namespace

Result<void> Model::init_weights(uint64_t seed) {
  // Drawn on the host, then uploaded whole: the same bits on every backend.
  std::vector<float> host(params_.size());
  draw_weights(cfg_, params_.views(), host.data(), seed);
  if (auto ok = grads_.zero(); !ok) return ok;
  return params_.upload(host);
}

}  // namespace llada
