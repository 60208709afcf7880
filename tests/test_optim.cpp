#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/train/optim.hpp"

using namespace llada::train;

TEST_CASE("adamw matches two hand-computed steps with bias correction") {
  // Hand computation (b1=0.9, b2=0.999, lr=0.1):
  //   step 1, g=0.5:  m=0.05, v=0.00025, m̂=0.5, v̂=0.25 → p = 1 - 0.1·0.5/0.5 = 0.9
  //   step 2, g=-1:   m=-0.055, v=0.00124975, m̂=-0.055/0.19, v̂=0.00124975/0.001999 → p = 0.93661035
  AdamWConfig cfg{.beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .weight_decay = 0.0f};
  float p = 1.0f, m = 0.0f, v = 0.0f;
  float g = 0.5f;
  adamw_update(&p, &g, &m, &v, 1, 0.1f, 1, cfg);
  CHECK(p == doctest::Approx(0.9).epsilon(1e-6));
  CHECK(m == doctest::Approx(0.05));
  CHECK(v == doctest::Approx(0.00025));
  g = -1.0f;
  adamw_update(&p, &g, &m, &v, 1, 0.1f, 2, cfg);
  CHECK(p == doctest::Approx(0.93661035).epsilon(1e-6));
}

TEST_CASE("adamw weight decay is decoupled: it shrinks the weight by lr·wd·p, not through the moments") {
  AdamWConfig cfg{.beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .weight_decay = 0.1f};
  float p = 1.0f, m = 0.0f, v = 0.0f, g = 0.5f;
  adamw_update(&p, &g, &m, &v, 1, 0.1f, 1, cfg);
  CHECK(p == doctest::Approx(1.0 - 0.1 - 0.1 * 0.1 * 1.0).epsilon(1e-6));  // 0.89
  CHECK(m == doctest::Approx(0.05));  // the moments never see the decay
  // With a zero gradient only the decay acts.
  float q = 2.0f, mq = 0.0f, vq = 0.0f, zero = 0.0f;
  adamw_update(&q, &zero, &mq, &vq, 1, 0.5f, 1, cfg);
  CHECK(q == doctest::Approx(2.0 - 0.5 * 0.1 * 2.0));
}

TEST_CASE("global-norm clipping scales every gradient by max_norm / norm only when the norm is larger") {
  std::vector<float> g = {3.0f, 4.0f};  // norm 5
  CHECK(clip_grad_global_norm(g.data(), g.size(), 10.0f) == doctest::Approx(5.0));
  CHECK(g[0] == 3.0f);
  CHECK(clip_grad_global_norm(g.data(), g.size(), 1.0f) == doctest::Approx(5.0));
  CHECK(g[0] == doctest::Approx(0.6));
  CHECK(g[1] == doctest::Approx(0.8));
  CHECK(grad_global_norm(g.data(), g.size()) == doctest::Approx(1.0));
  std::vector<float> bad = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  CHECK_FALSE(std::isfinite(clip_grad_global_norm(bad.data(), bad.size(), 1.0f)));
  CHECK(bad[0] == 1.0f);  // left alone: the trainer treats this as divergence
}

TEST_CASE("learning rate warms up linearly, then decays along a cosine to lr_min") {
  LrSchedule s{.lr_max = 1.0f, .lr_min = 0.1f, .warmup = 4, .total = 14};
  CHECK(lr_at(s, 0) == doctest::Approx(0.25));
  CHECK(lr_at(s, 3) == doctest::Approx(1.0));
  CHECK(lr_at(s, 4) == doctest::Approx(1.0));
  CHECK(lr_at(s, 9) == doctest::Approx(0.55));  // half way: lr_min + (lr_max - lr_min)/2
  CHECK(lr_at(s, 14) == doctest::Approx(0.1));
  CHECK(lr_at(s, 100) == doctest::Approx(0.1));
  LrSchedule flat{.lr_max = 0.3f, .lr_min = 0.0f, .warmup = 0, .total = 0};
  CHECK(lr_at(flat, 0) == doctest::Approx(0.3));
  CHECK(lr_at(flat, 1000) == doctest::Approx(0.3));
}

