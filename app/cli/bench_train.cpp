// `llada-lab bench train`: how fast a training step runs, against what the CPU's GEMMs allow.
//
// For the seed's zero-layer GPT (V = 50257, d = 64, B×T = 5×8) and a small LLaDA, it times whole
// training steps (forward, weighted CE, backward, clip, AdamW) and reports tokens/s and the achieved
// GFLOP/s of the step's matrix products, next to plain Eigen GEMMs of exactly those shapes timed in
// the same run. The ratio says how much of the machine the step uses (the aim is ≥ 70 %).
// With --device cuda the reference is cuBLAS SGEMMs of the same shapes on the same GPU and the models are
// those of a GPU (the zero-layer GPT at V = 100 277 with B5×T8 and B64×T64, the small LLaDA at B4 and
// B64). Each line adds steps/s, the bytes moved host↔device per step (Backend::traffic: on the CPU its
// copies, which a device would transfer), the backend memory the session holds and, on a GPU, the
// device memory in use (all processes).
// FLOPs counted: 2·M·K·N per product, forward and both backward products of every linear layer and
// of the attention scores/mixing; elementwise work (GELU, LayerNorm, softmax, Adam) is not counted,
// so it shows up as time without FLOPs.
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/cli/device_option.hpp"
#include "core/math/philox.hpp"
#include "core/nn/backend.hpp"
#include "core/train/session.hpp"
#include "gpu/cuda_stats.hpp"

namespace llada::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct Gemm {
  int M, K, N;  // [M×K]·[K×N]
};

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Plain Eigen products of the given shapes (the same library the CPU backend uses), run as one pass.
struct GemmSet {
  std::vector<Eigen::MatrixXf> A, B, C;
  explicit GemmSet(const std::vector<Gemm>& shapes) {
    for (const Gemm& g : shapes) {
      A.push_back(Eigen::MatrixXf::Random(g.M, g.K));
      B.push_back(Eigen::MatrixXf::Random(g.K, g.N));
      C.push_back(Eigen::MatrixXf::Zero(g.M, g.N));
    }
  }
  double run() {  // seconds
    const auto t0 = Clock::now();
    for (size_t i = 0; i < A.size(); ++i) C[i].noalias() = A[i] * B[i];
    return seconds_since(t0);
  }
};

double median(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

double flops(const std::vector<Gemm>& shapes) {
  double f = 0;
  for (const Gemm& g : shapes) f += 2.0 * g.M * g.K * g.N;
  return f;
}

// Forward and the two backward products of a linear layer inp (BT×C) · Wᵀ (C×OC).
void linear_gemms(std::vector<Gemm>& out, int BT, int C, int OC) {
  out.push_back({BT, C, OC});  // out = inp·Wᵀ
  out.push_back({OC, BT, C});  // dW = doutᵀ·inp
  out.push_back({BT, OC, C});  // dinp = dout·W
}

struct Case {
  const char* name;
  ModelConfig model;
  int B, T;
  train::Objective objective;
};

std::vector<Gemm> step_gemms(const Case& c) {
  std::vector<Gemm> g;
  const int BT = c.B * c.T, d = c.model.d, V = c.model.vocab;
  for (int l = 0; l < c.model.n_layer; ++l) {
    linear_gemms(g, BT, d, 3 * d);
    linear_gemms(g, BT, d, d);
    linear_gemms(g, BT, d, 4 * d);
    linear_gemms(g, BT, 4 * d, d);
    // Attention per (batch, head): scores Q·Kᵀ and mixing P·V, forward and two backward products each;
    // counted as one product of the whole batch with the same FLOPs.
    const int hs = d / c.model.n_head, BH = c.B * c.model.n_head;
    for (int k = 0; k < 3; ++k) g.push_back({BH * c.T, hs, c.T});
    for (int k = 0; k < 3; ++k) g.push_back({BH * c.T, c.T, hs});
  }
  linear_gemms(g, BT, d, V);  // the unembedding: the dominant cost at V = 50257
  return g;
}

// Seconds for one pass over the shapes as cuBLAS SGEMMs on the backend's GPU (each the median of 10).
Result<double> cublas_seconds(const std::vector<Gemm>& shapes, const nn::Backend& backend) {
  double s = 0;
  for (const Gemm& g : shapes) {
    auto ms = gpu::cuda_gemm_ms(backend, false, false, g.M, g.N, g.K, 10);
    if (!ms) return std::unexpected(ms.error());
    s += *ms / 1e3;
  }
  return s;
}

void run_case(const Case& c, int steps, const nn::Backend* backend) {
  const bool cuda = std::string(backend->name()) == "cuda";
  train::TrainConfig cfg;
  cfg.backend = backend;
  cfg.model = c.model;
  cfg.objective = c.objective;
  cfg.B = c.B;
  cfg.T = c.T;
  cfg.tokenizer_id = c.model.vocab == 100277 ? "cl100k" : "gpt2";
  auto s = train::TrainSession::create(cfg);
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().to_string().c_str());
    return;
  }
  const int V = c.model.vocab;
  train::BatchFn batch = [V](uint64_t index, int B, int T, int32_t* in, int32_t* tg) {
    for (int i = 0; i < B * T; ++i) {
      in[i] = static_cast<int32_t>(uniform01(7, stream::shuffle, index * 4096 + i) * V);
      tg[i] = static_cast<int32_t>(uniform01(7, stream::shuffle, (index + 1) * 4096 + i) * V);
    }
  };
  const auto shapes = step_gemms(c);
  std::optional<GemmSet> gemms;  // the CPU's reference; a GPU's is cuBLAS, timed after the steps
  if (!cuda) gemms.emplace(shapes);
  for (int i = 0; i < 3; ++i) {  // warm-up: buffers sized, caches warm
    (void)s->step(batch);
    if (gemms) gemms->run();
  }
  const nn::Backend::Traffic before = backend->traffic();
  // Steps and reference GEMMs alternate, so both see the same load on a shared machine.
  std::vector<double> t_step, t_gemm;
  for (int i = 0; i < steps; ++i) {
    const auto t0 = Clock::now();
    auto r = s->step(batch);
    t_step.push_back(seconds_since(t0));
    if (!r) {
      std::fprintf(stderr, "%s: %s\n", c.name, r.error().to_string().c_str());
      return;
    }
    if (gemms) t_gemm.push_back(gemms->run());
  }
  const nn::Backend::Traffic after = backend->traffic();
  double gemm_s = 0;
  if (cuda) {
    auto g = cublas_seconds(shapes, *backend);
    if (!g) {
      std::fprintf(stderr, "%s: %s\n", c.name, g.error().to_string().c_str());
      return;
    }
    gemm_s = *g;
  } else {
    gemm_s = median(t_gemm);
  }
  const double step_s = median(t_step);
  const double f = flops(shapes);
  const double step_gf = f / step_s / 1e9, gemm_gf = f / gemm_s / 1e9;
  std::printf("%-34s %8.2f ms/step %10.0f tokens/s %8.1f GFLOP/s   GEMM %8.1f GFLOP/s   %5.1f %%", c.name,
              step_s * 1e3, c.B * c.T / step_s, step_gf, gemm_gf, 100.0 * step_gf / gemm_gf);
  std::printf("   %7.1f steps/s  H2D %7.0f B/step  D2H %5.0f B/step  held %6.1f MiB", 1.0 / step_s,
              double(after.h2d_bytes - before.h2d_bytes) / steps, double(after.d2h_bytes - before.d2h_bytes) / steps,
              double(after.held_bytes) / (1 << 20));
  if (cuda)
    if (auto st = gpu::cuda_stats(*backend)) std::printf("  device %6.0f MiB", double(st->device_used_bytes) / (1 << 20));
  std::printf("\n");
  std::fflush(stdout);
}

