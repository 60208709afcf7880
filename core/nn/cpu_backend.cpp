// The CPU backend: forwards every op to the reference free functions of core/nn/ops.hpp.
#include <Eigen/Core>
#include <atomic>

#include "core/nn/backend.hpp"
#include "core/nn/ops.hpp"

namespace llada::nn {

namespace {

class CpuBackend final : public Backend {
 public:
  const char* name() const override { return "cpu"; }
  void encoder_forward(float* out, const int32_t* inp, const float* wte, const float* wpe, int B, int T,
                       int C) const override {
    cpu::encoder_forward(out, inp, wte, wpe, B, T, C);
  }
  void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T,
                        int C) const override {
    cpu::encoder_backward(dwte, dwpe, dout, inp, B, T, C);
  }
  void matmul_forward(float* out, const float* inp, const float* weight, const float* bias, int BT, int C,
                      int OC) const override {
    cpu::matmul_forward(out, inp, weight, bias, BT, C, OC);
  }
  void matmul_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                       const float* weight, int BT, int C, int OC) const override {
    cpu::matmul_backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
  }
  void activation_forward(float* out, const float* inp, int N, Activation act) const override {
    cpu::activation_forward(out, inp, N, act);
  }
  void activation_backward(float* dinp, const float* inp, const float* dout, int N,
                           Activation act) const override {
    cpu::activation_backward(dinp, inp, dout, N, act);
  }
  void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                         const float* bias, int BT, int C) const override {
    cpu::layernorm_forward(out, mean, rstd, inp, weight, bias, BT, C);
  }
  void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                          const float* weight, const float* mean, const float* rstd, int BT,
                          int C) const override {
    cpu::layernorm_backward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, BT, C);
  }
  void attention_forward(float* out, float* att, const float* inp, int B, int T, int C, int NH,
                         bool causal) const override {
    cpu::attention_forward(out, att, inp, B, T, C, NH, causal);
  }
  void attention_backward(float* dinp, float* datt, const float* dout, const float* inp, const float* att,
                          int B, int T, int C, int NH, bool causal) const override {
    cpu::attention_backward(dinp, datt, dout, inp, att, B, T, C, NH, causal);
  }
  void residual_forward(float* out, const float* a, const float* b, int N) const override {
    cpu::residual_forward(out, a, b, N);
  }
  void residual_backward(float* da, float* db, const float* dout, int N) const override {
    cpu::residual_backward(da, db, dout, N);
  }
  double crossentropy_forward(float* losses, const float* logits, const int32_t* targets, const float* weights,
                              int BT, int V) const override {
    return cpu::crossentropy_forward(losses, logits, targets, weights, BT, V);
  }
  void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets, const float* weights,
                             int BT, int V) const override {
    cpu::crossentropy_backward(dlogits, logits, targets, weights, BT, V);
  }
};

std::atomic<int> g_threads{0};  // 0: not yet set, Eigen still at its default

}  // namespace

const Backend& cpu_backend() {
  static const CpuBackend backend;
  if (g_threads.load() == 0) set_cpu_threads(1);  // the documented default: one compute thread
  return backend;
}

void set_cpu_threads(int n) {
  if (n < 1) n = 1;
  Eigen::setNbThreads(n);
  g_threads.store(n);
}

int cpu_threads() {
  if (g_threads.load() == 0) set_cpu_threads(1);
  return Eigen::nbThreads();  // what Eigen will really use (1 when built without OpenMP)
}

}  // namespace llada::nn
