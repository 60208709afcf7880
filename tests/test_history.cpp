// EvenHistory: a long run's curve stays under its cap with the same spacing from start to end.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/train/history.hpp"
#include "core/train/trainer.hpp"

using llada::train::EvenHistory;
using llada::train::LossPoint;

namespace {

// Every gap between consecutive steps, in order.
std::vector<uint64_t> gaps(const std::vector<LossPoint>& h) {
  std::vector<uint64_t> g;
  for (size_t i = 1; i < h.size(); ++i) g.push_back(h[i].step - h[i - 1].step);
  return g;
}

}  // namespace

TEST_CASE("an evaluation history keeps its step-0 point and even spacing however long the run, under its cap") {
  for (int cap : {8, 9, 50}) {
    CAPTURE(cap);
    EvenHistory<LossPoint> hist;
    std::vector<LossPoint> h;
    for (uint64_t s = 0; s <= 5000; ++s) {
      hist.push(h, LossPoint{s, float(s)}, cap);
      REQUIRE(h.size() < size_t(cap));
      REQUIRE(h.front().step == 0);
      // All gaps equal the points-per-bin, the last one possibly shorter only while it fills... never longer.
      const auto g = gaps(h);
      for (size_t i = 0; i < g.size(); ++i) REQUIRE(g[i] == hist.per_point());
      // The newest point is never more than one bin behind.
      REQUIRE(s - h.back().step < hist.per_point());
    }
    CHECK(hist.per_point() > 1);  // it did fold
  }
}

TEST_CASE("a training-loss history shows bin means: equal bins of raw steps, total mean preserved") {
  for (int cap : {10, 11}) {
    CAPTURE(cap);
    EvenHistory<LossPoint> hist(EvenHistory<LossPoint>::Fold::Mean);
    std::vector<LossPoint> h;
    // A noisy loss: alternating ±1 around a slow trend. Bin means of an even number of steps cancel the
    // alternation exactly, so every shown point sits on the trend of its bin's middle.
    const uint64_t n = 4096;
    double raw_sum = 0;
    for (uint64_t s = 1; s <= n; ++s) {
      const float loss = float(10.0 - s * 1e-3 + ((s % 2) ? 1.0 : -1.0));
      raw_sum += loss;
      hist.push(h, LossPoint{s, loss}, cap);
      REQUIRE(h.size() < size_t(cap));
    }
    const uint64_t k = hist.per_point();
    REQUIRE(k >= 2);
    const auto g = gaps(h);
    for (uint64_t gap : g) CHECK(gap == k);
    // Each point is the mean of steps (step − k, step]: the trend at the bin's middle.
    for (const auto& p : h) {
      const double mid = double(p.step) - (double(k) - 1) / 2;
      CHECK(p.loss == doctest::Approx(10.0 - mid * 1e-3).epsilon(1e-5));
    }
    // The shown points cover whole bins; what is not shown yet is the unfinished last bin.
    double shown = 0;
    for (const auto& p : h) shown += double(p.loss) * double(k);
    const uint64_t covered = h.size() * k;
    CHECK(covered <= n);
    CHECK(n - covered < k);
    if (covered == n) CHECK(shown == doctest::Approx(raw_sum).epsilon(1e-5));
  }
}

TEST_CASE("clearing a history starts again at one raw point per shown point") {
  EvenHistory<LossPoint> hist;
  std::vector<LossPoint> h;
  for (uint64_t s = 0; s < 100; ++s) hist.push(h, LossPoint{s, 0}, 10);
  REQUIRE(hist.per_point() > 1);
  hist.clear(h);
  CHECK(h.empty());
  CHECK(hist.per_point() == 1);
  for (uint64_t s = 0; s < 5; ++s) hist.push(h, LossPoint{s, 0}, 10);
  CHECK(h.size() == 5);
}
