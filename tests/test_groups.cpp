#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/train/groups.hpp"

using namespace llada::train;

TEST_CASE("group statistics: equal logits give −ln V in every group") {
  const int V = 6, BT = 3;
  std::vector<float> logits(BT * V, 0.25f);
  TokenGroups g{{0, 1}, {2, 3}, {4, 5}};
  auto s = group_log_softmax(logits.data(), BT, V, std::vector<int32_t>{}, g);
  CHECK(s.common == doctest::Approx(-std::log(6.0)));
  CHECK(s.rare == doctest::Approx(-std::log(6.0)));
  CHECK(s.never == doctest::Approx(-std::log(6.0)));
  CHECK(s.n_common == 2);
}

TEST_CASE("group statistics leave out the tokens the batch contains, and average over rows") {
  const int V = 3, BT = 2;
  // Row 0 favours token 0, row 1 token 1. log-softmax of [ln 2, 0, 0] = [ln(1/2), ln(1/4), ln(1/4)].
  std::vector<float> logits = {std::log(2.0f), 0, 0, 0, std::log(2.0f), 0};
  TokenGroups g{{0, 1}, {2}, {}};
  auto all = group_log_softmax(logits.data(), BT, V, std::vector<int32_t>{}, g);
  CHECK(all.common == doctest::Approx((std::log(0.5) + std::log(0.25)) / 2));
  CHECK(all.rare == doctest::Approx(std::log(0.25)));
  CHECK(std::isnan(all.never));  // an empty group has no mean
  // Token 0 occurs in the batch (and ids ≥ V such as [MASK], whose id is V itself, are ignored): only
  // token 1 is averaged.
  auto ex = group_log_softmax(logits.data(), BT, V, std::vector<int32_t>{0, V, 7, -1}, g);
  CHECK(ex.n_common == 1);
  CHECK(ex.common == doctest::Approx((std::log(0.25) + std::log(0.5)) / 2));
}

TEST_CASE("group statistics shift each row by its largest logit, the last column's included, so 800 stays finite") {
  // exp(800) overflows a double: log Σ exp is only finite when the row's true maximum is taken out
  // first, wherever it stands (here at the row's end, the edge of the max loop).
  const int V = 4, BT = 2;
  std::vector<float> logits = {0, 0, 0, 800, 0, 0, 0, 800};
  TokenGroups g{{0}, {1}, {2}};
  auto s = group_log_softmax(logits.data(), BT, V, std::vector<int32_t>{3}, g);
  CHECK(s.common == doctest::Approx(-800.0));
  CHECK(s.rare == doctest::Approx(-800.0));
  CHECK(s.never == doctest::Approx(-800.0));
}
