// Round trip: decode(encode(x)) == x for any byte string x, for every tokenizer. A bounded randomized
// fuzz with fixed seeds (20,000 strings per tokenizer): half are arbitrary bytes (mostly invalid UTF-8),
// half are built from fragments that stress the pre-tokenizer (letters, digits, spaces, CR/LF,
// apostrophes, Vietnamese, emoji, special-token text, cut multi-byte characters).
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/tok/tokenizer.hpp"
#include "tests/tok_fixtures.hpp"

using namespace llada;

namespace {

std::string random_string(std::mt19937_64& rng, bool fragments) {
  static const std::vector<std::string> kFragments = {
      "a", "Z", "the", " the", "'s", "'S", "'ll", "'", "0", "123", "4567", " ", "  ", "\t", "\n", "\r\n",
      "\r", "\n\n", ".", ",", "!?", "ệ", "Đường", "e\xCC\x81", "😀", "👨‍👩‍👧", "\xF0\x9F", "\xE1", "\xBB",
      "<|endoftext|>", "<|", "\xC2\xA0", "\xE3\x80\x80", "中文", "\x00", "\xFF", "\x85", "ſ"};
  size_t len = rng() % 48;
  std::string s;
  for (size_t i = 0; i < len; ++i) {
    if (fragments) s += kFragments[rng() % kFragments.size()];
    else s += char(rng() & 0xFF);
  }
  return s;
}

void fuzz_round_trip(const Tokenizer& t, uint64_t seed) {
  std::mt19937_64 rng(seed);
  int failures = 0;
  for (int i = 0; i < 20000 && failures < 5; ++i) {
    std::string s = random_string(rng, i % 2 == 1);
    std::vector<TokenId> ids = t.encode(s);
    std::string back = t.decode(ids);
    if (back != s) {
      ++failures;
      FAIL_CHECK(t.name() << ": round trip broke for \"" << display_piece(s) << "\" -> \""
                          << display_piece(back) << "\"");
    }
    for (TokenId id : ids)
      if (!t.has_token(id) || t.is_special(id)) {
        ++failures;
        FAIL_CHECK(t.name() << ": encode produced id " << id << " for \"" << display_piece(s) << "\"");
        break;
      }
  }
}

}  // namespace

TEST_CASE("decode(encode(x)) == x for 20000 random byte strings: byte tokenizer") {
  fuzz_round_trip(*byte_tokenizer(), 1);
}
TEST_CASE("decode(encode(x)) == x for 20000 random byte strings: gpt2") {
  if (auto t = test::gpt2()) fuzz_round_trip(*t, 2);
}
TEST_CASE("decode(encode(x)) == x for 20000 random byte strings: cl100k") {
  if (auto t = test::cl100k()) fuzz_round_trip(*t, 3);
}
TEST_CASE("long runs (a 100 kB run of spaces, of digits, of one letter) encode and round-trip") {
  for (auto t : {test::gpt2(), test::cl100k()}) {
    if (!t) continue;
    for (char c : {' ', '7', 'a', '\n'}) {
      std::string s(100000, c);
      CHECK(t->decode(t->encode(s)) == s);
    }
  }
}
