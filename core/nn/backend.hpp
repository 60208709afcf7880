// The op set every compute backend implements. Models call ops only through a Backend, so the CUDA
// backend (gpu/, its own issue) slots in by implementing this class; the CPU backend (cpu_backend(),
// core/nn/ops.hpp) is the reference every other backend is tested against.
//
// Dimension vocabulary (as llm.c): B batch, T sequence, C channels, OC output channels, V classes,
// NH heads, hs = C/NH head size, N a flat element count. BT = B*T. All buffers are row-major floats.
// Gradients carry a `d` prefix.
//
// Gradient convention: every *_backward ACCUMULATES (+=) into its parameter and input gradients
// (dweight, dbias, dinp, …), as llm.c does; a model zeroes its activation gradients before a
// backward pass and the caller zeroes parameter gradients (Model::zero_grad). The one exception is
// crossentropy_backward, which WRITES dlogits (it starts the backward pass).
//
// Pointers are those of the backend's memory (host memory for the CPU backend). Ops never allocate.
//
// Memory (as ggml's backend buffers): the backend allocates, frees, uploads, downloads, copies and
// fills its own memory. Code outside a backend owns that memory through DeviceBuffer
// (core/nn/device_buffer.hpp) and ParamBuffer (named tensors), never through these calls directly, and
// never reads or writes a pointer of backend memory on the host: it asks for an explicit download of
// just what it needs (Model::download_params / download_rows / download_logits, model.hpp).
//
// Errors: the memory calls return Result. The compute ops (void) may run asynchronously on a device;
// the first error one of them meets is kept and reported by the next synchronize(), so a caller checks
// once per training step. A backend that reported an error may refuse everything after it (a lost
// device); the caller then moves to another backend from the last copy it holds on the host.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/util/result.hpp"

namespace llada::nn {

// AdamW's sparse skip works on blocks of this many weights (optim.hpp, adamw_step below).
inline constexpr size_t kAdamBlock = 64;
inline size_t adam_live_blocks(size_t n) { return (n + kAdamBlock - 1) / kAdamBlock; }

// One AdamW step's scalars (train::AdamWConfig plus the learning rate and the 1-based step count).
struct AdamWStep {
  float lr = 1e-3f;
  float beta1 = 0.9f, beta2 = 0.95f, eps = 1e-8f, weight_decay = 0.0f;
  int t = 1;
};

enum class Activation : int { Gelu = 0, GeluTanh = 1, Relu = 2 };  // Gelu = exact erf form (torch nn.GELU())

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const char* name() const = 0;  // "cpu", "cuda"

