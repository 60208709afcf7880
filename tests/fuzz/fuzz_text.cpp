// Fuzz target: the corpus text cleaner (UTF-8 check, CRLF, lossy replacement) that reads every corpus
// file, the Brown corpus's tag stripper and the KJV's verse-reference stripper, and the lesson parser. Errors must name a position; lossy cleaning must
// always succeed and give valid UTF-8.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/data/corpus.hpp"
#include "core/data/text.hpp"
#include "core/lesson/lesson.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (int k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  llada::TextOptions strict;
  strict.min_chars = 0;
  auto clean = llada::clean_text(bytes, strict, "fuzz");
  if (clean) FUZZ_CHECK(valid_utf8(*clean), "strict cleaning let invalid UTF-8 through");
  else FUZZ_CHECK(!clean.error().what.empty(), "an error without a message");
  llada::TextOptions lossy = strict;
  lossy.lossy = true;
  auto repaired = llada::clean_text(bytes, lossy, "fuzz");
  if (repaired) FUZZ_CHECK(valid_utf8(*repaired), "lossy cleaning gave invalid UTF-8");
  FUZZ_CHECK(llada::strip_brown_tags(bytes).size() <= bytes.size(), "stripping Brown tags made the text longer");
  FUZZ_CHECK(llada::strip_verse_references(bytes).size() <= bytes.size(), "stripping verse references made the text longer");
  auto lesson = llada::lesson::parse_lesson(bytes, "fuzz.lesson");
  if (!lesson) FUZZ_CHECK(!lesson.error().what.empty(), "a lesson error without a message");
  return 0;
}
