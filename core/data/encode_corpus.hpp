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