  // out[b,t,:] = wte[inp[b,t],:] + wpe[t,:]; wpe may be nullptr (no position embedding).
  // out (B,T,C), inp (B,T), wte (Vin,C), wpe (maxT,C)
  virtual void encoder_forward(float* out, const int32_t* inp, const float* wte, const float* wpe,
                               int B, int T, int C) const = 0;
  // dwte (Vin,C) and dwpe (maxT,C, or nullptr) += from dout (B,T,C)
  virtual void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp,
                                int B, int T, int C) const = 0;
  // out (N,V) = the one-hot rows of ids (N): out[i, ids[i]] = 1 and every other entry 0 (an id outside
  // [0,V) gives a row of zeros; core/math/embedding_rule.hpp). WRITES. The one-hot embedding's input,
  // built where its GEMM reads it, so a step sends only the ids to the backend.
  virtual void one_hot(float* out, const int32_t* ids, int N, int V) const = 0;

  // out = inp · weightᵀ + bias. out (BT,OC), inp (BT,C), weight (OC,C) (PyTorch nn.Linear layout),
  // bias (OC) or nullptr.
  virtual void matmul_forward(float* out, const float* inp, const float* weight, const float* bias,
                              int BT, int C, int OC) const = 0;
  // dinp (BT,C) += dout·weight; dweight (OC,C) += doutᵀ·inp; dbias (OC) += Σ_rows dout.
  // dinp, dbias may be nullptr (not needed, e.g. the token-embedding input of nothing).
  virtual void matmul_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                               const float* inp, const float* weight, int BT, int C, int OC) const = 0;

  // Elementwise activation: out (N) = f(inp (N)); backward: dinp += f'(inp) * dout.
  virtual void activation_forward(float* out, const float* inp, int N, Activation act) const = 0;
  virtual void activation_backward(float* dinp, const float* inp, const float* dout, int N,
                                   Activation act) const = 0;

  // LayerNorm over C (eps 1e-5, as torch). out (BT,C), mean (BT), rstd (BT), inp (BT,C),
  // weight (C), bias (C). mean and rstd are saved for the backward pass.
  virtual void layernorm_forward(float* out, float* mean, float* rstd, const float* inp,
                                 const float* weight, const float* bias, int BT, int C) const = 0;
  virtual void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                                  const float* inp, const float* weight, const float* mean,
                                  const float* rstd, int BT, int C) const = 0;

  // Multi-head scaled dot-product attention. inp (B,T,3C) holds q,k,v (each C = NH*hs, head h in
  // channels [h*hs, (h+1)*hs)); out (B,T,C); att (B,NH,T,T) saves the softmax probabilities.
  // causal: position t attends to 0..t (GPT); otherwise to all T positions (LLaDA mask predictor).
  virtual void attention_forward(float* out, float* att, const float* inp, int B, int T, int C,
                                 int NH, bool causal) const = 0;
  // dinp (B,T,3C) += ...; datt (B,NH,T,T) is scratch (overwritten).
  virtual void attention_backward(float* dinp, float* datt, const float* dout, const float* inp,
                                  const float* att, int B, int T, int C, int NH, bool causal) const = 0;

  // out (N) = a + b; backward: da += dout, db += dout.
  virtual void residual_forward(float* out, const float* a, const float* b, int N) const = 0;
  virtual void residual_backward(float* da, float* db, const float* dout, int N) const = 0;

  // Softmax cross-entropy with per-position weights: one op for AR (weights 1/(B·T)) and LLaDA
  // (weights 1[masked]/(t_b·B·L)). logits (BT,V), targets (BT) in [0,V) or < 0 for "ignore",
  // weights (BT) or nullptr for all 1.
  // losses (BT) gets the UNWEIGHTED −log softmax(logits_i)[targets_i] for every row with a target
  // (0 where targets_i < 0); returns Σ_i weights_i · losses_i (the objective), in double.
  virtual double crossentropy_forward(float* losses, const float* logits, const int32_t* targets,
                                      const float* weights, int BT, int V) const = 0;
  // dlogits (BT,V) = weights_i · (softmax(logits_i) − onehot(targets_i)), i.e. the gradient of the
  // returned objective; rows with weight 0 or no target get 0. WRITES (does not accumulate);
  // dlogits may equal logits (in place: the logits are then consumed).
  virtual void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets,
                                     const float* weights, int BT, int V) const = 0;

  // ---- optimizer and loss bookkeeping (train/optim.hpp has the math and the CPU reference) ----------

  // One AdamW step over n weights, then grads = 0 (the next backward accumulates into them):
  //   m = b1·m + (1-b1)·g ;  v = b2·v + (1-b2)·g² ;  p = (1 - lr·wd)·p - lr·(m·c1)/(sqrt(v·c2) + eps)
  // with c1 = 1/(1-b1^t), c2 = 1/(1-b2^t). live (adam_live_blocks(n) bytes of backend memory, or
  // nullptr): one byte per kAdamBlock weights, 0 only while that block of m and v is all +0.0; a block
  // with live 0 and an all +0.0 gradient is skipped (only scaled by 1 - lr·wd), which is bit-identical
  // to updating it; any other block is updated and its byte set to 1.
  virtual void adamw_step(float* params, float* grads, float* m, float* v, unsigned char* live, size_t n,
                          const AdamWStep& s) const = 0;
  // Σ x_i² over n floats, summed in float per chunk of 2048 and over chunks in double (the CPU's order;
  // other backends document theirs). A scalar for the host: it waits for the ops before it.
  virtual double sum_squares(const float* x, size_t n) const = 0;
  // x (n) *= s (gradient clipping).
  virtual void scale(float* x, float s, size_t n) const = 0;

  // LLaDA's forward process and loss weights for B rows of L clean tokens (train/objective.hpp), all in
  // backend memory: x0 (B,L). Row b is training sequence s = first_seq + b: its time is
  // t_b = sample_time(seed, s, eps) and its position i is masked exactly when mask_uniform(seed, s, i) < t_b
  // (core/math/mask_rule.hpp: the same bits on every backend, times included, drawn where the masks are).
  // Writes inputs (B,L) = mask_id where masked, else x0; targets (B,L) = x0 where masked, else -1;
  // weights (B,L) = llada_weight(B, L, t_b, inverse_t) where masked, else 0 (llada_cell). Returns
  // Σ weights, the divergence check's normaliser: each row's llada_row_weight (exact), added in row
  // order in double; NaN when the backend failed. The default runs the CPU rule on the host through
  // download/upload (correct on any backend, B·L ints each way); a device overrides it with a kernel
  // (gpu/masking.cu), so a training step moves only Σ back.
  virtual double llada_mask(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                            int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) const;

  // ---- memory ---------------------------------------------------------------------------------------

  // `bytes` of backend memory, aligned to at least 64 bytes, contents undefined; an error (with the size)
  // when there is not enough. bytes == 0 gives nullptr. Free with free(); DeviceBuffer does both.
  virtual Result<void*> alloc(size_t bytes) const = 0;
  virtual void free(void* p) const = 0;  // p from alloc (or nullptr)
  // host → backend, backend → host (waits for the ops before it), backend → backend. No overlap.
  virtual Result<void> upload(void* dst, const void* host_src, size_t bytes) const = 0;
  virtual Result<void> download(void* host_dst, const void* src, size_t bytes) const = 0;
  virtual Result<void> copy(void* dst, const void* src, size_t bytes) const = 0;
  // dst (n floats) = value; zero_bytes: dst (bytes) = 0 (any type: +0.0f is all zero bits).
  virtual Result<void> fill(float* dst, float value, size_t n) const = 0;
  virtual Result<void> zero_bytes(void* dst, size_t bytes) const = 0;

  // Bytes of backend memory a new alloc may still take: a device's free memory (cudaMemGetInfo), the
  // host's available memory for the CPU (train::available_bytes). UINT64_MAX when unknown. Read before
  // a training run allocates, so a configuration too large for the memory it will live in is refused
  // with the figures (train::check_fits_in_memory).
  virtual uint64_t free_memory() const { return UINT64_MAX; }

  // Waits for every op sent so far and returns the first error any of them met since the last call
  // (and forgets it). The CPU backend runs ops synchronously and never fails: always ok.
  virtual Result<void> synchronize() const = 0;

  // What the backend has moved and holds, all threads together, since it started: bytes through upload
  // (host → backend) and download (backend → host, with the scalars a device's ops send back: Σx², the
  // loss, Σ weights), and backend memory allocated and not yet freed. The CPU counts its copies as a
  // device counts its transfers, so `bench train` and the tests see a step's traffic on either.
  struct Traffic {
    uint64_t h2d_bytes = 0, d2h_bytes = 0, held_bytes = 0;
  };
  virtual Traffic traffic() const { return {}; }  // a backend that does not count reports zeros
};

// The CPU reference backend (Eigen GEMMs). Always available; its memory is host memory (alloc is an
// aligned malloc, upload/download/copy are memcpy). Backends live as long as the process: models and
// buffers keep plain pointers to them. The others come from gpu::make_backend (gpu/backend.hpp).
const Backend& cpu_backend();

// Threads Eigen may use for the CPU GEMMs (a setting; default 1 so the window keeps its frame rate on
// two shared cores). Process-wide (Eigen::setNbThreads). Eigen parallelises only under OpenMP, which
// the build enables when the compiler has it; cpu_threads() reports what Eigen will really use.
// Every GEMM reads the count unsynchronised: change it only while no model computes on another thread.
// Setting the current count again writes nothing, so it is safe at any time.
void set_cpu_threads(int n);
int cpu_threads();

}  // namespace llada::nn
