// Model: configuration, parameter layout, activation buffers, forward and backward passes.
// Initialisation lives in model_init.cpp. The contract is in model.hpp.
#include "core/models/model.hpp"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cstring>
#include <new>

namespace llada {

// ------------------------------------------------------------------------------------------ config

ModelConfig ModelConfig::zero_layer(int vocab, int d) {
  ModelConfig c;
  c.kind = ModelKind::ZeroLayerGPT;
  c.vocab = vocab;
  c.d = d;
  c.T = 8;
  return c;
}

ModelConfig ModelConfig::gpt(int vocab, int n_layer, int n_head, int d, int T) {
  ModelConfig c;
  c.kind = ModelKind::Transformer;
  c.vocab = vocab;
  c.n_layer = n_layer;
  c.n_head = n_head;
  c.d = d;
  c.T = T;
  c.causal = true;
  return c;
}

ModelConfig ModelConfig::llada(int vocab, int n_layer, int n_head, int d, int T) {
  ModelConfig c = gpt(vocab, n_layer, n_head, d, T);
  c.causal = false;
  c.input_vocab = vocab + 1;
  return c;
}

Result<void> ModelConfig::validate() const {
  if (kind != ModelKind::ZeroLayerGPT && kind != ModelKind::Transformer)
    return fail("unknown model kind " + std::to_string(static_cast<int>(kind)),
                "the model must be the zero-layer GPT (0) or the Transformer (1)");
  if (activation != nn::Activation::Gelu && activation != nn::Activation::GeluTanh && activation != nn::Activation::Relu)
    return fail("unknown activation " + std::to_string(static_cast<int>(activation)), "use gelu, gelu-tanh or relu");
  if (vocab < 1) return fail("model vocabulary size " + std::to_string(vocab) + " is not positive",
                             "build the model from a tokenizer (its vocabulary size gives V)");
  if (input_vocab != 0 && input_vocab < vocab)
    return fail("input vocabulary " + std::to_string(input_vocab) + " is smaller than the output vocabulary " +
                    std::to_string(vocab),
                "use input_vocab = 0 (same as vocab) or vocab + 1 for a [MASK] id");
  if (d < 1 || d > 8192) return fail("model width d = " + std::to_string(d) + " is out of range", "choose d in 1..8192");
  if ((size_t)in_vocab() * (size_t)d > (size_t)1 << 31)
    return fail("embedding table of " + std::to_string(in_vocab()) + " x " + std::to_string(d) + " is too large",
                "choose a smaller d or a smaller vocabulary");
  if (onehot_embedding && (kind != ModelKind::ZeroLayerGPT || tie_weights))
    return fail("the one-hot (Linear) embedding is offered for the untied zero-layer GPT only",
                "use the row-lookup embedding, or the zero-layer model without weight tying");
  if (kind == ModelKind::ZeroLayerGPT) return {};
  if (n_layer < 0 || n_layer > 64)
    return fail("n_layer = " + std::to_string(n_layer) + " is out of range", "choose 0..64 layers");
  if (n_head < 1 || d % n_head != 0)
    return fail("d = " + std::to_string(d) + " is not divisible by n_head = " + std::to_string(n_head),
                "choose n_head dividing d (e.g. d 64, 4 heads)");
  if (T < 1 || T > 4096) return fail("context T = " + std::to_string(T) + " is out of range", "choose T in 1..4096");
  return {};
}

std::string ModelConfig::describe() const {
  std::string s;
  if (kind == ModelKind::ZeroLayerGPT) {
    s = "zero-layer d" + std::to_string(d);
  } else {
    s = "transformer L" + std::to_string(n_layer) + " H" + std::to_string(n_head) + " d" + std::to_string(d) +
        " T" + std::to_string(T) + (causal ? " causal" : " bidirectional");
  }
  s += " V" + std::to_string(vocab) + (mask_id() >= 0 ? "+mask" : "");
  if (tie_weights) s += " tied";
  if (onehot_embedding) s += " one-hot";
  s += activation == nn::Activation::Relu ? " relu" : activation == nn::Activation::GeluTanh ? " gelu-tanh" : " gelu";
  return s;
}

// ------------------------------------------------------------------------------------------ creation

nn::ParamBuffer::Layout Model::param_layout(const ModelConfig& c) {
  const int V = c.vocab, Vin = c.in_vocab(), C = c.d;
  nn::ParamBuffer::Layout L;
  if (c.onehot_embedding) L.push_back({"wte.onehot", {C, Vin}});  // nn.Linear(Vin, C).weight
  else L.push_back({"wte", {Vin, C}});
  if (c.kind == ModelKind::Transformer) {
    L.push_back({"wpe", {c.T, C}});
    for (int l = 0; l < c.n_layer; l++) {
      // name += … rather than "h" + …: the latter trips a GCC 12 -Wrestrict false positive.
      auto add = [&](const char* suffix, std::vector<int> shape) {
        std::string name = "h";
        name += std::to_string(l);
        name += '.';
        name += suffix;
        L.emplace_back(std::move(name), std::move(shape));
      };
      add("ln1.w", {C});
      add("ln1.b", {C});
      add("attn.qkv.w", {3 * C, C});
      add("attn.qkv.b", {3 * C});
      add("attn.proj.w", {C, C});
      add("attn.proj.b", {C});
      add("ln2.w", {C});
      add("ln2.b", {C});
      add("mlp.fc.w", {4 * C, C});
      add("mlp.fc.b", {4 * C});
      add("mlp.proj.w", {C, 4 * C});
      add("mlp.proj.b", {C});
    }
    L.push_back({"lnf.w", {C}});
    L.push_back({"lnf.b", {C}});
  }
  if (!c.tie_weights) L.push_back({"unembed.w", {V, C}});
  L.push_back({"unembed.b", {V}});
  return L;
}

Result<Model> Model::create(const ModelConfig& cfg, uint64_t seed, const nn::Backend* backend, bool draw_weights) {
  if (auto ok = cfg.validate(); !ok) return std::unexpected(ok.error());
  Model m;
  m.cfg_ = cfg;
  m.backend_ = backend ? backend : &nn::cpu_backend();
  auto params = nn::ParamBuffer::create(param_layout(cfg), *m.backend_);
  if (!params) return std::unexpected(params.error());
  m.params_ = std::move(*params);
  auto grads = nn::ParamBuffer::create(m.params_.layout(), *m.backend_);
  if (!grads) return std::unexpected(grads.error());
  m.grads_ = std::move(*grads);
  m.layers_.resize(cfg.kind == ModelKind::Transformer ? cfg.n_layer : 0);
  // Offsets of each block's tensors, looked up by name once so the step does no string work.
  static const char* kBlock[12] = {"ln1.w", "ln1.b", "attn.qkv.w", "attn.qkv.b", "attn.proj.w", "attn.proj.b",
                                   "ln2.w", "ln2.b", "mlp.fc.w",   "mlp.fc.b",   "mlp.proj.w",  "mlp.proj.b"};
  for (size_t l = 0; l < m.layers_.size(); l++) {
    std::array<size_t, 12> off{};
    for (int i = 0; i < 12; i++) {
      std::string name = "h";
      name += std::to_string(l);
      name += '.';
      name += kBlock[i];
      off[i] = m.params_.find(name)->offset;
    }
    m.block_off_.push_back(off);
  }
  if (draw_weights)
    if (auto ok = m.init_weights(seed); !ok) return std::unexpected(ok.error());
  return m;
}

namespace {
nn::DeviceBuffer clone_or_throw(const nn::DeviceBuffer& b) {
  auto c = b.clone();
  if (!c) throw std::bad_alloc();
  return std::move(*c);
}
}  // namespace

Model::Model(const Model& o)
    : cfg_(o.cfg_), backend_(o.backend_), params_(o.params_), grads_(o.grads_), act_mem_(clone_or_throw(o.act_mem_)),
      dact_mem_(clone_or_throw(o.dact_mem_)), logits_(clone_or_throw(o.logits_)), layers_(o.layers_.size()),
      block_off_(o.block_off_), tokens_(clone_or_throw(o.tokens_)),
      onehot_(o.onehot_.empty() ? nn::DeviceBuffer() : clone_or_throw(o.onehot_)), cap_BT_(o.cap_BT_), cap_T_(o.cap_T_), B_(o.B_),
      T_(o.T_) {
  point_acts();  // the copied pointers would point into o's buffers
}

Model& Model::operator=(const Model& o) {
  if (this != &o) {
    Model tmp(o);
    *this = std::move(tmp);
  }
  return *this;
}

int Model::max_T() const { return cfg_.kind == ModelKind::Transformer ? cfg_.T : INT_MAX; }

const float* Model::unembedding() const { return params_.get(unembedding_name()); }

Result<void> Model::download_logits(float* host, size_t first_row, size_t n_rows) const {
  const size_t rows = static_cast<size_t>(B_) * T_, V = static_cast<size_t>(cfg_.vocab);
  if (first_row > rows || n_rows > rows - first_row)
    return fail("logit rows " + std::to_string(first_row) + "…" + std::to_string(first_row + n_rows) +
                    " are outside the last forward's " + std::to_string(rows) + " rows",
                "run a forward pass of that batch first");
  return logits_.download(host, n_rows * V * sizeof(float), first_row * V * sizeof(float));
}

Result<std::vector<float>> Model::download_logits(size_t first_row, size_t n_rows) const {
  std::vector<float> out(n_rows * static_cast<size_t>(cfg_.vocab));
  if (auto ok = download_logits(out.data(), first_row, n_rows); !ok) return std::unexpected(ok.error());
  return out;
}

Result<std::vector<float>> Model::download_embedding() const {
  if (!cfg_.onehot_embedding) return params_.download("wte");
  auto t = params_.download("wte.onehot");  // (C, Vin)
  if (!t) return t;
  const size_t Vin = cfg_.in_vocab(), C = cfg_.d;
  std::vector<float> out(Vin * C);
  for (size_t c = 0; c < C; c++)
    for (size_t v = 0; v < Vin; v++) out[v * C + c] = (*t)[c * Vin + v];
  return out;
}

Result<std::vector<float>> Model::download_hidden(size_t first_row, size_t n_rows) const {
  const size_t rows = static_cast<size_t>(B_) * T_, C = cfg_.d;
  if (first_row > rows || n_rows > rows - first_row)
    return fail("hidden-state rows " + std::to_string(first_row) + "…" + std::to_string(first_row + n_rows) +
                    " are outside the last forward's " + std::to_string(rows) + " rows",
                "run a forward pass of that batch first");
  const float* h = cfg_.kind == ModelKind::ZeroLayerGPT ? acts_.act : acts_.lnf;
  std::vector<float> out(n_rows * C);
  const size_t offset = static_cast<size_t>(h - act_mem_.f32()) + first_row * C;
  if (auto ok = act_mem_.download(out.data(), out.size() * sizeof(float), offset * sizeof(float)); !ok)
    return std::unexpected(ok.error());
  return out;
}

Result<std::vector<float>> Model::download_attention(int layer) const {
  if (layer < 0 || layer >= static_cast<int>(layers_.size()))
    return fail("the model has no attention layer " + std::to_string(layer),
                cfg_.kind == ModelKind::ZeroLayerGPT ? "the zero-layer GPT has no attention" : "count layers from 0");
  if (B_ < 1) return fail("no forward pass yet", "run a forward pass first");
  // attention_forward wrote (B, NH, T, T) for the last forward's T, contiguous from the layer's att.
  std::vector<float> out(static_cast<size_t>(B_) * cfg_.n_head * T_ * T_);
  const size_t offset = static_cast<size_t>(layers_[layer].att - act_mem_.f32());
  if (auto ok = act_mem_.download(out.data(), out.size() * sizeof(float), offset * sizeof(float)); !ok)
    return std::unexpected(ok.error());
  return out;
}

// ------------------------------------------------------------------------------------------ activations

Result<void> Model::reserve(int B, int T) {
  if (B < 1 || T < 1) return fail("batch shape " + std::to_string(B) + " x " + std::to_string(T) + " is empty",
                                  "use at least one sequence of at least one token");
  if (T > max_T())
    return fail("sequence of " + std::to_string(T) + " tokens is longer than the model's context T = " +
                    std::to_string(cfg_.T),
                "use at most T tokens (keep the last T when generating)");
  if (cfg_.onehot_embedding && (long long)B * T * cfg_.in_vocab() > (1LL << 28))
    return fail("the one-hot embedding of " + std::to_string((long long)B * T) + " tokens over " +
                    std::to_string(cfg_.in_vocab()) + " ids would take more than 1 GiB",
                "use a smaller batch, or the row-lookup embedding (same numbers)");
  if ((long long)B * T > (1LL << 24)) return fail("batch of " + std::to_string((long long)B * T) + " tokens is too large",
                                                  "use a smaller batch");
  const int BT = B * T;
  if (BT <= cap_BT_ && T <= cap_T_) return {};
  const int new_BT = std::max(cap_BT_, BT), new_T = std::max(cap_T_, T);
  const size_t bt = new_BT, C = cfg_.d;
  size_t n = 2 * bt * C;  // encoded + (zero-layer act | lnf)
  if (cfg_.kind == ModelKind::Transformer) {
    n += 2 * bt;  // lnf mean, rstd
    const size_t per_layer = bt * C * 7 + bt * 3 * C + bt * 4 * C * 2 + bt * 4 + bt * cfg_.n_head * new_T;
    n += per_layer * cfg_.n_layer;
  }
  // All four allocated (and zeroed) before any is replaced: on an error the model keeps its old buffers.
  const nn::Backend& be = *backend_;
  nn::DeviceBuffer bufs[4];
  const size_t sizes[4] = {n * sizeof(float), n * sizeof(float), bt * cfg_.vocab * sizeof(float), bt * sizeof(int32_t)};
  for (int i = 0; i < 4; ++i) {
    auto b = nn::DeviceBuffer::allocate(be, sizes[i]);
    if (!b) return std::unexpected(b.error());
    if (auto ok = b->zero(); !ok) return ok;
    bufs[i] = std::move(*b);
  }
  if (cfg_.onehot_embedding) {
    auto b = nn::DeviceBuffer::allocate(be, bt * cfg_.in_vocab() * sizeof(float));
    if (!b) return std::unexpected(b.error());
    onehot_ = std::move(*b);
  }
  act_mem_ = std::move(bufs[0]);
  dact_mem_ = std::move(bufs[1]);
  logits_ = std::move(bufs[2]);
  tokens_ = std::move(bufs[3]);
  cap_BT_ = new_BT;
  cap_T_ = new_T;
  B_ = T_ = 0;  // the last forward's activations are gone
  point_acts();
  return {};
}

void Model::point_acts() {
  float* p = act_mem_.f32();
  const size_t bt = cap_BT_, C = cfg_.d;
  auto take = [&](size_t n) { float* r = p; p += n; return r; };
  acts_ = Acts{};
  if (act_mem_.empty()) return;
  acts_.encoded = take(bt * C);
  if (cfg_.kind == ModelKind::ZeroLayerGPT) {
    acts_.act = take(bt * C);
    return;
  }
  for (auto& L : layers_) {
    L.ln1 = take(bt * C);
    L.ln1_mean = take(bt);
    L.ln1_rstd = take(bt);
    L.qkv = take(bt * 3 * C);
    L.atty = take(bt * C);
    L.att = take(bt * cfg_.n_head * cap_T_);
    L.attproj = take(bt * C);
    L.res2 = take(bt * C);
    L.ln2 = take(bt * C);
    L.ln2_mean = take(bt);
    L.ln2_rstd = take(bt);
    L.fch = take(bt * 4 * C);
    L.fch_act = take(bt * 4 * C);
    L.fcproj = take(bt * C);
    L.res3 = take(bt * C);
  }
  acts_.lnf = take(bt * C);
  acts_.lnf_mean = take(bt);
  acts_.lnf_rstd = take(bt);
  assert(p == act_mem_.f32() + act_mem_.bytes() / sizeof(float));
}

float* Model::dact(const float* act) { return dact_mem_.f32() + (act - act_mem_.f32()); }

// ------------------------------------------------------------------------------------------ forward

Result<const float*> Model::forward(const int32_t* tokens, int B, int T) {
  if (auto ok = reserve(B, T); !ok) return std::unexpected(ok.error());
  const int n = B * T;
  if (auto ok = check_tokens(tokens, static_cast<size_t>(n)); !ok) return std::unexpected(ok.error());
  if (auto ok = tokens_.upload(tokens, static_cast<size_t>(n) * sizeof(int32_t)); !ok) return std::unexpected(ok.error());
  B_ = B;
  T_ = T;
  if (cfg_.kind == ModelKind::ZeroLayerGPT) forward_zero_layer();
  else forward_transformer();
  return logits_.f32();
}

Result<void> Model::check_tokens(const int32_t* tokens, size_t n) const {
  const int Vin = cfg_.in_vocab();
  for (size_t i = 0; i < n; i++) {
    if (tokens[i] < 0 || tokens[i] >= Vin)
      return fail("token id " + std::to_string(tokens[i]) + " is outside the model's input vocabulary [0, " +
                      std::to_string(Vin) + ")",
                  "use the tokenizer the model was built for");
  }
  return {};
}

Result<const float*> Model::forward_device(const int32_t* tokens, int B, int T) {
  if (auto ok = reserve(B, T); !ok) return std::unexpected(ok.error());
  const size_t n = static_cast<size_t>(B) * T;
  if (auto ok = backend_->copy(tokens_.i32(), tokens, n * sizeof(int32_t)); !ok) return std::unexpected(ok.error());
  B_ = B;
  T_ = T;
  if (cfg_.kind == ModelKind::ZeroLayerGPT) forward_zero_layer();
  else forward_transformer();
  return logits_.f32();
}

void Model::forward_zero_layer() {
  const nn::Backend& be = *backend_;
  const int B = B_, T = T_, BT = B * T, C = cfg_.d, V = cfg_.vocab;
  if (cfg_.onehot_embedding) {
    // one_hot(tokens) (BT, Vin), built by the backend from the ids already there: every id then costs a
    // whole row of the embedding's GEMM, as F.one_hot(x) @ W.T does in PyTorch.
    be.one_hot(onehot_.f32(), tokens_.i32(), BT, cfg_.in_vocab());
    be.matmul_forward(acts_.encoded, onehot_.f32(), params_.get("wte.onehot"), nullptr, BT, cfg_.in_vocab(), C);
  } else {
    be.encoder_forward(acts_.encoded, tokens_.i32(), params_.get("wte"), nullptr, B, T, C);  // (B,T,C)
  }
  be.activation_forward(acts_.act, acts_.encoded, BT * C, cfg_.activation);                 // (B,T,C)
  be.matmul_forward(logits_.f32(), acts_.act, unembedding(), params_.get("unembed.b"), BT, C, V);  // (B,T,V)
}

namespace {
// Pointers to one block's parameters (or gradients): the same offsets in params() and grads().
struct BlockParams {
  float *ln1w, *ln1b, *qkvw, *qkvb, *projw, *projb, *ln2w, *ln2b, *fcw, *fcb, *fcprojw, *fcprojb;
};
BlockParams block_params(nn::ParamBuffer& P, const std::array<size_t, 12>& off) {
  float* d = P.data();
  return {d + off[0], d + off[1], d + off[2], d + off[3], d + off[4],  d + off[5],
          d + off[6], d + off[7], d + off[8], d + off[9], d + off[10], d + off[11]};
}
}  // namespace

void Model::forward_transformer() {
  const nn::Backend& be = *backend_;
  const int B = B_, T = T_, BT = B * T, C = cfg_.d, V = cfg_.vocab, NH = cfg_.n_head;
  be.encoder_forward(acts_.encoded, tokens_.i32(), params_.get("wte"), params_.get("wpe"), B, T, C);
  const float* residual = acts_.encoded;  // (B,T,C)
  for (int l = 0; l < cfg_.n_layer; l++) {
    LayerActs& a = layers_[l];
    BlockParams w = block_params(params_, block_off_[l]);
    be.layernorm_forward(a.ln1, a.ln1_mean, a.ln1_rstd, residual, w.ln1w, w.ln1b, BT, C);
    be.matmul_forward(a.qkv, a.ln1, w.qkvw, w.qkvb, BT, C, 3 * C);     // (B,T,3C)
    be.attention_forward(a.atty, a.att, a.qkv, B, T, C, NH, cfg_.causal);  // (B,T,C), att (B,NH,T,T)
    be.matmul_forward(a.attproj, a.atty, w.projw, w.projb, BT, C, C);
    be.residual_forward(a.res2, residual, a.attproj, BT * C);
    be.layernorm_forward(a.ln2, a.ln2_mean, a.ln2_rstd, a.res2, w.ln2w, w.ln2b, BT, C);
    be.matmul_forward(a.fch, a.ln2, w.fcw, w.fcb, BT, C, 4 * C);        // (B,T,4C)
    be.activation_forward(a.fch_act, a.fch, BT * 4 * C, cfg_.activation);
    be.matmul_forward(a.fcproj, a.fch_act, w.fcprojw, w.fcprojb, BT, 4 * C, C);
    be.residual_forward(a.res3, a.res2, a.fcproj, BT * C);
    residual = a.res3;
  }
  be.layernorm_forward(acts_.lnf, acts_.lnf_mean, acts_.lnf_rstd, residual, params_.get("lnf.w"),
                       params_.get("lnf.b"), BT, C);
  be.matmul_forward(logits_.f32(), acts_.lnf, unembedding(), params_.get("unembed.b"), BT, C, V);  // (B,T,V)
}

// ------------------------------------------------------------------------------------------ backward

void Model::backward(const float* dlogits) {
  assert(B_ > 0 && "backward() needs a forward() first");
  (void)dact_mem_.zero();  // cannot fail on the CPU; a device keeps the error for synchronize()
  if (cfg_.kind == ModelKind::ZeroLayerGPT) backward_zero_layer(dlogits);
  else backward_transformer(dlogits);
}

void Model::backward_zero_layer(const float* dlogits) {
  const nn::Backend& be = *backend_;
  const int B = B_, T = T_, BT = B * T, C = cfg_.d, V = cfg_.vocab;
  float* dW = cfg_.tie_weights ? grads_.get("wte") : grads_.get("unembed.w");  // tied: into E's first V rows
  be.matmul_backward(dact(acts_.act), dW, grads_.get("unembed.b"), dlogits, acts_.act, unembedding(), BT, C, V);
  be.activation_backward(dact(acts_.encoded), acts_.encoded, dact(acts_.act), BT * C, cfg_.activation);
  if (cfg_.onehot_embedding)
    be.matmul_backward(nullptr, grads_.get("wte.onehot"), nullptr, dact(acts_.encoded), onehot_.f32(),
                       params_.get("wte.onehot"), BT, cfg_.in_vocab(), C);
  else
    be.encoder_backward(grads_.get("wte"), nullptr, dact(acts_.encoded), tokens_.i32(), B, T, C);
}

void Model::backward_transformer(const float* dlogits) {
  const nn::Backend& be = *backend_;
  const int B = B_, T = T_, BT = B * T, C = cfg_.d, V = cfg_.vocab, NH = cfg_.n_head;
  const int NL = cfg_.n_layer;
  float* dW = cfg_.tie_weights ? grads_.get("wte") : grads_.get("unembed.w");
  be.matmul_backward(dact(acts_.lnf), dW, grads_.get("unembed.b"), dlogits, acts_.lnf, unembedding(), BT, C, V);
  const float* last = NL > 0 ? layers_[NL - 1].res3 : acts_.encoded;
  be.layernorm_backward(dact(last), grads_.get("lnf.w"), grads_.get("lnf.b"), dact(acts_.lnf), last,
                        params_.get("lnf.w"), acts_.lnf_mean, acts_.lnf_rstd, BT, C);
  for (int l = NL - 1; l >= 0; l--) {
    LayerActs& a = layers_[l];
    BlockParams w = block_params(params_, block_off_[l]);
    BlockParams g = block_params(grads_, block_off_[l]);
    const float* residual = l > 0 ? layers_[l - 1].res3 : acts_.encoded;
    be.residual_backward(dact(a.res2), dact(a.fcproj), dact(a.res3), BT * C);
    be.matmul_backward(dact(a.fch_act), g.fcprojw, g.fcprojb, dact(a.fcproj), a.fch_act, w.fcprojw, BT, 4 * C, C);
    be.activation_backward(dact(a.fch), a.fch, dact(a.fch_act), BT * 4 * C, cfg_.activation);
    be.matmul_backward(dact(a.ln2), g.fcw, g.fcb, dact(a.fch), a.ln2, w.fcw, BT, C, 4 * C);
    be.layernorm_backward(dact(a.res2), g.ln2w, g.ln2b, dact(a.ln2), a.res2, w.ln2w, a.ln2_mean, a.ln2_rstd, BT, C);
    be.residual_backward(dact(residual), dact(a.attproj), dact(a.res2), BT * C);
    be.matmul_backward(dact(a.atty), g.projw, g.projb, dact(a.attproj), a.atty, w.projw, BT, C, C);
    be.attention_backward(dact(a.qkv), dact(a.att), dact(a.atty), a.qkv, a.att, B, T, C, NH, cfg_.causal);
    be.matmul_backward(dact(a.ln1), g.qkvw, g.qkvb, dact(a.qkv), a.ln1, w.qkvw, BT, C, 3 * C);
    be.layernorm_backward(dact(residual), g.ln1w, g.ln1b, dact(a.ln1), residual, w.ln1w, a.ln1_mean, a.ln1_rstd,
                          BT, C);
  }
  be.encoder_backward(grads_.get("wte"), grads_.get("wpe"), dact(acts_.encoded), tokens_.i32(), B, T, C);
}

}  // namespace llada
