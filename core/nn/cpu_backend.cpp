// The CPU backend: forwards every op to the reference free functions of core/nn/ops.hpp and the
// optimizer's of core/train/optim.hpp. Its memory is host memory: alloc is an aligned malloc and the
// transfers are memcpy.
#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/nn/backend.hpp"
#include "core/nn/ops.hpp"
#include "core/train/memory.hpp"
#include "core/train/objective.hpp"
#include "core/train/optim.hpp"

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
  void one_hot(float* out, const int32_t* ids, int N, int V) const override { cpu::one_hot(out, ids, N, V); }
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

  void adamw_step(float* params, float* grads, float* m, float* v, unsigned char* live, size_t n,
                  const AdamWStep& s) const override {
    const train::AdamWConfig cfg{.beta1 = s.beta1, .beta2 = s.beta2, .eps = s.eps, .weight_decay = s.weight_decay};
    train::adamw_update_zero_grad(params, grads, m, v, n, s.lr, s.t, cfg, live);
  }
  double sum_squares(const float* x, size_t n) const override { return train::sum_squares(x, n); }
  void scale(float* x, float s, size_t n) const override { train::scale(x, s, n); }
  double llada_mask(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L, int32_t mask_id,
                    uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) const override {
    return train::llada_mask_rows(inputs, targets, weights, x0, B, L, mask_id, seed, first_seq, eps, inverse_t);
  }

  Result<void*> alloc(size_t bytes) const override {
    if (bytes == 0) return static_cast<void*>(nullptr);
    // posix_memalign, not aligned_alloc: no rounding of the size up to the alignment, so exactly `bytes`
    // are addressable and AddressSanitizer sees an overrun of even one byte.
    void* p = nullptr;
    if (posix_memalign(&p, 64, bytes) != 0) p = nullptr;
    if (!p)
      return fail("out of host memory: could not allocate " + std::to_string(bytes >> 20) + " MiB",
                  "choose a smaller model, vocabulary or batch, or close other programs");
    std::lock_guard lock(sizes_mu_);
    sizes_[p] = bytes;
    held_ += bytes;
    return p;
  }
  void free(void* p) const override {
    if (!p) return;
    {
      std::lock_guard lock(sizes_mu_);
      if (auto it = sizes_.find(p); it != sizes_.end()) {
        held_ -= it->second;
        sizes_.erase(it);
      }
    }
    std::free(p);
  }
  Result<void> upload(void* dst, const void* src, size_t bytes) const override {
    h2d_ += bytes;
    return copy(dst, src, bytes);
  }
  Result<void> download(void* dst, const void* src, size_t bytes) const override {
    d2h_ += bytes;
    return copy(dst, src, bytes);
  }
  Result<void> copy(void* dst, const void* src, size_t bytes) const override {
    if (bytes) std::memcpy(dst, src, bytes);
    return {};
  }
  Result<void> fill(float* dst, float value, size_t n) const override {
    std::fill(dst, dst + n, value);
    return {};
  }
  Result<void> zero_bytes(void* dst, size_t bytes) const override {
    if (bytes) std::memset(dst, 0, bytes);
    return {};
  }
  Result<void> synchronize() const override { return {}; }
  uint64_t free_memory() const override { return train::available_bytes(); }
  Traffic traffic() const override { return {h2d_.load(), d2h_.load(), held_.load()}; }

 private:
  mutable std::atomic<uint64_t> h2d_{0}, d2h_{0}, held_{0};  // any thread may allocate and transfer
  mutable std::mutex sizes_mu_;
  mutable std::unordered_map<void*, size_t> sizes_;  // guarded by sizes_mu_: each allocation's size, for held_
};

// Eigen keeps its thread count in one plain static int that every GEMM reads, on whatever thread it
// runs. Writing it while a trainer computes is a data race (ThreadSanitizer caught make_train_config
// doing so for a second trainer while the first one trained), so it is written only when the count
// really changes, and the default (one compute thread) is set during static initialisation, before main
// and before any thread exists, instead of on first use.
std::mutex g_threads_mu;
int g_threads = (Eigen::setNbThreads(1), 1);  // guarded by g_threads_mu

}  // namespace

const Backend& cpu_backend() {
  // Never destroyed: buffers held by other statics (the window's panel state) free through it at exit,
  // after a function-local static backend would already be gone.
  static const CpuBackend* const backend = new CpuBackend();
  return *backend;
}

void set_cpu_threads(int n) {
  if (n < 1) n = 1;
  std::lock_guard lock(g_threads_mu);
  if (n == g_threads) return;  // asking again for the current count writes nothing
  Eigen::setNbThreads(n);
  g_threads = n;
}

int cpu_threads() {
  return Eigen::nbThreads();  // what Eigen will really use (1 when built without OpenMP)
}

}  // namespace llada::nn
