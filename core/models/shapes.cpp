// The forward pass's tensor shapes, for the window and the command line (core/models/shapes.hpp).
#include "core/models/shapes.hpp"

namespace llada {

std::vector<ShapeStep> forward_shapes(const ModelConfig& cfg, int B, int T) {
  const std::int64_t b = B, t = T, C = cfg.d, V = cfg.vocab, Vin = cfg.in_vocab();
  const std::string v = std::to_string(V), vin = std::to_string(Vin), d = std::to_string(C);
  const std::string act = cfg.activation == nn::Activation::Relu ? "ReLU" : "GELU";
  std::vector<ShapeStep> s;
  s.push_back({"", "tokens", {b, t}});
  if (cfg.kind == ModelKind::ZeroLayerGPT) {
    s.push_back({"Embedding(V=" + vin + ", d=" + d + ")", "embeddings", {b, t, C}});
    s.push_back({act, "activations", {b, t, C}});
    s.push_back({"Linear(d=" + d + ", V=" + v + ")", "logits", {b, t, V}});
  } else {
    s.push_back({"token + position embeddings (V=" + vin + ", d=" + d + ")", "x", {b, t, C}});
    s.push_back({std::to_string(cfg.n_layer) + " × block (" + std::to_string(cfg.n_head) +
                     (cfg.causal ? "-head causal" : "-head bidirectional") + " attention, MLP " + std::to_string(4 * C) +
                     ")",
                 "x", {b, t, C}});
    s.push_back({"LayerNorm", "x", {b, t, C}});
    s.push_back({"Linear(d=" + d + ", V=" + v + ")", "logits", {b, t, V}});
  }
  s.push_back({"softmax", "probabilities", {b, t, V}});
  return s;
}

std::string targets_text(const ModelConfig& cfg, int B, int T) {
  const std::int64_t bt[2] = {B, T};
  const bool causal = cfg.kind == ModelKind::ZeroLayerGPT || cfg.causal;
  return "targets " + shape_text(bt) +
         (causal ? " = the inputs shifted by one: targets[b][i] is the token after inputs[b][i]"
                 : " = x_0, the tokens before masking: the loss counts only the [MASK]ed positions");
}

std::string shape_text(std::span<const std::int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string shapes_line(const std::vector<ShapeStep>& steps) {
  std::string s;
  for (const auto& st : steps) {
    if (!st.op.empty()) s += " → " + st.op + " →";
    s += (s.empty() ? "" : " ") + st.name + " " + shape_text(st.shape);
  }
  return s;
}

}  // namespace llada
