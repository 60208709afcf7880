#include "app/cli/stop_signal.hpp"

#include <algorithm>
#include <csignal>
#include <cstring>

#include <unistd.h>

#include "core/util/file.hpp"

namespace llada::cli {
namespace {

std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free counter");
char g_notice[256];
size_t g_notice_len = 0;

extern "C" void on_stop_signal(int sig) {
  if (g_stop.fetch_add(1) > 0) {
    remove_unfinished_temp_file();  // a save or a CSV in progress leaves nothing behind
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  [[maybe_unused]] auto n = ::write(2, g_notice, g_notice_len);
}

}  // namespace

StopOnSignal::StopOnSignal(const char* notice) {
  g_notice[0] = '\n';
  const size_t len = std::min(std::strlen(notice), sizeof g_notice - 3);
  std::memcpy(g_notice + 1, notice, len);
  g_notice[len + 1] = '\n';
  g_notice_len = len + 2;
  g_stop = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

StopOnSignal::~StopOnSignal() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

const std::atomic<int>* StopOnSignal::flag() const { return &g_stop; }

}  // namespace llada::cli
