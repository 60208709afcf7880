// The CUDA backend's gradient reductions are fixed in order (no atomics): the embedding gradient, LayerNorm's
// dweight/dbias and Σ x² give the same bits on every run, and the bits the host replay of their mapping
// gives (tests/kernel_emulation.hpp): the embedding gradient is the CPU's exactly, LayerNorm's and Σ x² the
// replay's exactly (tests/test_deterministic_grads.cpp compares the replay with the CPU on every machine).
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "core/nn/device_buffer.hpp"
#include "core/nn/ops.hpp"
#include "gpu/backend.hpp"
#include "tests/kernel_emulation.hpp"
#include "tests/op_parity.hpp"

using namespace llada;

namespace {
const nn::Backend& gpu_backend() {
  static auto be = gpu::cuda_backend(0);
  REQUIRE_MESSAGE(be.has_value(), (be ? "" : be.error().to_string()));
  return **be;
}
template <class T>
nn::DeviceBuffer up(const nn::Backend& be, const std::vector<T>& v) {
  auto b = nn::DeviceBuffer::allocate(be, v.size() * sizeof(T));
  REQUIRE(b);
  REQUIRE(b->upload(v.data(), v.size() * sizeof(T)));
  return std::move(*b);
}
std::vector<float> down(const nn::Backend& be, const nn::DeviceBuffer& b, size_t n) {
  REQUIRE(be.synchronize());
  std::vector<float> v(n);
  REQUIRE(b.download(v.data(), n * sizeof(float)));
  return v;
}
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
}  // namespace

TEST_CASE("the GPU's embedding gradient is the CPU's bit for bit, ids repeated across the batch") {
  const nn::Backend& be = gpu_backend();
  const int B = 64, T = 64, C = 64, V = 50;  // 4096 positions over 50 ids: chains of ~80
  const std::vector<int32_t> ids = parity::rand_ids(size_t(B) * T, 1, V);
  const std::vector<float> dout = parity::randn(size_t(B) * T * C, 2);
  std::vector<float> dwte = parity::randn(size_t(V) * C, 3), dwpe = parity::randn(size_t(T) * C, 4);
  nn::DeviceBuffer d_ids = up(be, ids), d_dout = up(be, dout), d_wte = up(be, dwte), d_wpe = up(be, dwpe);
  be.encoder_backward(d_wte.f32(), d_wpe.f32(), d_dout.f32(), d_ids.i32(), B, T, C);
  nn::cpu::encoder_backward(dwte.data(), dwpe.data(), dout.data(), ids.data(), B, T, C);
  CHECK(same_bits(down(be, d_wte, dwte.size()), dwte));
  CHECK(same_bits(down(be, d_wpe, dwpe.size()), dwpe));
}

TEST_CASE("the GPU's LayerNorm parameter gradients and Σ x² are the host replay's bits, run after run") {
  const nn::Backend& be = gpu_backend();
  const int BT = 4096 + 17, C = 129;
  const std::vector<float> x = parity::randn(size_t(BT) * C, 5, 2.0f), w = parity::randn(C, 6),
                           dy = parity::randn(size_t(BT) * C, 7);
  std::vector<float> out(x.size()), mean(BT), rstd(BT), b(C, 0.0f);
  nn::cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
  std::vector<float> dw = parity::randn(C, 8), db = parity::randn(C, 9);
  nn::DeviceBuffer d_x = up(be, x), d_w = up(be, w), d_dy = up(be, dy), d_mean = up(be, mean), d_rstd = up(be, rstd),
                   d_dx = up(be, std::vector<float>(x.size(), 0.0f));
  std::vector<float> first_w, first_b;
  for (int run = 0; run < 3; ++run) {
    nn::DeviceBuffer d_dw = up(be, dw), d_db = up(be, db);
    be.layernorm_backward(d_dx.f32(), d_dw.f32(), d_db.f32(), d_dy.f32(), d_x.f32(), d_w.f32(), d_mean.f32(),
                          d_rstd.f32(), BT, C);
    const std::vector<float> gw = down(be, d_dw, C), gb = down(be, d_db, C);
    if (run == 0) {
      first_w = gw;
      first_b = gb;
    }
    CHECK(same_bits(gw, first_w));
    CHECK(same_bits(gb, first_b));
  }
  emu::layernorm_param_grads(dw.data(), db.data(), dy.data(), x.data(), mean.data(), rstd.data(), BT, C);
  CHECK(same_bits(first_w, dw));
  CHECK(same_bits(first_b, db));
  const size_t n = (size_t(1) << 22) + 5;
  const std::vector<float> g = parity::randn(n, 10);
  nn::DeviceBuffer d_g = up(be, g);
  const double s0 = be.sum_squares(d_g.f32(), n);
  CHECK(be.sum_squares(d_g.f32(), n) == s0);
  CHECK(s0 == emu::sum_squares_blocks(g.data(), n));
}
