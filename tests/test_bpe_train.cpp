// The BPE trainer: hand-checked merges (including the tie-break), determinism, vocabulary size,
// round trip, and refusal of bad requests.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <vector>

#include "core/data/sample_text.hpp"
#include "core/tok/bpe_train.hpp"

using namespace llada;

TEST_CASE("BPE training merges the most frequent pair first: 'ab' (3 times), then ' ab' (2 times)") {
  // Pieces: "ab", " ab", " ab", " cd". Pairs: (a,b) 3, (' ',a) 2, (' ',c) 1, (c,d) 1.
  // After "ab": (' ',ab) 2 -> " ab". Then every pair occurs once and training stops.
  auto t = train_bpe("ab ab ab cd", {.n_merges = 10});
  REQUIRE(t.has_value());
  const Tokenizer& tok = **t;
  CHECK(tok.name() == "bpe-2");
  REQUIRE(tok.vocab_size() == 258);
  CHECK(tok.piece(256) == "ab");
  CHECK(tok.piece(257) == " ab");
  CHECK(tok.encode("ab ab cd") == std::vector<TokenId>{256, 257, ' ', 'c', 'd'});
}

TEST_CASE("BPE training breaks count ties by the smaller left id, then the smaller right id") {
  // Pieces "ba", " ba", " ab", " ab": (b,a) 2, (' ',a) 2, (a,b) 2, (' ',b) 1. Tie at 2: ' ' (32) is the
  // smallest left id -> " a". Then (b,a) 2 and (" a",b) 2 tie: 'b' (98) < 256 -> "ba". Then " ab".
  auto t = train_bpe("ba ba ab ab", {.n_merges = 10});
  REQUIRE(t.has_value());
  REQUIRE((*t)->vocab_size() == 259);
  CHECK((*t)->piece(256) == " a");
  CHECK((*t)->piece(257) == "ba");
  CHECK((*t)->piece(258) == " ab");
}

TEST_CASE("BPE training is deterministic and gives 256 + N tokens on the built-in sample text") {
  std::string text(sample_text());
  auto a = train_bpe(text, {.n_merges = 300});
  auto b = train_bpe(text, {.n_merges = 300});
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK((*a)->vocab_size() == 256 + 300);
  bool same = true;
  for (TokenId id = 0; id < (*a)->vocab_size(); ++id) same = same && (*a)->piece(id) == (*b)->piece(id);
  CHECK(same);
  auto ids = (*a)->encode(text);
  CHECK((*a)->decode(ids) == text);
  CHECK(ids.size() * 2 < text.size());  // 300 merges learned on this very text compress it below half its bytes
  std::string odd = "x\xFF\xC3 \xE1\xBB\x87 new words 12345";
  CHECK((*a)->decode((*a)->encode(odd)) == odd);
}

TEST_CASE("BPE training refuses an empty text and absurd merge counts, and can be cancelled") {
  CHECK_FALSE(train_bpe("", {.n_merges = 10}).has_value());
  CHECK_FALSE(train_bpe("abc", {.n_merges = 0}).has_value());
  CHECK_FALSE(train_bpe("abc", {.n_merges = 1 << 20}).has_value());
  std::atomic<bool> cancel{true};
  auto t = train_bpe("ab ab ab", {.n_merges = 10, .cancel = &cancel});
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error().what.find("cancel") != std::string::npos);
}

TEST_CASE("BPE training counts the invalid bytes between matches and at the end of the text as pieces") {
  // "xy", FF FE, "q", FF FE, "xy", FF FE, "q": FF FE (no pattern matches it) three times, (x,y) twice, so
  // FF FE is merged first, then "xy".
  auto between = train_bpe("xy\xFF\xFEq\xFF\xFExy\xFF\xFEq", {.n_merges = 10});
  REQUIRE(between.has_value());
  REQUIRE((*between)->vocab_size() == 258);
  CHECK((*between)->piece(256) == "\xFF\xFE");
  CHECK((*between)->piece(257) == "xy");
  // "ab" then the tail FF FE FF FE, one piece: (FF,FE) twice is the only pair seen twice.
  auto tail = train_bpe("ab\xFF\xFE\xFF\xFE", {.n_merges = 10});
  REQUIRE(tail.has_value());
  REQUIRE((*tail)->vocab_size() == 257);
  CHECK((*tail)->piece(256) == "\xFF\xFE");
}
