// Parity: Philox on the device gives the CPU's numbers (uniforms exactly, normals to float rounding).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "core/math/philox.hpp"
#include "gpu/random.hpp"

using namespace llada;

TEST_CASE("the GPU draws the same uniforms as the CPU, bit for bit") {
  for (std::uint64_t first : {std::uint64_t(0), std::uint64_t(3), (std::uint64_t(1) << 40) + 1}) {
    auto gpu = gpu::uniform01_cuda(0x0123456789abcdefull, stream::init, first, 10007);
    REQUIRE_MESSAGE(gpu.has_value(), (gpu ? "" : gpu.error().to_string()));
    int differ = 0;
    for (int i = 0; i < 10007; ++i) differ += (*gpu)[i] != uniform01(0x0123456789abcdefull, stream::init, first + i);
    CHECK(differ == 0);
  }
}

TEST_CASE("the GPU draws the same normals as the CPU up to float rounding") {
  auto gpu = gpu::normal_cuda(99, stream::init, 5, 10007);
  REQUIRE_MESSAGE(gpu.has_value(), (gpu ? "" : gpu.error().to_string()));
  double worst = 0;
  for (int i = 0; i < 10007; ++i) {
    const double cpu = normal(99, stream::init, 5 + std::uint64_t(i));
    worst = std::max(worst, std::abs((*gpu)[i] - cpu) / std::max(1.0, std::abs(cpu)));
  }
  // Both sides compute in double and round to float; the device's log/cos may differ by an ulp of a
  // double, which moves the float by at most one ulp (6e-8 relative) and usually not at all.
  CHECK(worst <= 1.2e-7);
}
