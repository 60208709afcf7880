// Parity: every op of the CUDA backend, forward and backward, against the CPU reference at every shape
// of tests/op_parity.hpp (wide rows included), with the tolerances documented there. Prints each op's
// worst ratio to its tolerance, so a log shows how much margin each kernel has.
#include <doctest/doctest.h>

#include <cstdio>
#include <map>

#include "gpu/backend.hpp"
#include "tests/op_parity.hpp"

TEST_CASE("every op of the CUDA backend matches the CPU reference, forward and backward") {
  auto be = llada::gpu::cuda_backend(0);
  REQUIRE_MESSAGE(be.has_value(), (be ? "" : be.error().to_string()));
  parity::Harness h(**be);
  h.run_all(true);
  std::map<std::string, double> worst;
  for (const parity::Check& c : h.results) {
    CHECK_MESSAGE(c.ok(), c.str());
    worst[c.op] = std::max(worst[c.op], c.excess);
  }
  std::printf("op parity, CUDA vs CPU: %zu comparisons; worst |Δ|/tolerance per op:\n", h.results.size());
  for (const auto& [op, e] : worst) std::printf("  %-36s %.3g\n", op.c_str(), e);
}
