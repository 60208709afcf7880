// A backend for tests: every op and every memory call forwards to the CPU backend (ForwardingBackend;
// llada_mask runs in its own memory, as a device's kernel does), and the test can count its allocations
// (RAII checks) and see the bytes through its upload and download (traffic(): what a step moves
// between host and device), cap its memory (out of memory) or make it fail from the n-th synchronize() on (a device lost
// in the middle of training). Its memory is host memory, so a test can compare its results with the
// CPU's bit for bit.
#pragma once

#include <atomic>
#include <string>

#include "tests/forwarding_backend.hpp"

namespace llada::test {

class FakeBackend final : public ForwardingBackend {
 public:
  // Counters and switches; atomics because a Trainer drives the backend from its own thread.
  mutable std::atomic<long> live_allocs{0};
  mutable std::atomic<long> syncs{0};
  std::atomic<long> fail_from_sync{-1};  // ≥ 0: synchronize() number fail_from_sync and every later one fail
  std::atomic<size_t> max_alloc{SIZE_MAX};  // a larger alloc fails (out of memory)
  std::atomic<uint64_t> free_bytes{UINT64_MAX};  // what free_memory() reports (UINT64_MAX: the host's)

  const char* name() const override { return "fake"; }

  Result<void*> alloc(size_t bytes) const override {
    if (bytes > max_alloc) return fail("fake device out of memory (" + std::to_string(bytes) + " bytes)", "use less");
    auto p = cpu().alloc(bytes);
    if (p && *p) ++live_allocs;
    return p;
  }
  void free(void* p) const override {
    if (p) --live_allocs;
    cpu().free(p);
  }
  double llada_mask(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                    int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t) const override {
    return cpu().llada_mask(inputs, targets, weights, x0, B, L, mask_id, seed, first_seq, eps, inverse_t);
  }
  uint64_t free_memory() const override {
    const uint64_t f = free_bytes;
    return f == UINT64_MAX ? cpu().free_memory() : f;
  }
  Result<void> synchronize() const override {
    const long k = syncs++;
    const long f = fail_from_sync;
    if (f >= 0 && k >= f) return fail("fake device lost (synchronize #" + std::to_string(k) + ")", "use the CPU");
    return {};
  }
};

}  // namespace llada::test
