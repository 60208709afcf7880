// The CUDA backend: nn::Backend (core/nn/backend.hpp) on one GPU. Host C++ (C++23, as core); the ops
// are the plain launchers of gpu/kernels.hpp (the .cu files, nvcc -std=c++17).
//
// Threads. One CudaBackend per device lives for the process and may be used by several threads at once
// (the GPT and the LLaDA trainers). Everything mutable is per calling thread: its own non-blocking
// stream (so two trainers overlap on the GPU), cuBLAS handle bound to that stream, scratch workspace
// (attention's head-split copies, llada_mask's row sums, the embedding gradient's links, LayerNorm's and
// Σ x²'s partial sums; grows to the largest shape seen, the one
// allocation an op may make), a device double for scalar results, and the first error its ops met.
// Memory from alloc() is usable from any thread; upload/download/copy/fill wait for their stream, so a
// buffer filled on one thread is complete when another starts using it.
//
// Errors. Every CUDA and cuBLAS call is checked (gpu/cuda_status.hpp); the compute ops keep the first
// failure of their thread and skip further work until synchronize() reports it (naming the call) and
// clears it. Memory calls report their own failure at once, and a pending op error before theirs.
// Scalars returned by value (sum_squares, crossentropy_forward, llada_mask) are NaN after a failure,
// which the trainer treats as a diverged step and then learns the reason from synchronize().
#include <cuda_runtime.h>

#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/math/adamw_rule.hpp"
#include "gpu/backend.hpp"
#include "gpu/cuda_stats.hpp"
#include "gpu/kernels.hpp"

namespace llada::gpu {
namespace {

constexpr const char* kHint = "continue on the CPU (--device cpu), or check the GPU with nvidia-smi";

std::string describe(const Status& s) { return std::string(s.call) + " failed: " + s.what; }

class CudaBackend final : public nn::Backend {
 public:
  explicit CudaBackend(int device) : device_(device) {}

  struct ThreadState {
    cudaStream_t stream = nullptr;
    cublasHandle_t blas = nullptr;
    float* work = nullptr;
    size_t work_floats = 0;
    double* scalar = nullptr;  // device: one double for sum_squares / the loss total
    Status error;              // the first failure since the last synchronize()
    Status init;               // the failure that kept this state from starting, if any
    ~ThreadState() {
      if (work) cudaFree(work);
      if (scalar) cudaFree(scalar);
      if (blas) cublasDestroy(blas);
      if (stream) cudaStreamDestroy(stream);
    }
  };

  // This thread's state for this backend, created on first use.
  ThreadState& state() const {
    thread_local std::vector<std::pair<const CudaBackend*, std::unique_ptr<ThreadState>>> states;
    for (auto& [b, s] : states)
      if (b == this) return *s;
    auto s = std::make_unique<ThreadState>();
    s->init = start(*s);
    if (!s->init.ok()) s->error = s->init;
    states.emplace_back(this, std::move(s));
    return *states.back().second;
  }

  Status start(ThreadState& s) const {
    LLADA_CUDA_CHECK(cudaSetDevice(device_));
    LLADA_CUDA_CHECK(cudaStreamCreateWithFlags(&s.stream, cudaStreamNonBlocking));
    LLADA_CUBLAS_CHECK(cublasCreate(&s.blas));
    LLADA_CUBLAS_CHECK(cublasSetStream(s.blas, s.stream));
    LLADA_CUDA_CHECK(cudaMalloc(&s.scalar, sizeof(double)));
    return {};
  }

  // Runs `op` unless a failure is pending on this thread, and keeps its failure.
  template <class F>
  void run(F&& op) const {
    ThreadState& s = state();
    if (!s.error.ok()) return;
    const Status st = op(s);
    if (!st.ok()) s.error = st;
  }

  Result<void> pending(const char* what) const {
    ThreadState& s = state();
    if (s.error.ok()) return {};
    return fail(std::string("the GPU could not ") + what + ": an earlier CUDA op failed: " + describe(s.error), kHint);
  }

  float* workspace(ThreadState& s, size_t floats, Status& st) const {
    if (floats <= s.work_floats) return s.work;
    if (s.work) cudaFree(s.work);  // cudaFree waits for the device, so no kernel still reads it
    s.work = nullptr;
    s.work_floats = 0;
    const cudaError_t e = cudaMalloc(&s.work, floats * sizeof(float));
    if (e != cudaSuccess) {
      (void)cudaGetLastError();
      st = Status{"cudaMalloc(&workspace)", cudaGetErrorString(e)};
      return nullptr;
    }
    s.work_floats = floats;
    return s.work;
  }

