// The doctest runner for the core suites. Each tests/test_<module>.cpp mirrors one core module.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
