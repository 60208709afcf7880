// The models: the zero-layer GPT of the seeds and a small pre-LayerNorm Transformer (causal GPT, or
// bidirectional LLaDA mask predictor). One class, configured by ModelConfig.
//
// Contract for the trainer / generation / checkpoints:
//  - forward(tokens (B,T) int32, B, T) → logits (B,T,V) float, valid until the next forward. Input ids
//    must lie in [0, input_vocab()); the LLaDA [MASK] id is mask_id() == V, a valid INPUT id but never
//    an output class: the logits have exactly V = cfg.vocab columns, so the model cannot predict it.
//  - backward(dlogits (B,T,V)) for the LAST forward: ACCUMULATES into grads(). Call zero_grad() before a
//    step. dlogits may be mutable_logits() (crossentropy_backward in place), which saves B·T·V floats.
//  - params(), grads(): one allocation each, same layout (ParamBuffer), named views for checkpoints.
//    AdamW moments: ParamBuffer::create(model.params().layout(), model.backend()).
//  - Memory belongs to the model's backend: parameters, gradients, activations, logits and the input
//    tokens are backend memory (DeviceBuffer, ParamBuffer), allocated through it. Every pointer this
//    class returns (logits(), params().data(), embedding(), …) is for that backend's ops only.
//  - Reading numbers on the host (the window, checkpoints, generation) is an explicit download of just
//    what is needed, and only between steps, on the thread that drives the model:
//        download_params("wte")              one tensor, e.g. the embedding table (Vin × C)
//        download_rows("unembed.w", r, n)    rows r … r+n-1 of a tensor (e.g. a few tokens' vectors)
//        download_logits(row, n)             rows of the last forward's logits (B·T rows of V)
//        params().download()                 every weight (checkpoints, a weights copy)
//    On the CPU backend a download is a copy; on a GPU it is a transfer, so ask for rows, not tables.
//  - Activations are sized for the largest B×T seen (reserve(B,T) up front): after the first step of a
//    given size, forward/backward allocate nothing.
//  - Reproducible: create(cfg, seed) gives the same weights for the same (cfg, seed) on any machine
//    (counter-based RNG keyed by (seed, tensor index, element index)); same weights → same losses.
//  - A Model is a value: copying copies weights, grads and buffers on its backend (throws std::bad_alloc
//    when that backend's memory is short). The trainer keeps its "last good weights" on the host instead.
//
// Zero-layer GPT (kind ZeroLayerGPT), exactly the seed's Model1:
//    logits = Linear(d,V)( GELU( Embedding(V,d)[tokens] ) )      — no position embedding, so any T works.
//    With tie_weights, the Linear's weight is the embedding table E (W_U = E); the bias stays.
//    Init (PyTorch defaults): E ~ N(0,1); W ~ U(±1/√d); b ~ U(±1/√d). Tied: E ~ N(0, 0.02) (GPT-2),
//    because N(0,1) rows used as unembedding give logits of std ≈ 5 and an untrained loss far above ln V.
// Transformer (kind Transformer), GPT-2 layout (pre-LayerNorm, learned positions, final LayerNorm):
//    x = wte[tokens] + wpe[0..T); per layer: x += proj(attn(LN1(x))); x += proj(act(fc(LN2(x))));
//    logits = LN_f(x) · Wᵤᵀ + bᵤ  (Wᵤ = wte's first V rows when tied). MLP width 4d. T ≤ cfg.T.
//    Init (GPT-2): weights N(0, 0.02), residual projections N(0, 0.02/√(2·n_layer)), biases 0,
//    LayerNorm weight 1 bias 0. The unembedding bias is kept in both kinds (GPT-2 has none; harmless).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/nn/backend.hpp"
#include "core/nn/device_buffer.hpp"
#include "core/nn/param_buffer.hpp"
#include "core/util/result.hpp"

