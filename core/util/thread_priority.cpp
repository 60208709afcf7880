#include "core/util/thread_priority.hpp"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#endif

namespace llada {

#if defined(__linux__)
namespace {
id_t this_tid() { return static_cast<id_t>(syscall(SYS_gettid)); }
}  // namespace

int this_thread_nice() {
  errno = 0;
  const int n = getpriority(PRIO_PROCESS, this_tid());
  return n == -1 && errno != 0 ? -100 : n;
}

int lower_this_thread_priority(int steps) {
  const int now = this_thread_nice();
  if (now == -100) return now;
  // Raising a nice value needs no privilege; a failure leaves the thread as it was.
  setpriority(PRIO_PROCESS, this_tid(), std::min(19, now + std::max(0, steps)));
  return this_thread_nice();
}
#else
int this_thread_nice() { return -100; }
int lower_this_thread_priority(int) { return -100; }
#endif

}  // namespace llada
