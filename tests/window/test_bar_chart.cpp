// app/widgets/bar_chart.hpp's helpers for redrawing little: the y axis' top, which a growing simulated
// histogram moves only in steps, and the cut of an overlay bar into a fixed bottom piece and a top piece.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <vector>

#include "app/widgets/bar_chart.hpp"

using namespace llada::app::widgets;

TEST_CASE("the bar chart's top is 1.08 × the tallest bar, raised in 8 % steps only when the overlay nears it") {
  const std::vector<double> exact{0.1, 0.25, 0.2};
  CHECK(fitted_top(exact, {}) == doctest::Approx(0.27));
  CHECK(fitted_top(exact, std::vector<double>{0.1, 0.26, 0.19}) == doctest::Approx(0.27));  // within the headroom
  CHECK(fitted_top(exact, std::vector<double>{0.1, 0.2646, 0.19}) == doctest::Approx(0.27));
  CHECK(fitted_top(exact, std::vector<double>{0.1, 0.27, 0.19}) == doctest::Approx(0.27 * 1.08));
  CHECK(fitted_top(exact, std::vector<double>{0.5, 0.1, 0.0}) == doctest::Approx(0.27 * std::pow(1.08, 9)));  // 0.5397 / 1.02 ≥ 0.5
  const double big = fitted_top(exact, std::vector<double>{0.5});
  CHECK(big >= 0.5 * 1.02);
  CHECK(big < 0.5 * 1.02 * 1.08);
  CHECK(fitted_top({}, std::vector<double>{0.5}) == doctest::Approx(0.54));
  CHECK(fitted_top({}, {}) == 1.0);
  CHECK(fitted_top(exact, std::vector<double>{INFINITY}) == doctest::Approx(0.27));  // never loops forever
}

TEST_CASE("an overlay bar is cut at a whole pixel that stays put while its top moves") {
  const float bottom = 300.4f;  // plot areas end on fractions of a pixel
  std::set<float> cuts;
  for (float top = 299.0f; top >= 0.0f; top -= 0.7f) {
    const float cut = bar_split(top, bottom);
    if (bottom - top < 48) {
      CHECK(cut == top);  // short: one piece
      continue;
    }
    CHECK(cut == std::floor(cut));           // a whole pixel: no pixel centre on the cut, none drawn twice
    CHECK(cut - top >= 15.0f);               // the top piece, redrawn while the bar grows
    CHECK(cut - top <= 49.0f);
    CHECK(cut < bottom);
    cuts.insert(cut);
  }
  CHECK(cuts.size() <= 9);  // 252 pixels of growth, 360 tops: the bottom piece changed 9 times at most
  CHECK(cuts.size() >= 7);
}