namespace llada {

enum class ModelKind : int { ZeroLayerGPT = 0, Transformer = 1 };

struct ModelConfig {
  ModelKind kind = ModelKind::ZeroLayerGPT;
  int vocab = 0;        // V: output classes = the tokenizer's vocabulary (e.g. 50257, 100277)
  int input_vocab = 0;  // rows of the embedding table; 0 means vocab. LLaDA: vocab + 1 ([MASK] = vocab)
  int d = 64;           // C: channels
  int n_layer = 0;      // Transformer blocks (Transformer only)
  int n_head = 1;       // NH (Transformer only); d % n_head == 0
  int T = 8;            // context: positions table size (Transformer); the default batch shape (zero-layer)
  bool causal = true;   // Transformer: causal (GPT) or bidirectional (LLaDA mask predictor)
  bool tie_weights = false;  // unembedding weight = embedding table
  nn::Activation activation = nn::Activation::Gelu;  // Gelu (exact erf, as nn.GELU), GeluTanh, Relu
  // Zero-layer GPT, untied only: the embedding as nn.Linear(V, d) applied to one-hot rows (weight
  // "wte.onehot" (C, Vin), element (c, v) = E[v, c]) instead of a row lookup. Same numbers, a dense
  // (BT, Vin)·(Vin, C) GEMM instead of BT row copies: seed note 003's comparison.
  bool onehot_embedding = false;

  int in_vocab() const { return input_vocab > 0 ? input_vocab : vocab; }
  // The [MASK] input id (== vocab) when the input vocabulary has the extra row, else -1.
  int mask_id() const { return in_vocab() > vocab ? vocab : -1; }
  Result<void> validate() const;  // error with a hint on nonsense (V ≤ 0, d % n_head, …)
  std::string describe() const;   // one line, e.g. "transformer L2 H4 d64 T32 bidirectional V50257+mask"

  // The seed's Model1: Embedding(V,64) → GELU → Linear(64,V), T = 8.
  static ModelConfig zero_layer(int vocab, int d = 64);
  // A causal GPT.
  static ModelConfig gpt(int vocab, int n_layer, int n_head, int d, int T);
  // LLaDA's mask predictor: bidirectional, input vocabulary vocab + 1 with [MASK] = vocab.
  static ModelConfig llada(int vocab, int n_layer, int n_head, int d, int T);
};

class Model {
 public:
  Model(const Model& other);
  Model& operator=(const Model& other);
  Model(Model&&) noexcept = default;
  Model& operator=(Model&&) noexcept = default;

  // Allocates parameters and gradients and initialises them from `seed`. backend nullptr → the CPU.
  // draw_weights false leaves every parameter 0, for a caller that copies weights in at once (a
  // checkpoint, a trainer's copy): drawing millions of numbers only to overwrite them wastes time.
  static Result<Model> create(const ModelConfig& cfg, uint64_t seed, const nn::Backend* backend = nullptr,
                              bool draw_weights = true);
  // The named tensors of a model of this config, in layout order (nothing allocated but the names).
  static nn::ParamBuffer::Layout param_layout(const ModelConfig& cfg);

  const ModelConfig& config() const { return cfg_; }
  const nn::Backend& backend() const { return *backend_; }
  int vocab() const { return cfg_.vocab; }
  int input_vocab() const { return cfg_.in_vocab(); }
  int mask_id() const { return cfg_.mask_id(); }
  // Largest T forward accepts (cfg.T for the Transformer; unbounded (INT32_MAX) for the zero-layer GPT).
  int max_T() const;

  // Re-draw all weights from `seed` (grads zeroed). Same seed → bit-identical weights on every backend
  // (drawn on the host, then uploaded).
  Result<void> init_weights(uint64_t seed);

  // Size activation buffers for B×T (grows only). Error if T > max_T() or B, T < 1.
  Result<void> reserve(int B, int T);

  // tokens (B,T) → logits (B,T,V). Error (nothing computed) if an id is outside [0, input_vocab()) or
  // T > max_T(). Reserves on demand. The returned pointer stays valid until the next forward/reserve.
  // tokens are host memory; the returned logits are backend memory.
  Result<const float*> forward(const int32_t* tokens, int B, int T);
  // Ok when every one of the n host ids lies in [0, input_vocab()); else the error forward() gives.
  Result<void> check_tokens(const int32_t* tokens, size_t n) const;
  // The same from tokens already in backend memory (e.g. written by Backend::llada_mask), which the
  // caller has checked: every id in [0, input_vocab()). Errors only for the shape (T > max_T()).
  Result<const float*> forward_device(const int32_t* tokens, int B, int T);
  const float* logits() const { return logits_.f32(); }   // backend memory (B,T,V)
  float* mutable_logits() { return logits_.f32(); }  // for crossentropy_backward in place
  int last_B() const { return B_; }
  int last_T() const { return T_; }

