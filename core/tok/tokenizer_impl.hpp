// The inside of a Tokenizer (internal to core/tok; tests may include it).
//
// Every tokenizer here follows tiktoken's convention: a mergeable token's id is its rank, and the
// merge of two adjacent parts happens when their concatenated bytes form a token; the lowest such id
// merges first. Adjacent parts are adjacent bytes of the piece, so the one table the hot loop needs is
// bytes -> id, probed with slices of the piece (as tiktoken does). A (left id, right id) table would
// save the hashing but costs ~0.3 s per load to build; loading must stay well under 100 ms.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/tok/flat_map.hpp"
#include "core/tok/pretokenize.hpp"
#include "core/tok/tokenizer.hpp"

namespace llada {

struct TokenizerImpl {
  std::string name;
  std::unique_ptr<tok::PreTokenizer> pre;  // null: the byte tokenizer (no pre-tokenization, no merges)
  std::vector<std::string> pieces;         // id -> bytes, vocab_size entries; "" for ids with no token
  int32_t n_mergeable = 0;                 // ids [0, n_mergeable) are ordinary tokens, rank = id
  std::vector<SpecialToken> specials;
  std::vector<uint8_t> special_flag;   // id -> 1 when special
  std::array<int32_t, 256> byte_id{};  // byte value -> the id of the one-byte token
  tok::BytesMap whole;                 // bytes -> id of ordinary tokens

  // After pieces, n_mergeable and specials are set: checks that every byte has a token and builds the
  // lookup tables. Returns "" or what is wrong (a corrupt vocabulary).
  std::string finish();
};

namespace tok {
// Byte-pair merge of one pre-token piece, appending ids. Two equivalent versions: a rescanning array
// for short pieces (the common case) and a heap for long ones (runs of digits or spaces), where the
// rescans would make it quadratic. encode() picks one by length; tests compare them.
void bpe_merge_small(const TokenizerImpl& t, std::string_view piece, std::vector<TokenId>& out);
void bpe_merge_heap(const TokenizerImpl& t, std::string_view piece, std::vector<TokenId>& out);
// The whole per-piece step: a piece that is a token is taken whole, else merged.
void encode_piece(const TokenizerImpl& t, std::string_view piece, std::vector<TokenId>& out);

// The parsers of the two vocabulary formats, on bytes already read: load_tokenizer checks the files'
// pinned digests first, then calls these; the fuzzing harness calls them directly. The paths only name
// the files in errors. The real files have 50 000 merges (GPT-2: ids 0..50 255, <|endoftext|> = 50 256)
// and 100 256 ranks (cl100k: specials at ranks + 1..4 and ranks + 20); a smaller count reads a small
// vocabulary of the same format, checked exactly as strictly.
Result<std::shared_ptr<const Tokenizer>> parse_gpt2_vocab(std::string_view encoder_json, std::string_view merges,
                                                          const std::string& enc_path, const std::string& bpe_path,
                                                          int32_t n_merges = 50000);
Result<std::shared_ptr<const Tokenizer>> parse_tiktoken_ranks(std::string_view js, const std::string& path,
                                                              int32_t n_ranks = 100256);
}  // namespace tok

}  // namespace llada