int bench_train(const std::vector<std::string>& words) {
  Args a(words, {});
  const int steps = static_cast<int>(a.get_int("--steps", 30, 1, 100000));
  const int threads = static_cast<int>(a.get_int("--threads", 1, 1, 256));
  const std::string device = read_device_option(a);
  if (auto p = a.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab bench train: %s\nHINT: options are --steps N --threads N --device auto|cpu|cuda\n",
                 p.c_str());
    return 2;
  }
  auto backend = choose_backend(device);
  if (!backend) {
    std::fprintf(stderr, "%s\n", backend.error().to_string().c_str());
    return 1;
  }
  nn::set_cpu_threads(std::max(1, threads));
  if (std::string((*backend)->name()) == "cuda") {
    std::printf("training step on cuda vs cuBLAS SGEMM of the same shapes (medians of %d steps)\n", steps);
    std::printf("%-34s %16s %19s %17s %23s %7s\n", "model", "time", "throughput", "step", "reference", "ratio");
    using train::Objective;
    run_case({"zero-layer GPT V100277 d64 B5 T8", ModelConfig::zero_layer(100277, 64), 5, 8, Objective::Autoregressive},
             steps, *backend);
    run_case({"zero-layer GPT V100277 d64 B64 T64", ModelConfig::zero_layer(100277, 64), 64, 64,
              Objective::Autoregressive}, steps, *backend);
    run_case({"LLaDA L2 H2 d64 T32 B4 V50257", ModelConfig::llada(50257, 2, 2, 64, 32), 4, 32, Objective::Llada},
             steps, *backend);
    run_case({"LLaDA L2 H2 d64 T32 B64 V50257", ModelConfig::llada(50257, 2, 2, 64, 32), 64, 32, Objective::Llada},
             steps, *backend);
    return 0;
  }
  std::printf("training step on %s vs plain Eigen GEMM of the same shapes (medians of %d alternating runs, %d thread%s)\n",
              (*backend)->name(), steps, threads, threads == 1 ? "" : "s");
  std::printf("%-34s %16s %19s %17s %23s %7s\n", "model", "time", "throughput", "step", "reference", "ratio");
  run_case({"zero-layer GPT V50257 d64 B5 T8", ModelConfig::zero_layer(50257, 64), 5, 8, train::Objective::Autoregressive},
           steps, *backend);
  run_case({"LLaDA L2 H2 d64 T32 B4 V50257", ModelConfig::llada(50257, 2, 2, 64, 32), 4, 32, train::Objective::Llada},
           std::max(5, steps / 3), *backend);
  return 0;
}

RegisterBench reg{"train", "training-step tokens/s and GFLOP/s vs plain Eigen GEMMs of the same shapes", bench_train};

}  // namespace
}  // namespace llada::cli
