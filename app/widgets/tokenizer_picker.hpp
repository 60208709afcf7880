// Choosing a tokenizer in the window, shared by every panel that shows tokens (Tokens, Forward process).
//
// Tokenizers load once per process on a worker thread (GPT-2 and cl100k read tens of MB) and are then
// shared: a panel asks for one every frame and gets, until it is ready — or when it cannot be loaded —
// the byte-level tokenizer, with a status saying "loading…" or the error and its hint. So a missing
// vocabulary never leaves a panel without tokens.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/tok/tokenizer.hpp"

namespace llada::app::widgets {

struct TokenizerChoice {
  std::shared_ptr<const Tokenizer> tok;  // never null: the one asked for, or the byte tokenizer
  bool ready = false;                    // tok is the one asked for
  bool loading = false;                  // still loading (tok is the byte tokenizer meanwhile)
  std::string error;                     // why it could not be loaded ("what\nHINT: …"), else empty
};

// "byte", "gpt2", "cl100k", then "bpe" once a tokenizer has been trained in this session.
std::vector<std::string> tokenizer_names();

// The tokenizer called `name` (starts loading it on first request).
TokenizerChoice get_tokenizer(const std::string& name);

// Makes a tokenizer trained in the window available as "bpe" (replacing an earlier one).
void set_trained_tokenizer(std::shared_ptr<const Tokenizer> tok);

// A combo box over tokenizer_names() plus `extra` names first (e.g. "words"); true when changed.
bool tokenizer_combo(const char* label, std::string& name, const std::vector<std::string>& extra = {});

// One line under the combo: "loading gpt2…", or the error (red) and "using byte instead".
void tokenizer_status(const TokenizerChoice& c, const std::string& name);

// A token's piece as shown on a chip: display_piece (escapes; invalid bytes as \xNN) with spaces
// shown as '·' so " the" and "the" look different; "∅" for an id with no bytes.
std::string token_label(std::string_view piece);

// Encodes `text` and returns the ids (at most max_tokens; `truncated` says whether more were cut) and
// one label per id (token_label of its piece).
struct LabelledTokens {
  std::vector<TokenId> ids;
  std::vector<std::string> labels;
  bool truncated = false;
};
LabelledTokens label_tokens(const Tokenizer& tok, std::string_view text, std::size_t max_tokens);

// A short description for menus and tooltips: "gpt2 — GPT-2 (50,257 ids)".
std::string tokenizer_label(const std::string& name);

}  // namespace llada::app::widgets
