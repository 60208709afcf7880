// Parity: the CUDA masking kernel against the CPU reference, bit for bit, histograms exactly.
#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "core/math/masking.hpp"
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
