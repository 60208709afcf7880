// A base for test backends: every op and every memory call forwards to the CPU backend, and the bytes
// through upload and download are counted (traffic()), so a test backend overrides only what it changes (fake_backend.hpp: counting and failing memory;
// emulated_cuda_backend.hpp: the kernels' order of summation). llada_mask is left to the base class's
// host round trip through the memory calls (Backend::llada_mask), as a device without its own kernel has.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/nn/backend.hpp"

namespace llada::test {

class ForwardingBackend : public nn::Backend {
 public:
  void encoder_forward(float* out, const int32_t* inp, const float* wte, const float* wpe, int B, int T,
                       int C) const override { cpu().encoder_forward(out, inp, wte, wpe, B, T, C); }
  void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T,
                        int C) const override { cpu().encoder_backward(dwte, dwpe, dout, inp, B, T, C); }
  void one_hot(float* out, const int32_t* ids, int N, int V) const override { cpu().one_hot(out, ids, N, V); }
  void matmul_forward(float* out, const float* inp, const float* weight, const float* bias, int BT, int C,
                      int OC) const override { cpu().matmul_forward(out, inp, weight, bias, BT, C, OC); }
  void matmul_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                       const float* weight, int BT, int C, int OC) const override {
    cpu().matmul_backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
  }
  void activation_forward(float* out, const float* inp, int N, nn::Activation act) const override {
    cpu().activation_forward(out, inp, N, act);
  }
  void activation_backward(float* dinp, const float* inp, const float* dout, int N,
                           nn::Activation act) const override { cpu().activation_backward(dinp, inp, dout, N, act); }
  void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                         const float* bias, int BT, int C) const override {
    cpu().layernorm_forward(out, mean, rstd, inp, weight, bias, BT, C);
  }
  void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                          const float* weight, const float* mean, const float* rstd, int BT, int C) const override {
    cpu().layernorm_backward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, BT, C);
  }
  void attention_forward(float* out, float* att, const float* inp, int B, int T, int C, int NH,
                         bool causal) const override { cpu().attention_forward(out, att, inp, B, T, C, NH, causal); }
  void attention_backward(float* dinp, float* datt, const float* dout, const float* inp, const float* att, int B,
                          int T, int C, int NH, bool causal) const override {
    cpu().attention_backward(dinp, datt, dout, inp, att, B, T, C, NH, causal);
  }
  void residual_forward(float* out, const float* a, const float* b, int N) const override {
    cpu().residual_forward(out, a, b, N);
  }
  void residual_backward(float* da, float* db, const float* dout, int N) const override {
    cpu().residual_backward(da, db, dout, N);
  }
  double crossentropy_forward(float* losses, const float* logits, const int32_t* targets, const float* weights,
                              int BT, int V) const override {
    return cpu().crossentropy_forward(losses, logits, targets, weights, BT, V);
  }
  void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets, const float* weights,
                             int BT, int V) const override {
    cpu().crossentropy_backward(dlogits, logits, targets, weights, BT, V);
  }
  void adamw_step(float* params, float* grads, float* m, float* v, unsigned char* live, size_t n,
                  const nn::AdamWStep& s) const override { cpu().adamw_step(params, grads, m, v, live, n, s); }
  double sum_squares(const float* x, size_t n) const override { return cpu().sum_squares(x, n); }
  void scale(float* x, float s, size_t n) const override { cpu().scale(x, s, n); }

  Result<void*> alloc(size_t bytes) const override { return cpu().alloc(bytes); }
  void free(void* p) const override { cpu().free(p); }
  // Counted here (traffic()), so a test sees what passes between host and this backend alone.
  Result<void> upload(void* dst, const void* src, size_t bytes) const override {
    h2d_bytes_ += bytes;
    return cpu().upload(dst, src, bytes);
  }
  Result<void> download(void* dst, const void* src, size_t bytes) const override {
    d2h_bytes_ += bytes;
    return cpu().download(dst, src, bytes);
  }
  Traffic traffic() const override { return {h2d_bytes_.load(), d2h_bytes_.load(), 0}; }
  Result<void> copy(void* dst, const void* src, size_t bytes) const override { return cpu().copy(dst, src, bytes); }
  Result<void> fill(float* dst, float value, size_t n) const override { return cpu().fill(dst, value, n); }
  Result<void> zero_bytes(void* dst, size_t bytes) const override { return cpu().zero_bytes(dst, bytes); }
  Result<void> synchronize() const override { return cpu().synchronize(); }
  uint64_t free_memory() const override { return cpu().free_memory(); }

 protected:
  static const nn::Backend& cpu() { return nn::cpu_backend(); }

 private:
  mutable std::atomic<uint64_t> h2d_bytes_{0}, d2h_bytes_{0};  // a Trainer transfers from its own thread
};

}  // namespace llada::test
