#include "core/tok/pretokenize.hpp"

#include <pcre2.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>

#include "core/util/log.hpp"

namespace llada::tok {

static const char* pattern_text(Pattern p) {
  switch (p) {
    case Pattern::kGpt2:
      return R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    case Pattern::kCl100k:
      return R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
  }
  return "";
}

PreTokenizer::PreTokenizer(Pattern pattern) : pattern_(pattern) {
  int err = 0;
  PCRE2_SIZE err_off = 0;
  const char* pat = pattern_text(pattern);
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat), PCRE2_ZERO_TERMINATED,
                        PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &err_off, nullptr);
  if (!code_) {  // a constant pattern: only a broken PCRE2 build gets here
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    std::fprintf(stderr, "PCRE2 cannot compile the pre-tokenizer pattern: %s\n", reinterpret_cast<char*>(msg));
    std::abort();
  }
  jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
  if (!jit_) log_once("pcre2-jit", "PCRE2 JIT unavailable: tokenizing with the (slower) interpreter");
}

PreTokenizer::~PreTokenizer() { pcre2_code_free(code_); }

PreTokenizer::Cursor::Cursor(const PreTokenizer& pt)
    : pt_(pt), md_(pcre2_match_data_create_from_pattern(pt.code_, nullptr)) {}

PreTokenizer::Cursor::~Cursor() { pcre2_match_data_free(md_); }

bool PreTokenizer::Cursor::next(std::string_view text, size_t start, size_t& begin, size_t& end) {
  auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  int rc = pt_.jit_ ? pcre2_jit_match(pt_.code_, subject, text.size(), start, 0, md_, nullptr)
                    : PCRE2_ERROR_JIT_BADOPTION;
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_JIT_BADOPTION)  // the interpreter has no such limit
    rc = pcre2_match(pt_.code_, subject, text.size(), start, PCRE2_NO_JIT, md_, nullptr);
  if (rc < 0) return false;  // PCRE2_ERROR_NOMATCH (or a resource limit): the caller keeps the bytes
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md_);
  begin = ov[0];
  end = ov[1];
  if (end <= begin) return false;  // no alternative matches empty; be safe anyway
  return true;
}

}  // namespace llada::tok
