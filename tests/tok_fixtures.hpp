// The real tokenizers for tests, loaded once per process. When the data package is missing (no
// ./lab setup yet) the test reports a skip via MESSAGE and returns; ./lab test always fetches it.
#pragma once

#include <doctest/doctest.h>

#include <memory>

#include "core/tok/tokenizer.hpp"

namespace llada::test {

inline std::shared_ptr<const Tokenizer> cached_tokenizer(const char* name) {
  static std::shared_ptr<const Tokenizer> gpt2, cl100k;
  static bool tried_gpt2 = false, tried_cl100k = false;
  bool& tried = name[0] == 'g' ? tried_gpt2 : tried_cl100k;
  auto& slot = name[0] == 'g' ? gpt2 : cl100k;
  if (!tried) {
    tried = true;
    auto t = load_tokenizer(name);
    if (t) slot = *t;
    else MESSAGE("SKIPPED: the ", std::string(name), " vocabulary is not available: ", t.error().to_string());
  }
  if (!slot) MESSAGE("SKIPPED (no ", std::string(name), " vocabulary; run ./lab setup)");
  return slot;
}
inline std::shared_ptr<const Tokenizer> gpt2() { return cached_tokenizer("gpt2"); }
inline std::shared_ptr<const Tokenizer> cl100k() { return cached_tokenizer("cl100k"); }

}  // namespace llada::test