  // dlogits (B,T,V) of the last forward → grads() += dLoss/dparams. Asserts a forward happened.
  void backward(const float* dlogits);
  Result<void> zero_grad() { return grads_.zero(); }

  nn::ParamBuffer& params() { return params_; }
  const nn::ParamBuffer& params() const { return params_; }
  nn::ParamBuffer& grads() { return grads_; }
  const nn::ParamBuffer& grads() const { return grads_; }
  size_t num_params() const { return params_.size(); }

  // The tied/untied unembedding weight (V,C) and the token embedding table (Vin,C): backend memory,
  // for ops. Their names, to download: "wte" and unembedding_name() ("wte" when tied, else "unembed.w").
  const float* embedding() const { return params_.get("wte"); }
  const float* unembedding() const;
  const char* unembedding_name() const { return cfg_.tie_weights ? "wte" : "unembed.w"; }

  // ---- host reads (see the contract above); errors name what was asked for -------------------------
  // One named tensor (e.g. "wte", "h0.attn.qkv.w"), all of it.
  Result<std::vector<float>> download_params(std::string_view name) const { return params_.download(name); }
  // Rows first_row … first_row + n_rows - 1 of a named tensor (a row = the product of shape[1..]).
  Result<std::vector<float>> download_rows(std::string_view name, size_t first_row, size_t n_rows) const {
    return params_.download_rows(name, first_row, n_rows);
  }
  // Rows of the last forward's logits (B·T rows of V; row b·T + t is position t of sequence b).
  Result<std::vector<float>> download_logits(size_t first_row, size_t n_rows) const;
  Result<void> download_logits(float* host, size_t first_row, size_t n_rows) const;  // into host (n_rows × V)
  // E as (Vin, C) whichever way it is stored (the one-hot embedding keeps Eᵀ as "wte.onehot").
  Result<std::vector<float>> download_embedding() const;
  // What the last forward computed inside, for the window: rows of the hidden state fed to the
  // unembedding (B·T rows of C; the embedding's activation (zero-layer) or the final LayerNorm's output
  // (Transformer)), and layer l's attention probabilities (B, NH, T, T) — an error for the zero-layer GPT.
  Result<std::vector<float>> download_hidden(size_t first_row, size_t n_rows) const;
  Result<std::vector<float>> download_attention(int layer) const;
  // Every weight from the host (values.size() == num_params(), layout order): a checkpoint, a copy.
  Result<void> upload_params(std::span<const float> values) { return params_.upload(values); }

 private:
  // Raw pointers into the activation allocation, set by reserve (llm.c's ActivationTensors).
  struct Acts {
    float* encoded = nullptr;  // (B,T,C)
    float* act = nullptr;      // zero-layer: (B,T,C) activation of the embedding
    float* lnf = nullptr;      // (B,T,C)
    float* lnf_mean = nullptr; float* lnf_rstd = nullptr;  // (B,T)
  };
  struct LayerActs {
    float *ln1, *ln1_mean, *ln1_rstd, *qkv, *atty, *att, *attproj, *res2;
    float *ln2, *ln2_mean, *ln2_rstd, *fch, *fch_act, *fcproj, *res3;
  };

  Model() = default;
  ModelConfig cfg_;
  const nn::Backend* backend_ = nullptr;
  nn::ParamBuffer params_, grads_;
  nn::DeviceBuffer act_mem_, dact_mem_;  // activations and their gradients (same layout)
  nn::DeviceBuffer logits_;              // (B,T,V), apart: its gradient is the caller's dlogits
  Acts acts_;
  std::vector<LayerActs> layers_;
  std::vector<std::array<size_t, 12>> block_off_;  // per block: offsets of its 12 tensors in params/grads
  nn::DeviceBuffer tokens_;      // the last forward's input (B,T) int32, needed by backward
  nn::DeviceBuffer onehot_;      // (B,T,Vin) one-hot inputs (onehot_embedding only), built by Backend::one_hot
  int cap_BT_ = 0, cap_T_ = 0;   // capacity of the activation buffers
  int B_ = 0, T_ = 0;            // shape of the last forward

  void point_acts();  // set acts_/layers_ into act_mem_ for the capacity (cap_BT_, cap_T_)
  float* dact(const float* act);  // the gradient buffer paired with an activation buffer
  void forward_zero_layer();
  void forward_transformer();
  void backward_zero_layer(const float* dlogits);
  void backward_transformer(const float* dlogits);
};

}  // namespace llada
