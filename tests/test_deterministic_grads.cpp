// The CUDA kernels' reductions that are fixed in order (no atomics: a GPU run is bit-reproducible),
// replayed on the host through the host/device headers they call (core/math/embedding_rule.hpp,
// layernorm_row.hpp param_chunk, sum_squares_rule.hpp) with the kernels' thread mappings
// (tests/kernel_emulation.hpp), against the CPU reference: the embedding gradient bit for bit, LayerNorm's
// parameter gradients bit for bit up to 64 rows and to float rounding beyond, Σ x² to 1e-6 relative.
// What no machine without a GPU checks is only that the kernels use these mappings (tests/gpu/ does).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/math/embedding_rule.hpp"
#include "core/math/layernorm_row.hpp"
#include "core/nn/ops.hpp"
#include "core/train/optim.hpp"
#include "tests/grad_check.hpp"
#include "tests/kernel_emulation.hpp"

using namespace llada;
using gradcheck::randn;

namespace {
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
}  // namespace

TEST_CASE("the embedding gradient walks each id's positions in order: the CPU's bits, repeated ids and all") {
  struct Shape {
    int B, T, C, V;
  };
  // V = 3 over 4·50 positions: every id repeats ~70 times, chains span more than one 32-wide ballot.
  for (const Shape s : {Shape{1, 1, 1, 1}, Shape{2, 7, 33, 5}, Shape{4, 50, 16, 3}, Shape{3, 40, 64, 1000}}) {
    CAPTURE(s.B);
    CAPTURE(s.T);
    CAPTURE(s.V);
    const int n = s.B * s.T;
    std::vector<int32_t> ids(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) ids[i] = static_cast<int32_t>((uint32_t(i) * 2654435761u >> 7) % uint32_t(s.V));
    const std::vector<float> dout = randn(size_t(n) * s.C, 3);
    for (bool wpe : {false, true}) {
      std::vector<float> dwte = randn(size_t(s.V) * s.C, 4), dwpe = randn(size_t(s.T) * s.C, 5);
      std::vector<float> ewte = dwte, ewpe = dwpe;
      nn::cpu::encoder_backward(dwte.data(), wpe ? dwpe.data() : nullptr, dout.data(), ids.data(), s.B, s.T, s.C);
      emu::embedding_backward(ewte.data(), wpe ? ewpe.data() : nullptr, dout.data(), ids.data(), s.B, s.T, s.C);
      CHECK(same_bits(ewte, dwte));
      CHECK(same_bits(ewpe, dwpe));
    }
    // The ballot's links are the serial rule's (the nearest later position with the same id).
    for (int p = 0; p < n; ++p) {
      int q = -1;
      for (int r = p + 1; r < n && q < 0; ++r)
        if (ids[r] == ids[p]) q = r;
      CHECK(next_same_id(ids.data(), n, p) == q);
    }
  }
}

TEST_CASE("LayerNorm's parameter gradients in chunks of 64 rows: the CPU's bits up to 64 rows, its rounding beyond") {
  for (int C : {1, 33, 129}) {
    for (int BT : {1, 37, 64, 65, 300, 4096}) {
      CAPTURE(C);
      CAPTURE(BT);
      std::vector<float> x = randn(size_t(BT) * C, 6, 2.0f), w = randn(C, 7), b = randn(C, 8);
      for (size_t i = 0; i < x.size(); i += 3) x[i] += 50.0f;
      const std::vector<float> dy = randn(size_t(BT) * C, 9);
      std::vector<float> out(x.size()), mean(BT), rstd(BT), dx(x.size(), 0.0f);
      nn::cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), BT, C);
      std::vector<float> dw = randn(C, 10), db = randn(C, 11);  // accumulated onto
      std::vector<float> ew = dw, eb = db;
      nn::cpu::layernorm_backward(dx.data(), dw.data(), db.data(), dy.data(), x.data(), w.data(), mean.data(),
                                  rstd.data(), BT, C);
      emu::layernorm_param_grads(ew.data(), eb.data(), dy.data(), x.data(), mean.data(), rstd.data(), BT, C);
      if (BT <= layernorm::kParamChunkRows) {
        CHECK(same_bits(ew, dw));
        CHECK(same_bits(eb, db));
        continue;
      }
      // A sum of BT terms of size ~1 regrouped: each partial's rounding is ≤ 2⁻²⁴ of the running sum,
      // which a random walk keeps near √BT; bound: 1e-6 of Σ|terms| (≥ 4 ulps of every partial).
      for (int c = 0; c < C; ++c) {
        double abs_w = std::abs(ew[c]), abs_b = std::abs(eb[c]);
        for (int r = 0; r < BT; ++r) {
          const size_t i = size_t(r) * C + c;
          abs_w += std::abs(double(layernorm::xhat(x[i], mean[r], rstd[r])) * dy[i]);
          abs_b += std::abs(double(dy[i]));
        }
        CHECK(std::abs(double(ew[c]) - dw[c]) <= 1e-6 * abs_w);
        CHECK(std::abs(double(eb[c]) - db[c]) <= 1e-6 * abs_b);
      }
    }
  }
}

TEST_CASE("Σ x² in fixed blocks (gpu/optim.cu) is the exact sum to double rounding and the CPU's to 1e-7") {
  for (size_t n : {size_t(1), size_t(255), size_t(257), size_t(100003), size_t(1) << 20}) {
    CAPTURE(n);
    const std::vector<float> x = randn(n, 12);
    long double exact = 0;
    for (float v : x) exact += static_cast<long double>(v) * v;
    const double got = emu::sum_squares_blocks(x.data(), n);
    CHECK(std::abs(static_cast<long double>(got) - exact) <= 1e-13L * exact);
    // The CPU adds 2048-float chunks in float (train::sum_squares): up to 2048 roundings of 2⁻²⁴ relative
    // in a random walk, ~1e-7 seen (n = 255); the op-parity harness admits 1e-6, as here.
    CHECK(std::abs(got - train::sum_squares(x.data(), n)) <= 1e-6 * got);
  }
}
