// The soak test's memory record (app/soak.hpp): the process's resident size sampled every few seconds,
// and its growth per hour after a warm-up, as a least-squares line through the samples.
//
// Why a warm-up: in the first minutes the resident size climbs for reasons that are not leaks — fonts,
// shader programs and tokenizer tables built once, the sanitizer's quarantine of freed blocks (256 MiB
// by default under ASan) filling up. The slope is fitted only over samples at t ≥ warm-up.
//
// No GUI here; tests/test_soak_memory.cpp checks the fit on made-up samples.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace llada::app {

// The resident set size of this process in bytes (/proc/self/statm), 0 where it cannot be read.
std::uint64_t resident_bytes();
// The 1-minute load average (/proc/loadavg), negative where it cannot be read.
double load_average();

struct MemorySample {
  double t = 0;           // seconds since the start
  std::uint64_t rss = 0;  // bytes
};

struct MemoryTrend {
  std::uint64_t start = 0, peak = 0, end = 0;  // bytes: first sample, largest, last
  std::optional<double> mib_per_hour;          // slope of the fit; none with fewer than 3 samples after warm-up
  double warmup = 0;                           // seconds left out of the fit
  int fitted = 0;                              // samples in the fit
};

// Start, peak and end over all samples, and the least-squares slope (MiB per hour) over those at
// t ≥ warmup.
MemoryTrend memory_trend(const std::vector<MemorySample>& samples, double warmup);

// The warm-up left out of the fit for a run of `seconds`: a fifth of it, at least 60 s, at most half.
double soak_warmup(double seconds);

}  // namespace llada::app
