// Learning a byte-level BPE vocabulary from a text: for live demos (a small vocabulary trains and
// tokenizes fast) and for the lesson on how tokenizers are made.
//
// The algorithm (as GPT-2's vocabulary was made, on a small scale):
//   1. cut the text into pieces with GPT-2's pre-tokenizer pattern and count each distinct piece;
//   2. start from 256 tokens, one per byte (id = byte value), each piece a list of byte tokens;
//   3. repeat: count every adjacent pair of tokens over all pieces (weighted by piece counts), merge the
//      most frequent pair into a new token (id 256, 257, ...), everywhere; stop after n_merges merges
//      or when no pair occurs at least twice.
// Deterministic: the same text and n_merges give the same vocabulary on every machine. Ties in count
// go to the pair with the smaller left id, then the smaller right id. When a merge makes bytes that are
// already a token (e.g. "ab"+"c" after "a"+"bc"), the existing token is reused and no id is added.
//
// The result is an ordinary Tokenizer (name "bpe-N", N = the merges learned): it encodes with
// tiktoken's rule (merge the adjacent pair whose bytes form the lowest id first), which reproduces the
// learned merges in order; it has no special tokens.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

#include "core/tok/tokenizer.hpp"
#include "core/util/result.hpp"

namespace llada {

struct BpeTrainOptions {
  int n_merges = 1024;                        // 1 .. 65536; the vocabulary has up to 256 + n_merges ids
  std::function<void(double)> progress;       // fraction of the merges done, 0..1 (may be empty)
  const std::atomic<bool>* cancel = nullptr;  // set to true from another thread to stop (an Error)
};

Result<std::shared_ptr<const Tokenizer>> train_bpe(std::string_view text, const BpeTrainOptions& opts = {});

}  // namespace llada
