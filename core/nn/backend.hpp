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
#pragma once

#include <cstdint>

namespace llada::nn {

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
};

// The CPU reference backend (Eigen GEMMs). Always available.
const Backend& cpu_backend();

// Threads Eigen may use for the CPU GEMMs (a setting; default 1 so the window keeps its frame rate on
// two shared cores). Process-wide (Eigen::setNbThreads). Eigen parallelises only under OpenMP, which
// the build enables when the compiler has it; cpu_threads() reports what Eigen will really use.
// Every GEMM reads the count unsynchronised: change it only while no model computes on another thread.
// Setting the current count again writes nothing, so it is safe at any time.
void set_cpu_threads(int n);
int cpu_threads();

}  // namespace llada::nn
