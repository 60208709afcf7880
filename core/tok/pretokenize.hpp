// Pre-tokenization: cut text into the pieces that byte-pair merging then works on, with the encodings'
// original regular expressions (PCRE2, UTF + UCP, JIT-compiled). Internal to core/tok.
//
// The patterns are copied from OpenAI's definitions (GPT-2 / r50k_base and cl100k_base):
//   gpt2   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//   cl100k (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//          \s*[\r\n]+|\s+(?!\S)|\s+
// GPT-2's contractions are case-sensitive ("DON'T" -> "DON", "'", "T"); cl100k's are not.
// Compiled with PCRE2_MATCH_INVALID_UTF: invalid UTF-8 never matches, so the only bytes that fall
// between two matches are invalid sequences (every valid character starts some alternative).
#pragma once

#include <cstddef>
#include <string_view>

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace llada::tok {

enum class Pattern { kGpt2, kCl100k };

class PreTokenizer {
 public:
  explicit PreTokenizer(Pattern pattern);  // the patterns are constants: failing to compile is a bug
  ~PreTokenizer();
  PreTokenizer(const PreTokenizer&) = delete;
  PreTokenizer& operator=(const PreTokenizer&) = delete;

  // Per-thread match state (PCRE2 match data); one per encode call.
  class Cursor {
   public:
    explicit Cursor(const PreTokenizer& pt);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    // The next match at or after `start`: true and [begin, end) set, or false when nothing matches
    // in text[start..] (only invalid bytes remain).
    bool next(std::string_view text, size_t start, size_t& begin, size_t& end);

   private:
    const PreTokenizer& pt_;
    pcre2_real_match_data_8* md_;
  };

  Pattern pattern() const { return pattern_; }

 private:
  Pattern pattern_;
  pcre2_real_code_8* code_ = nullptr;
  bool jit_ = false;
};

}  // namespace llada::tok
