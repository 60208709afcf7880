// Tokenizing a whole corpus with progress and cancel: the text is cut into pieces of about
// `chunk_bytes` at places where every tokenizer of the lab (byte, GPT-2, cl100k, trained BPE) is known
// to have a token boundary, so the ids are exactly those of one encode() of the whole text.
//
// The safe cut: between "\n" and the next byte, when the bytes on both sides of that "\n" are printable
// ASCII (0x21–0x7E). Both GPT-2's and cl100k's pre-tokenizer patterns then end a piece right after that
// "\n" (a lone newline between two non-space characters is never joined to what follows, and with no
// whitespace run around it the lookahead `\s+(?!\S)` cannot split differently), and BPE never merges
// across pieces. Without such a place (e.g. no newlines) the rest is encoded in one go.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/data/corpus.hpp"
#include "core/data/token_stats.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/result.hpp"

namespace llada {

struct EncodeOptions {
  std::size_t chunk_bytes = 256u << 10;
  std::function<void(double)> progress;       // fraction of the text encoded
  const std::atomic<bool>* cancel = nullptr;  // checked between chunks
};

// Fails only when cancelled.
Result<std::vector<TokenId>> encode_corpus(const Tokenizer& tok, std::string_view text,
                                           const EncodeOptions& opts = {});

// The cut points encode_corpus uses (offsets into text, strictly increasing, excluding 0 and size).
std::vector<std::size_t> safe_cuts(std::string_view text, std::size_t chunk_bytes);

}  // namespace llada

namespace llada {

// A corpus loaded, tokenized and counted: what the Tokens panel shows and the trainer consumes.
struct TokenizedCorpus {
  Corpus corpus;
  std::string tokenizer;      // the tokenizer's name()
  std::vector<TokenId> ids;   // (N) the whole corpus
  TokenStats stats;           // over the tokenizer's ordinary tokens (specials and holes excluded)
};

// load_corpus + encode_corpus + token_stats. opts.progress sees one fraction over all three stages
// (reading ≈ first 40 %, tokenizing up to 95 %, counting the rest); opts.cancel stops any stage.
Result<TokenizedCorpus> tokenize_corpus(std::string_view name_or_path, const Tokenizer& tok,
                                        const TextOptions& opts = {});

}  // namespace llada