TEST_CASE("the fused AdamW pass updates exactly as adamw_update and leaves the gradients zero") {
  const size_t n = 5000;  // more than one chunk, and not a multiple of it
  std::vector<float> p(n), g(n), m(n, 0.1f), v(n, 0.2f);
  for (size_t i = 0; i < n; ++i) {
    p[i] = std::sin(0.1f * i);
    g[i] = std::cos(0.37f * i);
  }
  auto p2 = p, g2 = g, m2 = m, v2 = v;
  AdamWConfig cfg{.weight_decay = 0.01f};
  adamw_update(p.data(), g.data(), m.data(), v.data(), n, 0.01f, 3, cfg);
  adamw_update_zero_grad(p2.data(), g2.data(), m2.data(), v2.data(), n, 0.01f, 3, cfg);
  // Equal to float rounding, not bit-exact: the two passes may vectorise with different alignment
  // (and so different FMA contraction) at the head of the buffer. A wrong update differs by far more.
  auto close = [](const std::vector<float>& a, const std::vector<float>& b) {
    for (size_t i = 0; i < a.size(); ++i)
      if (std::abs(a[i] - b[i]) > 1e-6f * (1.0f + std::abs(a[i]))) return false;
    return a.size() == b.size();
  };
  CHECK(close(p2, p));
  CHECK(close(m2, m));
  CHECK(close(v2, v));
  CHECK(std::all_of(g2.begin(), g2.end(), [](float x) { return x == 0.0f; }));
}

TEST_CASE("AdamW with live blocks skips only all-zero blocks and otherwise updates as the dense pass") {
  // 10 blocks and a short tail. Block 1: gradient only (a token seen for the first time); block 2:
  // moments only (seen before, not in this batch); block 3: a -0.0 gradient, which is not +0 bit for bit;
  // all others zero everywhere, as never-seen embedding rows are.
  const size_t n = 10 * kAdamBlock + 7;
  for (float wd : {0.0f, 0.1f}) {
    CAPTURE(wd);
    std::vector<float> p(n), g(n, 0.0f), m(n, 0.0f), v(n, 0.0f);
    for (size_t i = 0; i < n; ++i) p[i] = std::sin(0.3f * i);
    for (size_t i = kAdamBlock; i < 2 * kAdamBlock; ++i) g[i] = std::cos(0.7f * i);
    for (size_t i = 2 * kAdamBlock; i < 3 * kAdamBlock; ++i) m[i] = 0.01f, v[i] = 0.002f;
    g[3 * kAdamBlock + 5] = -0.0f;
    auto p2 = p, g2 = g, m2 = m, v2 = v;
    AdamWConfig cfg{.weight_decay = wd};
    std::vector<unsigned char> live(adam_live_blocks(n));
    adam_live_from_moments(live.data(), m2.data(), v2.data(), n);
    CHECK(live[2] == 1);
    CHECK(live[1] == 0);
    adamw_update_zero_grad(p.data(), g.data(), m.data(), v.data(), n, 0.01f, 3, cfg);
    adamw_update_zero_grad(p2.data(), g2.data(), m2.data(), v2.data(), n, 0.01f, 3, cfg, live.data());
    // To float rounding: the dense runs between skipped blocks start at other offsets, so a few more
    // elements take Eigen's scalar head loop (FMA-contracted) instead of its vector loop.
    for (size_t i = 0; i < n; ++i) {
      CAPTURE(i);
      REQUIRE(p2[i] == doctest::Approx(p[i]).epsilon(1e-6));
      REQUIRE(m2[i] == doctest::Approx(m[i]).epsilon(1e-6));
      REQUIRE(v2[i] == doctest::Approx(v[i]).epsilon(1e-6));
      REQUIRE(g2[i] == 0.0f);
    }
    // Skipped blocks are left exactly as the update leaves them: untouched (or decayed) weights.
    for (size_t i = 5 * kAdamBlock; i < 6 * kAdamBlock; ++i) REQUIRE(p2[i] == (1.0f - 0.01f * wd) * std::sin(0.3f * i));
    CHECK(std::vector<unsigned char>(live.begin(), live.begin() + 4) == std::vector<unsigned char>{0, 1, 1, 1});
    CHECK(live[4] == 0);
    CHECK(live.back() == 0);
  }
}

TEST_CASE("a block is live when either moment is non-zero, not only when both are") {
  // m underflows to +0 long before v (β1 = 0.9 forgets faster than β2 = 0.999), and such a block must
  // keep being updated: v still decays there. Only a block whose m and v are both +0 may be skipped.
  const size_t n = 4 * kAdamBlock;
  std::vector<float> m(n, 0.0f), v(n, 0.0f);
  v[kAdamBlock + 3] = 1e-9f;         // block 1: m all zero, v not
  m[2 * kAdamBlock + 63] = -1e-30f;  // block 2: v all zero, m not (its last element: the block's edge)
  m[3 * kAdamBlock] = -0.0f;         // block 3: a negative zero is not +0 bit for bit
  std::vector<unsigned char> live(adam_live_blocks(n), 9);
  adam_live_from_moments(live.data(), m.data(), v.data(), n);
  CHECK(live == std::vector<unsigned char>{0, 1, 1, 1});
}
