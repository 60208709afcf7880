// The soak test's memory record (app/soak_memory.hpp): start, peak and end, and the growth per hour
// fitted after the warm-up.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "app/soak_memory.hpp"

using namespace llada::app;

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
}

TEST_CASE("soak memory: a steady climb after the warm-up is its slope in MiB per hour") {
  // 100 MiB during a 60 s warm-up that jumps to 400 MiB (the quarantine filling), then +2 MiB a minute.
  std::vector<MemorySample> s;
  for (int t = 0; t <= 600; t += 2) {
    const double mib = t < 60 ? 100.0 + 5.0 * t : 400.0 + 2.0 * (t - 60) / 60.0;
    s.push_back({double(t), std::uint64_t(mib * kMiB)});
  }
  const MemoryTrend m = memory_trend(s, 60);
  REQUIRE(m.mib_per_hour);
  CHECK(*m.mib_per_hour == doctest::Approx(120.0).epsilon(1e-3));  // 2 MiB a minute
  CHECK(m.fitted == 271);                                            // t = 60, 62, …, 600
  CHECK(double(m.start) / kMiB == doctest::Approx(100.0));
  CHECK(double(m.end) / kMiB == doctest::Approx(418.0).epsilon(1e-6));
  CHECK(m.peak == m.end);
  // Fitted from t = 0 the warm-up's jump would dominate: the warm-up is what keeps it out.
  CHECK(*memory_trend(s, 0).mib_per_hour > 4 * 120.0);
}

TEST_CASE("soak memory: a flat resident size with noise grows by about nothing, and the peak is kept") {
  std::vector<MemorySample> s;
  for (int i = 0; i < 900; ++i) {  // 30 minutes at 2 s; ±3 MiB of allocator noise, one 50 MiB spike
    double mib = 500.0 + 3.0 * std::sin(i * 0.7) + (i == 400 ? 50.0 : 0.0);
    s.push_back({2.0 * i, std::uint64_t(mib * kMiB)});
  }
  const MemoryTrend m = memory_trend(s, soak_warmup(1800));
  REQUIRE(m.mib_per_hour);
  CHECK(std::abs(*m.mib_per_hour) < 5.0);
  CHECK(double(m.peak) / kMiB == doctest::Approx(550.0 + 3.0 * std::sin(400 * 0.7)).epsilon(1e-6));
}

TEST_CASE("soak memory: too few samples after the warm-up give no slope, and the warm-up is bounded") {
  CHECK_FALSE(memory_trend({}, 0).mib_per_hour);
  CHECK_FALSE(memory_trend({{0, 1}, {70, 2}, {80, 3}}, 60).mib_per_hour);  // two after the warm-up
  CHECK(memory_trend({{0, 1}, {70, 2}, {80, 3}}, 60).peak == 3);
  CHECK(soak_warmup(20) == doctest::Approx(10));     // at most half
  CHECK(soak_warmup(200) == doctest::Approx(60));    // at least a minute
  CHECK(soak_warmup(1800) == doctest::Approx(360));  // a fifth
}

TEST_CASE("soak memory: this process's resident size is read") {
  const std::uint64_t before = resident_bytes();
  CHECK(before > 0);
  std::vector<char> block(64 << 20, 1);  // touched: resident
  CHECK(resident_bytes() >= before + (48u << 20));
  CHECK(block[12345] == 1);
}
