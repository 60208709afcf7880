// app/widgets/plot_frame.hpp's steady_range: a fitted axis range widened to whole steps, so that a curve
// growing point by point moves its axes (and so redraws the whole plot) only now and then.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include "app/widgets/plot_frame.hpp"

using namespace llada::app::widgets;

namespace {

std::pair<double, double> steady(double lo, double hi, bool log_scale) {
  steady_range(lo, hi, log_scale);
  return {lo, hi};
}

int powers_of_ten(double lo, double hi) {
  int n = 0;
  for (int e = -6; e <= 6; ++e) n += std::pow(10.0, e) >= lo && std::pow(10.0, e) <= hi;
  return n;
}

}  // namespace

TEST_CASE("steady_range widens a range outward to whole steps of about a twentieth of it") {
  CHECK(steady(0, 40, false) == std::pair{0.0, 40.0});   // on the steps already (2)
  CHECK(steady(0, 41, false) == std::pair{0.0, 45.0});   // 41 / 20 = 2.05: steps of 5
  CHECK(steady(3.7, 97, false) == std::pair{0.0, 100.0});  // steps of 5
  CHECK(steady(-0.37, 0.81, false).first == doctest::Approx(-0.4));
  CHECK(steady(-0.37, 0.81, false).second == doctest::Approx(0.9));  // steps of 0.1
  // Log axes in decades: 1 … 613 is 2.79 decades, steps of 0.2 (a factor 1.585).
  auto [lo, hi] = steady(1, 613, true);
  CHECK(lo == 1.0);
  CHECK(hi == doctest::Approx(std::pow(10.0, 2.8)));
  CHECK(steady(1, 1000, true).second == doctest::Approx(1000.0));  // log10(1000) rounds just below 3
  auto [tl, th] = steady(0.0213, 0.52, true);  // a TV distance: 1.39 decades, steps of 0.1
  CHECK(tl == doctest::Approx(std::pow(10.0, -1.7)));
  CHECK(th == doctest::Approx(std::pow(10.0, -0.2)));
  // A log range is not widened across a power of ten (ticks() shows only those once two are in range).
  for (auto [a, b] : {std::pair{0.031, 0.97}, std::pair{0.0213, 0.52}, std::pair{2.8, 7.3}, std::pair{1.2, 9.95}}) {
    CAPTURE(a);
    CAPTURE(b);
    const auto [sa, sb] = steady(a, b, true);
    CHECK(sa <= a);
    CHECK(sb >= b);
    CHECK(powers_of_ten(sa, sb) == powers_of_ten(a, b));  // one more would turn the ticks into powers of ten
  }
  CHECK(steady(0.031, 0.97, true).second < 1.0);
  // Left alone: empty or reversed ranges, log ranges reaching 0, non-numbers.
  CHECK(steady(5, 5, false) == std::pair{5.0, 5.0});
  CHECK(steady(0, 10, true) == std::pair{0.0, 10.0});
  CHECK(std::isnan(steady(NAN, 10, false).first));
}

TEST_CASE("a growing curve moves a steady axis a few times, never leaving its points outside") {
  std::set<double> linear, logs;
  for (int last = 100; last <= 200; ++last) {
    const auto [lo, hi] = steady(0, last, false);
    CHECK(lo == 0.0);
    CHECK(hi >= last);
    CHECK(hi <= last + 10);  // one step (10) at most
    linear.insert(hi);
  }
  CHECK(linear.size() <= 11);  // 100 new points, the axis moved 11 times at most (was 101)
  for (double n = 1000; n <= 10000; n *= 1.1) {  // TV points every 10 % of N
    const auto [lo, hi] = steady(1, n, true);
    CHECK(lo == 1.0);
    CHECK(hi >= n * (1 - 1e-12));
    logs.insert(hi);
  }
  CHECK(logs.size() <= 6);  // 25 points over a decade, steps of 0.2 decade
}
