// Parity: the CUDA masking kernel against the CPU reference, bit for bit, histograms exactly (the
// training objective's kernel, Backend::llada_mask, is in the op-parity harness, tests/op_parity.hpp),
// and what a LLaDA training step moves between host and device.
#include <doctest/doctest.h>

#include <cstdio>
#include <numeric>
#include <vector>

#include "core/math/masking.hpp"
#include "core/train/session.hpp"
#include "gpu/backend.hpp"
#include "gpu/masking.hpp"

using namespace llada;

static void check_parity(int B, int L, std::vector<float> t, std::uint64_t seed, std::uint64_t first_seq) {
  CAPTURE(B);
  CAPTURE(L);
  CAPTURE(seed);
  std::vector<std::int32_t> x0(std::size_t(B) * L);
  std::iota(x0.begin(), x0.end(), 7);
  auto cpu = mask_batch(x0, B, L, t, -1, seed, first_seq);
  auto gpu = gpu::mask_batch_cuda(x0, B, L, t, -1, seed, first_seq);
  REQUIRE(cpu.has_value());
  REQUIRE_MESSAGE(gpu.has_value(), (gpu ? "" : gpu.error().to_string()));
  CHECK(gpu->batch.B == B);
  CHECK(gpu->batch.L == L);
  CHECK(gpu->batch.masked == cpu->masked);
  CHECK(gpu->batch.tokens == cpu->tokens);
  CHECK(gpu->batch.counts == cpu->counts);
  auto hist = mask_count_histogram(cpu->counts, L);
  REQUIRE(hist.has_value());
  CHECK(gpu->histogram == *hist);
}

TEST_CASE("the GPU masks a batch bit-identically to the CPU and counts the same histogram") {
  check_parity(1, 1, {0.5f}, 1, 0);
  check_parity(3, 7, {0.0f, 0.5f, 1.0f}, 2, 10);  // the edges t = 0 and t = 1, L not a multiple of 4
  std::vector<float> t(257);
  for (int b = 0; b < 257; ++b) t[b] = float(b) / 256.0f;
  check_parity(257, 1031, t, 0xdeadbeefcafef00dull, 123456789);  // more positions than threads
  check_parity(64, 4096, std::vector<float>(64, 0.3f), 42, 0);
}

TEST_CASE("the GPU rejects what the CPU rejects") {
  const std::vector<std::int32_t> x0(6, 1);
  CHECK_FALSE(gpu::mask_batch_cuda(x0, 2, 3, std::vector<float>{0.5f, 1.5f}, -1, 1).has_value());
  CHECK_FALSE(gpu::mask_batch_cuda(x0, 2, 2, std::vector<float>{0.5f, 0.5f}, -1, 1).has_value());
  auto empty_rows = gpu::mask_batch_cuda(std::span<const std::int32_t>{}, 3, 0, std::vector<float>(3, 0.5f), -1, 1);
  REQUIRE(empty_rows.has_value());
  CHECK(empty_rows->histogram == std::vector<std::int64_t>{3});
}

TEST_CASE("on the GPU a LLaDA training step sends x0 up and brings back only the loss, the norm and Σ weights") {
  auto be = gpu::cuda_backend(0);
  REQUIRE_MESSAGE(be.has_value(), (be ? "" : be.error().to_string()));
  train::TrainConfig cfg;
  cfg.model = ModelConfig::llada(50257, 2, 2, 64, 32);
  cfg.objective = train::Objective::Llada;
  cfg.B = 4;
  cfg.T = 32;
  cfg.backend = *be;
  auto s = train::TrainSession::create(cfg);
  REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().to_string()));
  const train::BatchFn batch = [](std::uint64_t index, int B, int T, std::int32_t* in, std::int32_t*) {
    for (int i = 0; i < B * T; ++i) in[i] = std::int32_t((index * 131 + std::uint64_t(i) * 7) % 50257);
  };
  REQUIRE(s->step(batch));  // sizes the buffers
  const nn::Backend::Traffic before = (*be)->traffic();
  auto r = s->step(batch);
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().to_string()));
  const nn::Backend::Traffic after = (*be)->traffic();
  CHECK(after.h2d_bytes - before.h2d_bytes == std::uint64_t(cfg.B) * cfg.T * sizeof(std::int32_t));
  CHECK(after.d2h_bytes - before.d2h_bytes == 3 * sizeof(double));
  std::printf("LLaDA B4 T32 step on the GPU: %llu bytes up, %llu bytes down\n",
              (unsigned long long)(after.h2d_bytes - before.h2d_bytes),
              (unsigned long long)(after.d2h_bytes - before.d2h_bytes));
}
