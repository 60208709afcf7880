#include <doctest/doctest.h>

#include <atomic>
#include <random>
#include <string>
#include <vector>

#include "core/data/text.hpp"
#include "tests/temp_dir.hpp"

using llada::clean_text;
using llada::load_text_file;
using llada::TextOptions;
using llada::test::TempDir;

static const std::string R = "\xEF\xBF\xBD";  // U+FFFD

static TextOptions any_length(bool lossy = false, std::size_t chunk = 1u << 20) {
  TextOptions o;
  o.min_chars = 0;
  o.lossy = lossy;
  o.chunk_bytes = chunk;
  return o;
}

TEST_CASE("CRLF becomes LF, a lone CR stays, and a leading byte-order mark is dropped") {
  auto t = clean_text("\xEF\xBB\xBFline one\r\nline two\rstill two\r\n\r\n", any_length());
  REQUIRE(t.has_value());
  CHECK(*t == "line one\nline two\rstill two\n\n");
  auto mid = clean_text("a\xEF\xBB\xBF" "b", any_length());  // a BOM inside the text is a character
  REQUIRE(mid.has_value());
  CHECK(*mid == "a\xEF\xBB\xBF" "b");
}

TEST_CASE("valid Vietnamese in NFC passes through unchanged") {
  const std::string vi = "Hà Nội là thủ đô của Việt Nam.\nTôi yêu học máy. AI rất mạnh mẽ. Hôm nay trời đẹp.\n";
  auto t = clean_text(vi, any_length());
  REQUIRE(t.has_value());
  CHECK(*t == vi);
  CHECK(llada::utf8_length("Hà Nội") == 6);
}

TEST_CASE("an invalid byte is an error naming its byte offset, line and the way out") {
  const std::string bad = "first line\nsecond \xE9t\xE9 line\n";  // Latin-1 é
  auto t = clean_text(bad, any_length(), "'notes.txt'");
  REQUIRE_FALSE(t.has_value());
  const auto& what = t.error().what;
  CHECK(what.find("'notes.txt' is not valid UTF-8") != std::string::npos);
  CHECK(what.find("0xE9") != std::string::npos);
  CHECK(what.find("byte offset 18") != std::string::npos);
  CHECK(what.find("line 2, column 8") != std::string::npos);
  CHECK(what.find("after \"second \"") != std::string::npos);
  CHECK(t.error().hint.find("re-save the file as UTF-8") != std::string::npos);
  CHECK(t.error().hint.find("lossy") != std::string::npos);
}

TEST_CASE("the error line counts CRLF lines like LF lines") {
  auto t = clean_text("a\r\nb\r\nc\xFF", any_length());
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error().what.find("byte offset 7 (line 3, column 2") != std::string::npos);
}

TEST_CASE("a text that ends inside a character is invalid, and lossy gives one U+FFFD") {
  auto strict = clean_text("ab\xE1\x80", any_length());
  REQUIRE_FALSE(strict.has_value());
  CHECK(strict.error().what.find("ends inside a character") != std::string::npos);
  CHECK(strict.error().what.find("byte offset 2") != std::string::npos);
  auto lossy = clean_text("ab\xE1\x80", any_length(true));
  REQUIRE(lossy.has_value());
  CHECK(*lossy == "ab" + R);
}

TEST_CASE("lossy replacement follows the maximal-subpart practice (as browsers and Python do)") {
  // Expected strings from Python's bytes.decode("utf-8", "replace") on the same bytes.
  struct Case { std::string in, out; };
  const std::vector<Case> cases = {
      {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", "a" + R + R + R + "b" + R + "c" + R + R + "d"},
      {"\xC0\x80", R + R},                   // overlong NUL
      {"\xED\xA0\x80", R + R + R},           // a UTF-16 surrogate
      {"\xF4\x90\x80\x80", R + R + R + R},   // above U+10FFFF
  };
  for (const auto& c : cases) {
    auto t = clean_text(c.in, any_length(true));
    REQUIRE(t.has_value());
    CHECK(*t == c.out);
    CHECK_FALSE(clean_text(c.in, any_length(false)).has_value());
  }
}

TEST_CASE("empty and too-short texts are rejected with the minimum in the message") {
  TextOptions o;
  o.min_chars = 20;
  auto empty = clean_text(" \n\r\n\t", o, "'e.txt'");
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().what == "'e.txt' is empty");
  auto shortt = clean_text("Tôi yêu học máy", o, "'s.txt'");  // 15 characters, 19 bytes
  REQUIRE_FALSE(shortt.has_value());
  CHECK(shortt.error().what.find("15 characters") != std::string::npos);
  CHECK(shortt.error().hint.find("at least 20 characters") != std::string::npos);
  o.min_chars = 15;
  CHECK(clean_text("Tôi yêu học máy", o).has_value());
}

TEST_CASE("reading a file in tiny chunks gives exactly what one big read gives") {
  // Random bytes biased towards CR, LF and UTF-8 lead/continuation bytes, so chunk boundaries fall
  // inside CRLF pairs and multi-byte characters many times.
  std::mt19937 rng(12345);
  const unsigned char alphabet[] = {'a', ' ', '\r', '\n', 0xC3, 0xA0, 0xE1, 0xBA, 0xBF, 0xF0, 0x9F, 0x98, 0x80, 0xFF};
  std::string bytes;
  for (int i = 0; i < 3000; ++i) bytes.push_back(static_cast<char>(alphabet[rng() % sizeof alphabet]));
  TempDir dir("text");
  auto path = dir.write("mixed.txt", bytes);
  auto whole = clean_text(bytes, any_length(true));
  REQUIRE(whole.has_value());
  for (std::size_t chunk : {1u, 2u, 3u, 5u, 64u, 4096u}) {
    auto t = load_text_file(path, any_length(true, chunk));
    REQUIRE(t.has_value());
    CHECK(*t == *whole);
  }
  // Strict mode reports the same first error whatever the chunk size.
  auto strict_whole = clean_text(bytes, any_length(false));
  REQUIRE_FALSE(strict_whole.has_value());
  for (std::size_t chunk : {1u, 3u, 7u}) {
    auto t = load_text_file(path, any_length(false, chunk));
    REQUIRE_FALSE(t.has_value());
    CHECK(t.error().what.substr(t.error().what.find(':')) ==
          strict_whole.error().what.substr(strict_whole.error().what.find(':')));
  }
}

TEST_CASE("loading reports progress up to 1 and stops at the next chunk when cancelled") {
  TempDir dir("text");
  auto path = dir.write("big.txt", std::string(10000, 'x'));
  std::vector<double> seen;
  TextOptions o = any_length(false, 1000);
  o.progress = [&](double f) { seen.push_back(f); };
  REQUIRE(load_text_file(path, o).has_value());
  REQUIRE(seen.size() >= 10);
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
  CHECK(seen.front() == doctest::Approx(0.1));
  CHECK(seen.back() == 1.0);

  std::atomic<bool> cancel{false};
  int calls = 0;
  o.cancel = &cancel;
  o.progress = [&](double) {
    ++calls;
    cancel = true;  // as if the user pressed Cancel after the first chunk
  };
  auto t = load_text_file(path, o);
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error().what.find("cancelled") != std::string::npos);
  CHECK(calls == 1);
}

TEST_CASE("a missing file or a folder gives a clear error") {
  TempDir dir("text");
  auto missing = load_text_file(dir.path() / "nope.txt");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().what.find("no such file") != std::string::npos);
  auto folder = load_text_file(dir.path());
  REQUIRE_FALSE(folder.has_value());
  CHECK(folder.error().what.find("is a folder") != std::string::npos);
}
