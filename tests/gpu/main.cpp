// The GPU parity runner: where no GPU is usable it prints one line and exits 77, which ctest reports
// as "skipped"; otherwise it runs the doctest suites of tests/gpu/ (each compares a CUDA op with its
// CPU reference). It compiles in every build, with or without the CUDA backend.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "gpu/device.hpp"

int main(int argc, char** argv) {
  const llada::gpu::Probe& probe = llada::gpu::probe();
  if (!probe.has_gpu()) {
    std::printf("skipped: %s\n", probe.reason.c_str());
    return 77;
  }
  std::printf("%s\n", probe.summary().c_str());
  doctest::Context context(argc, argv);
  return context.run();
}
