#include <doctest/doctest.h>

#include <string>

#include "core/data/sample_text.hpp"
#include "core/data/text.hpp"

TEST_CASE("the built-in sample text holds the seeds' sentences in NFC") {
  const std::string s(llada::sample_text());
  // The literals below are NFC (precomposed letters); an NFD asset would not contain them.
  for (const char* sentence : {"Hà Nội là thủ đô của Việt Nam", "Tôi yêu học máy", "AI rất mạnh mẽ",
                               "Hôm nay trời đẹp", "Hanoi is the capital of Vietnam"})
    CHECK_MESSAGE(s.find(sentence) != std::string::npos, sentence);
  CHECK(s.find("\xCC\x80") == std::string::npos);  // no combining grave accent (U+0300): not NFD
  CHECK(s.size() > 3000);
}

TEST_CASE("the built-in sample text is clean UTF-8 with LF line ends and long enough to be a corpus") {
  const std::string s(llada::sample_text());
  auto cleaned = llada::clean_text(s, llada::TextOptions{});  // default minimum length applies
  REQUIRE(cleaned.has_value());
  CHECK(*cleaned == s);
  CHECK(s.find('\r') == std::string::npos);
  CHECK(s.back() == '\n');
}
