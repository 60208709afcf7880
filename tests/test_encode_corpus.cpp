#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <string>

#include "core/data/encode_corpus.hpp"
#include "core/data/sample_text.hpp"
#include "tests/tok_fixtures.hpp"

using llada::encode_corpus;
using llada::EncodeOptions;

TEST_CASE("corpus cuts fall only after a newline between printable ASCII characters") {
  const std::string t = "ab.\nCd\n\nEf\n Gh\nIj\nKl";
  auto cuts = llada::safe_cuts(t, 1);
  // "\n\n", "\n " and a newline after a space are not safe; "b.\nC", "h\nI", "j\nK" are.
  CHECK(cuts == std::vector<std::size_t>{4, 15, 18});
  CHECK(llada::safe_cuts(t, 1000).empty());
  CHECK(llada::safe_cuts("no newline at all", 2).empty());
}

// GPT-2 and cl100k when their data is present (./lab setup), and always the byte tokenizer.
TEST_CASE("encoding a corpus in small chunks gives exactly the ids of one encode") {
  std::string text(llada::sample_text());
  text += "Tabs\tand  double  spaces.\nA line\n\n\nafter blank lines.\n   indented\nend";
  for (const char* name : {"byte", "gpt2", "cl100k"}) {
    auto tok = llada::load_tokenizer(name);
    if (!tok) {
      llada::test::data_missing(std::string(name) + ": " + tok.error().what);
      continue;
    }
    const auto whole = (*tok)->encode(text);
    for (std::size_t chunk : {1u, 7u, 100u, 1000u}) {
      double last = 0;
      int calls = 0;
      EncodeOptions o{.chunk_bytes = chunk, .progress = [&](double f) { last = f, ++calls; }};
      auto ids = encode_corpus(**tok, text, o);
      REQUIRE(ids.has_value());
      CHECK_MESSAGE(*ids == whole, name << " chunk " << chunk);
      CHECK(last == 1.0);
      if (chunk == 1) CHECK(calls > 40);  // the sample text has a safe cut on almost every line
    }
  }
}

TEST_CASE("encoding a corpus stops when cancelled") {
  std::atomic<bool> cancel{true};
  auto ids = encode_corpus(*llada::byte_tokenizer(), llada::sample_text(), EncodeOptions{.cancel = &cancel});
  REQUIRE_FALSE(ids.has_value());
  CHECK(ids.error().what.find("cancelled") != std::string::npos);
}

TEST_CASE("a corpus is loaded, tokenized and counted in one call, progress rising to 1") {
  std::vector<double> seen;
  llada::TextOptions o;
  o.progress = [&](double f) { seen.push_back(f); };
  auto t = llada::tokenize_corpus("sample", *llada::byte_tokenizer(), o);
  REQUIRE(t.has_value());
  CHECK(t->tokenizer == "byte");
  CHECK(t->ids.size() == llada::sample_text().size());  // one id per byte
  CHECK(t->stats.total == static_cast<std::int64_t>(t->ids.size()));
  CHECK(t->stats.vocab_tokens == 256);
  CHECK(t->stats.counts[' '] > 500);
  REQUIRE_FALSE(seen.empty());
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() == 1.0);
  auto missing = llada::tokenize_corpus("no-such-corpus", *llada::byte_tokenizer());
  CHECK_FALSE(missing.has_value());
}
