#include "app/soak_memory.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace llada::app {

std::uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  const int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  const long page = sysconf(_SC_PAGESIZE);
  return n == 2 && page > 0 ? std::uint64_t(resident) * std::uint64_t(page) : 0;
}

double load_average() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (!f) return -1;
  double one = -1;
  if (std::fscanf(f, "%lf", &one) != 1) one = -1;
  std::fclose(f);
  return one;
}

MemoryTrend memory_trend(const std::vector<MemorySample>& samples, double warmup) {
  MemoryTrend m;
  m.warmup = warmup;
  if (samples.empty()) return m;
  m.start = samples.front().rss, m.end = samples.back().rss;
  double n = 0, st = 0, sy = 0;
  for (const MemorySample& s : samples) {
    m.peak = std::max(m.peak, s.rss);
    if (s.t < warmup) continue;
    n += 1, st += s.t, sy += double(s.rss);
  }
  m.fitted = int(n);
  if (n < 3) return m;
  // Centred sums: the slope of the least-squares line, in bytes per second.
  const double tm = st / n, ym = sy / n;
  double stt = 0, sty = 0;
  for (const MemorySample& s : samples) {
    if (s.t < warmup) continue;
    stt += (s.t - tm) * (s.t - tm), sty += (s.t - tm) * (double(s.rss) - ym);
  }
  if (stt <= 0) return m;
  m.mib_per_hour = sty / stt * 3600.0 / (1024.0 * 1024.0);
  return m;
}

double soak_warmup(double seconds) { return std::min(std::max(60.0, seconds / 5), seconds / 2); }

}  // namespace llada::app
