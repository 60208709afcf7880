#include "core/util/thread_priority.hpp"

#include <atomic>

#if defined(__linux__)
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#endif

namespace llada {

#if defined(__linux__)
namespace {
std::atomic<bool> g_idle{false};
id_t this_tid() { return static_cast<id_t>(syscall(SYS_gettid)); }
}  // namespace

int this_thread_nice() {
  errno = 0;
  const int n = getpriority(PRIO_PROCESS, this_tid());
  return n == -1 && errno != 0 ? -100 : n;
}

int lower_this_thread_priority(int steps, bool idle) {
  const int now = this_thread_nice();
  if (now == -100) return now;
  // Raising a nice value needs no privilege; a failure leaves the thread as it was.
  setpriority(PRIO_PROCESS, this_tid(), std::min(19, now + std::max(0, steps)));
  if (idle && g_idle.load()) {  // needs no privilege either; a failure leaves the thread at its nice value
    sched_param p{};
    sched_setscheduler(0, SCHED_IDLE, &p);  // 0: the calling thread (Linux schedules threads)
  }
  return this_thread_nice();
}

void set_background_idle(bool idle) { g_idle = idle; }
bool background_idle() { return g_idle.load(); }
bool this_thread_idle() { return sched_getscheduler(0) == SCHED_IDLE; }
#else
int this_thread_nice() { return -100; }
int lower_this_thread_priority(int, bool) { return -100; }
void set_background_idle(bool) {}
bool background_idle() { return false; }
bool this_thread_idle() { return false; }
#endif

}  // namespace llada
