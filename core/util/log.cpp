#include "core/util/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>

namespace llada {

namespace {
std::mutex g_mutex;
std::atomic<bool> g_quiet{false};
}  // namespace

void log_line(const std::string& line) {
  if (g_quiet.load()) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "llada-lab: %s\n", line.c_str());
  std::fflush(stderr);
}

void set_log_quiet(bool quiet) { g_quiet.store(quiet); }

void log_once(const std::string& key, const std::string& line) {
  static std::set<std::string> seen;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (!seen.insert(key).second) return;
  }
  log_line(line);
}

}  // namespace llada
