#include <doctest/doctest.h>

#include "core/util/result.hpp"

using llada::Result;

static Result<int> parse_positive(int x) {
  if (x <= 0) return llada::fail("value " + std::to_string(x) + " is not positive", "give a number above 0");
  return x;
}

TEST_CASE("an error carries what happened and a hint, printed as the command line prints it") {
  auto bad = parse_positive(-3);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().to_string() == "value -3 is not positive\nHINT: give a number above 0");
  auto good = parse_positive(4);
  REQUIRE(good.has_value());
  CHECK(*good == 4);
}
