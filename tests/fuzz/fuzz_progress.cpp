// Fuzz target: the lesson progress file lessons.json as the window reads it (app/lessons/progress.cpp).
// Any bytes give progress (entries of the wrong shape skipped; no negative step or step index); what is
// read must be written and read back unchanged.
#include <cstdint>
#include <string_view>

#include "app/lessons/progress.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto p = llada::app::parse_progress(text);
  for (const auto& [id, v] : p) {
    FUZZ_CHECK(v.step >= 0, "a negative step");
    for (int k : v.seen) FUZZ_CHECK(k >= 0, "a negative step index");
  }
  FUZZ_CHECK(llada::app::parse_progress(llada::app::progress_to_json(p)) == p, "progress changed on a round trip");
  return 0;
}
