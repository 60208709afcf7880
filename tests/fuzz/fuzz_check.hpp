// What the harnesses share: a check that stops the run with a message (libFuzzer then saves the input
// as a crash; the replay driver exits non-zero), whatever the build's NDEBUG.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                       \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "FUZZ CHECK FAILED at %s:%d: %s\n", __FILE__, __LINE__, what); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
