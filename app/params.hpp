// The panels' adjustable values as named, typed parameters with ranges: one registry per panel.
//
// A parameter is addressed as PANEL.NAME ("forward.t", "softmax.T"); the same names are the keys of
// settings.json's "values", the `@set` lines of lessons and the entries of scenes, and
// `llada-lab --window-help` lists them all. A panel declares its parameters next to its RegisterPanel,
// bound to the fields of its file-local state:
//
//   RegisterParams params{kId, {
//       Param::real("t", &g.t, 0, 1, "time of the forward process: each token is masked with probability t"),
//       Param::text("sentence", &g.sentence, "the sentence x_0"),
//       Param::choice("tokenizer", &g.tokenizer, {"words", "byte", "gpt2", "cl100k"}, "how x_0 is split")}};
//
// Values travel as text. Setting one validates it first and never half-applies; errors are Result
// errors a person can act on ("panel 'forward' has no parameter 'tt'", "forward.t=1.7 is out of range
// [0, 1]"). The registry has no GUI dependency: it reads and writes the bound fields, and the panel
// draws whatever they hold on its next frame. A panel that caches work keyed on a value either compares
// the value each frame (most do) or passes `on_set` to hear about changes made outside its widgets.
//
// Thread use: the UI thread only (the bound fields belong to the panels).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/util/result.hpp"

namespace llada::app {

struct Param {
  enum class Kind { Float, Int, Bool, Enum, String };
  std::string name;                  // lowercase letters, digits, '_' (and capitals where the math does: "T")
  Kind kind = Kind::Float;
  double lo = 0, hi = 0;             // Float and Int: the inclusive range
  std::vector<std::string> choices;  // Enum: the allowed values
  std::string help;                  // one line, for --window-help
  std::function<std::string()> read;              // the current value as canonical text
  std::function<void(const std::string&)> write;  // stores an already validated, canonical value
  std::function<void()> on_set;                   // optional: after a successful set_param
  std::function<Result<void>(const std::string&)> check;  // optional: a String's own rule (e.g. a mask pattern)

  // Bindings to a panel's fields. Integer ranges are inclusive; an enum stored as an int keeps the
  // index of its choice plus `first` (e.g. first = -1 when index 0, "auto", is stored as -1).
  static Param real(std::string name, float* v, double lo, double hi, std::string help);
  static Param integer(std::string name, int* v, long long lo, long long hi, std::string help);
  static Param integer(std::string name, std::uint64_t* v, long long lo, long long hi, std::string help);
  static Param integer(std::string name, long long* v, long long lo, long long hi, std::string help);
  static Param flag(std::string name, bool* v, std::string help);
  static Param choice(std::string name, std::string* v, std::vector<std::string> choices, std::string help);
  static Param choice(std::string name, int* v, std::vector<std::string> choices, std::string help, int first = 0);
  static Param text(std::string name, std::string* v, std::string help);
  static Param text(std::string name, char* buf, std::size_t size, std::string help);  // a fixed C buffer

  Param&& then(std::function<void()> f) && { on_set = std::move(f); return std::move(*this); }
  Param&& checked(std::function<Result<void>(const std::string&)> f) && { check = std::move(f); return std::move(*this); }
  const char* kind_name() const;  // "float", "int", "bool", "enum", "string"
  std::string range_text() const;  // "[0, 1]", "one of auto|example|…", "true|false", "text"
};

struct ParamSet {
  std::string panel;  // a panel id, as --panel takes it
  std::vector<Param> params;
};

// Every panel's set, in registration order (static initialisation, like panels()).
std::vector<ParamSet>& param_sets();
struct RegisterParams {
  RegisterParams(std::string panel, std::vector<Param> params);
};

// The parameter, or an error naming what exists ("panel 'forward' has no parameter 'tt'" with the list).
Result<const Param*> find_param(const std::string& panel, const std::string& name);
// Would `value` be accepted? Returns its canonical text ("0.5", "true", the choice) without storing it.
Result<std::string> check_param(const std::string& panel, const std::string& name, const std::string& value);
// Validates, stores, then calls on_set. Nothing changes on error.
Result<void> set_param(const std::string& panel, const std::string& name, const std::string& value);
Result<std::string> get_param(const std::string& panel, const std::string& name);

// "PANEL.NAME" split at its first dot; an error when there is none.
Result<std::pair<std::string, std::string>> split_param_key(const std::string& key);

// settings.json: every parameter as "PANEL.NAME" -> text. Reading applies the keys present and
// returns one line per unusable value (hand edits), which are skipped; other keys are left alone.
std::vector<std::string> params_from_values(const std::map<std::string, std::string>& values);
void params_to_values(std::map<std::string, std::string>& values);
// settings.json files written before the parameters had PANEL.NAME keys (train.d, per_token.t, tokenizer,
// corpus, softmax.source as a number): each old key becomes today's key, unless that is already set,
// and is removed; indices that are now choices become the choice's name. Call before params_from_values.
void migrate_old_values(std::map<std::string, std::string>& values);

// For --window-help: one line per parameter, grouped by panel.
std::string params_help();

}  // namespace llada::app