  // One double computed on the device into s.scalar (st: how enqueuing it went), brought to the host.
  double read_scalar(ThreadState& s, Status st) const {
    double host = 0.0;
    if (st.ok()) {
      st = [&]() -> Status {
        LLADA_CUDA_CHECK(cudaMemcpyAsync(&host, s.scalar, sizeof(double), cudaMemcpyDeviceToHost, s.stream));
        return sync(s);
      }();
    }
    if (!st.ok()) {
      if (s.error.ok()) s.error = st;
      return NAN;
    }
    stats_.d2h_bytes += sizeof(double);
    return host;
  }

  // ---------------------------------------------------------------------------------------- ops

  const char* name() const override { return "cuda"; }

  void encoder_forward(float* out, const int32_t* inp, const float* wte, const float* wpe, int B, int T,
                       int C) const override {
    run([&](ThreadState& s) { return k::encoder_forward(s.stream, out, inp, wte, wpe, B, T, C); });
  }
  void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T,
                        int C) const override {
    run([&](ThreadState& s) {
      Status st;
      static_assert(sizeof(int32_t) == sizeof(float), "links as workspace floats");
      auto* links = reinterpret_cast<int32_t*>(workspace(s, k::encoder_backward_scratch_ints(B, T), st));
      if (!st.ok()) return st;
      return k::encoder_backward(s.stream, dwte, dwpe, dout, inp, B, T, C, links);
    });
  }
  void one_hot(float* out, const int32_t* ids, int N, int V) const override {
    run([&](ThreadState& s) { return k::one_hot(s.stream, out, ids, N, V); });
  }
  void matmul_forward(float* out, const float* inp, const float* weight, const float* bias, int BT, int C,
                      int OC) const override {
    run([&](ThreadState& s) { return k::matmul_forward(s.blas, s.stream, out, inp, weight, bias, BT, C, OC); });
  }
  void matmul_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                       const float* weight, int BT, int C, int OC) const override {
    run([&](ThreadState& s) {
      return k::matmul_backward(s.blas, s.stream, dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
    });
  }
  void activation_forward(float* out, const float* inp, int N, nn::Activation act) const override {
    run([&](ThreadState& s) { return k::activation_forward(s.stream, out, inp, size_t(N), int(act)); });
  }
  void activation_backward(float* dinp, const float* inp, const float* dout, int N,
                           nn::Activation act) const override {
    run([&](ThreadState& s) { return k::activation_backward(s.stream, dinp, inp, dout, size_t(N), int(act)); });
  }
  void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                         const float* bias, int BT, int C) const override {
    run([&](ThreadState& s) { return k::layernorm_forward(s.stream, out, mean, rstd, inp, weight, bias, BT, C); });
  }
  void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                          const float* weight, const float* mean, const float* rstd, int BT,
                          int C) const override {
    run([&](ThreadState& s) {
      Status st;
      float* w = workspace(s, k::layernorm_backward_scratch_floats(BT, C), st);
      if (!st.ok()) return st;
      return k::layernorm_backward(s.stream, dinp, dweight, dbias, dout, inp, weight, mean, rstd, BT, C, w);
    });
  }
  void attention_forward(float* out, float* att, const float* inp, int B, int T, int C, int NH,
                         bool causal) const override {
    run([&](ThreadState& s) {
      Status st;
      float* w = workspace(s, k::attention_scratch_floats(B, T, C), st);
      if (!st.ok()) return st;
      return k::attention_forward(s.blas, s.stream, out, att, inp, B, T, C, NH, causal, w);
    });
  }
  void attention_backward(float* dinp, float* datt, const float* dout, const float* inp, const float* att,
                          int B, int T, int C, int NH, bool causal) const override {
    run([&](ThreadState& s) {
      Status st;
      float* w = workspace(s, k::attention_scratch_floats(B, T, C), st);
      if (!st.ok()) return st;
      return k::attention_backward(s.blas, s.stream, dinp, datt, dout, inp, att, B, T, C, NH, causal, w);
    });
  }
  void residual_forward(float* out, const float* a, const float* b, int N) const override {
    run([&](ThreadState& s) { return k::residual_forward(s.stream, out, a, b, size_t(N)); });
  }
  void residual_backward(float* da, float* db, const float* dout, int N) const override {
    run([&](ThreadState& s) { return k::residual_backward(s.stream, da, db, dout, size_t(N)); });
  }
  double crossentropy_forward(float* losses, const float* logits, const int32_t* targets, const float* weights,
                              int BT, int V) const override {
    ThreadState& s = state();
    if (!s.error.ok()) return NAN;
    return read_scalar(s, k::crossentropy_forward(s.stream, losses, s.scalar, logits, targets, weights, BT, V));
  }
  void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets, const float* weights,
                             int BT, int V) const override {
    run([&](ThreadState& s) { return k::crossentropy_backward(s.stream, dlogits, logits, targets, weights, BT, V); });
  }

  void adamw_step(float* params, float* grads, float* m, float* v, unsigned char* live, size_t n,
                  const nn::AdamWStep& a) const override {
    const AdamWCoeffs c = adamw_coeffs(a.lr, a.beta1, a.beta2, a.eps, a.weight_decay, a.t);
    // As the CPU: the skip of all-zero blocks is exact only for a finite lr ≥ 0, finite bias
    // corrections and eps > 0; otherwise every block is updated and the live bytes are left alone.
    if (!(std::isfinite(a.lr) && a.lr >= 0.0f && std::isfinite(c.c1) && std::isfinite(c.c2) && a.eps > 0.0f))
      live = nullptr;
    run([&](ThreadState& s) { return k::adamw_step(s.stream, params, grads, m, v, live, n, c); });
  }
  double sum_squares(const float* x, size_t n) const override {
    ThreadState& s = state();
    if (!s.error.ok()) return NAN;
    Status st;  // the blocks' sums as pairs of workspace floats (cudaMalloc's alignment suits doubles)
    auto* sums = reinterpret_cast<double*>(workspace(s, 2 * k::sum_squares_scratch_doubles(), st));
    if (st.ok()) st = k::sum_squares(s.stream, s.scalar, x, n, sums);
    return read_scalar(s, st);
  }
  void scale(float* x, float f, size_t n) const override {
    run([&](ThreadState& s) { return k::scale(s.stream, x, f, n); });
  }
  // On the device (gpu/masking.cu): x0 is already there, the times are drawn with the masks, and the
  // rows' weight sums go through the workspace; only Σ comes back.
  double llada_mask(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                    int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) const override {
    ThreadState& s = state();
    if (!s.error.ok()) return NAN;
    Status st;
    static_assert(sizeof(double) == 2 * sizeof(float), "row sums as pairs of workspace floats");
    // cudaMalloc's 256-byte alignment suits doubles.
    auto* rows = reinterpret_cast<double*>(workspace(s, 2 * size_t(B > 0 ? B : 1), st));
    if (st.ok())
      st = k::llada_mask(s.stream, inputs, targets, weights, s.scalar, rows, x0, B, L, mask_id, seed, first_seq, eps,
                         inverse_t);
    return read_scalar(s, st);
  }

  // ---------------------------------------------------------------------------------------- memory

  Result<void*> alloc(size_t bytes) const override {
    if (bytes == 0) return static_cast<void*>(nullptr);
    ThreadState& s = state();
    if (!s.init.ok()) return fail("the GPU could not start: " + describe(s.init), kHint);
    void* p = nullptr;
    const cudaError_t e = cudaMalloc(&p, bytes);  // 256-byte aligned
    if (e != cudaSuccess) {
      (void)cudaGetLastError();
      return fail("out of GPU memory: could not allocate " + std::to_string((bytes + (1 << 20) - 1) >> 20) +
                      " MiB (cudaMalloc: " + cudaGetErrorString(e) + ")",
                  "choose a smaller model, vocabulary or batch, close other GPU programs, or use --device cpu");
    }
    {
      std::lock_guard lock(sizes_mu_);
      sizes_[p] = bytes;
    }
    stats_.held += bytes;
    return p;
  }
  void free(void* p) const override {
    if (!p) return;
    {
      std::lock_guard lock(sizes_mu_);
      if (auto it = sizes_.find(p); it != sizes_.end()) {
        stats_.held -= it->second;
        sizes_.erase(it);
      }
    }
    cudaFree(p);  // waits for the device; a failure here (a lost device) leaves nothing to do
  }
  Result<void> upload(void* dst, const void* src, size_t bytes) const override {
    return transfer(dst, src, bytes, cudaMemcpyHostToDevice, "upload to the GPU");
  }
  Result<void> download(void* dst, const void* src, size_t bytes) const override {
    return transfer(dst, src, bytes, cudaMemcpyDeviceToHost, "download from the GPU");
  }
  Result<void> copy(void* dst, const void* src, size_t bytes) const override {
    return transfer(dst, src, bytes, cudaMemcpyDeviceToDevice, "copy on the GPU");
  }
  Result<void> fill(float* dst, float value, size_t n) const override {
    if (auto p = pending("fill"); !p) return p;
    ThreadState& s = state();
    Status st = k::fill(s.stream, dst, value, n);
    if (st.ok()) st = sync(s);
    if (!st.ok()) return fail("the GPU could not fill a buffer: " + describe(st), kHint);
    return {};
  }
  Result<void> zero_bytes(void* dst, size_t bytes) const override {
    if (auto p = pending("zero a buffer"); !p) return p;
    ThreadState& s = state();
    Status st = [&]() -> Status {
      if (bytes) LLADA_CUDA_CHECK(cudaMemsetAsync(dst, 0, bytes, s.stream));
      return sync(s);
    }();
    if (!st.ok()) return fail("the GPU could not zero a buffer: " + describe(st), kHint);
    return {};
  }
  Result<void> synchronize() const override {
    ThreadState& s = state();
    Status st = s.error;
    if (st.ok()) st = sync(s);
    if (s.init.ok()) s.error = Status{};  // reported once (a state that never started keeps failing)
    if (!st.ok()) return fail("a CUDA operation failed: " + describe(st), kHint);
    return {};
  }

  uint64_t free_memory() const override {
    if (!state().init.ok()) return 0;  // this thread's device could not start: nothing can be allocated
    size_t free_b = 0, total_b = 0;    // of the device this thread's state selected (cudaSetDevice)
    if (cudaMemGetInfo(&free_b, &total_b) != cudaSuccess) {
      (void)cudaGetLastError();
      return UINT64_MAX;
    }
    return free_b;
  }

  Traffic traffic() const override { return {stats_.h2d_bytes.load(), stats_.d2h_bytes.load(), stats_.held.load()}; }

  CudaStats stats() const {
    CudaStats r;
    size_t free_b = 0, total_b = 0;
    if (cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) {
      r.device_used_bytes = total_b - free_b;
      r.device_total_bytes = total_b;
    } else {
      (void)cudaGetLastError();
    }
    return r;
  }

 private:
  Status sync(ThreadState& s) const {
    LLADA_CUDA_CHECK(cudaStreamSynchronize(s.stream));
    return {};
  }

  Result<void> transfer(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, const char* what) const {
    if (auto p = pending(what); !p) return p;
    if (bytes == 0) return {};
    ThreadState& s = state();
    const Status st = [&]() -> Status {
      LLADA_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, kind, s.stream));
      return sync(s);
    }();
    if (!st.ok()) return fail(std::string("the GPU could not ") + what + ": " + describe(st), kHint);
    if (kind == cudaMemcpyHostToDevice) stats_.h2d_bytes += bytes;
    if (kind == cudaMemcpyDeviceToHost) stats_.d2h_bytes += bytes;
    return {};
  }

  int device_;
  struct Counters {
    std::atomic<unsigned long long> h2d_bytes{0}, d2h_bytes{0}, held{0};
  };
  mutable Counters stats_;
  mutable std::mutex sizes_mu_;
  mutable std::unordered_map<void*, size_t> sizes_;  // guarded by sizes_mu_: each allocation's size, for held
};

