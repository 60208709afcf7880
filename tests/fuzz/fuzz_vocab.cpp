// Fuzz target: the vocabulary parsers (GPT-2's encoder.json + vocab.bpe, tiktoken's rank tables as
// js-tiktoken ships them), on small vocabularies of the same formats. Any bytes give a tokenizer or an
// error with a message; a tokenizer that loads must round-trip text, decode(encode(x)) == x, with every
// id inside its vocabulary, whatever odd tokens the file held.
//
// Input: byte 0 picks the format (even: GPT-2, odd: tiktoken), byte 1 the size (GPT-2: that many merges;
// tiktoken: 256 + that many ranks); the rest is the file (GPT-2: encoder.json, a NUL byte, vocab.bpe).
// The seeds are small vocabularies written for the harness (the 256 byte tokens, a few merges), not
// extracts of the real files; the real files are read by the tokenizer tests and by fuzz_tokenizer.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/tok/tokenizer_impl.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  const int n = data[1];
  llada::Result<std::shared_ptr<const llada::Tokenizer>> t;
  if (data[0] % 2 == 0) {
    const size_t cut = bytes.find('\0');
    const std::string_view enc = bytes.substr(0, cut), bpe = cut == bytes.npos ? std::string_view() : bytes.substr(cut + 1);
    t = llada::tok::parse_gpt2_vocab(enc, bpe, "encoder.json", "vocab.bpe", n);
    if (t) FUZZ_CHECK((*t)->vocab_size() == 256 + n + 1, "a GPT-2 vocabulary of the wrong size");
  } else {
    t = llada::tok::parse_tiktoken_ranks(bytes, "ranks.js", 256 + n);
    if (t) FUZZ_CHECK((*t)->vocab_size() == 256 + n + 21, "a tiktoken vocabulary of the wrong size");
  }
  if (!t) {
    FUZZ_CHECK(!t.error().what.empty(), "an error without a message");
    return 0;
  }
  // The loaded tokenizer on fixed text (words, digits, spaces, Vietnamese, a special token's text, invalid
  // UTF-8) and on the file's own bytes.
  static const std::string fixed = "The cat's 12345 sat   on the mat.\r\n Việt Nam <|endoftext|> \xff\xfe tail";
  for (const std::string_view text : {std::string_view(fixed), bytes.substr(0, 512)})
    for (bool specials : {false, true}) {
      const std::string x(text);
      const auto ids = specials ? (*t)->encode_with_specials(x) : (*t)->encode(x);
      for (const auto id : ids) FUZZ_CHECK(id >= 0 && id < (*t)->vocab_size(), "an id outside the vocabulary");
      FUZZ_CHECK((*t)->decode(ids) == x, "decode(encode(x)) != x");
    }
  return 0;
}