constexpr int kMaxDevices = 16;
std::mutex g_mu;
std::array<std::unique_ptr<CudaBackend>, kMaxDevices> g_backends;  // guarded by g_mu
std::vector<std::unique_ptr<CudaBackend>> g_failed;                // guarded by g_mu

}  // namespace

Result<const nn::Backend*> cuda_backend(int index) {
  if (index < 0 || index >= kMaxDevices)
    return fail("there is no CUDA device " + std::to_string(index), "use device 0 (the first GPU)");
  std::lock_guard lock(g_mu);
  if (!g_backends[index]) {
    auto b = std::make_unique<CudaBackend>(index);
    const auto& s = b->state();  // starts this thread's stream and cuBLAS: fails here if CUDA cannot
    if (!s.init.ok()) {
      const std::string why = describe(s.init);
      g_failed.push_back(std::move(b));  // kept: this thread's state still names it
      return fail("the CUDA backend could not start on device " + std::to_string(index) + ": " + why, kHint);
    }
    g_backends[index] = std::move(b);
  }
  return static_cast<const nn::Backend*>(g_backends[index].get());
}

Result<CudaStats> cuda_stats(const nn::Backend& backend) {
  const auto* cb = dynamic_cast<const CudaBackend*>(&backend);
  if (!cb) return fail(std::string("the ") + backend.name() + " backend has no CUDA statistics", "ask a CUDA backend");
  return cb->stats();
}

}  // namespace llada::gpu
