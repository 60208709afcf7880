// A small, strict argument reader shared by the subcommands: --name value, --flag, positionals.
// Unknown options are errors (a typo must not silently fall back to a default), and so are words the
// command never asked for, numbers outside their range and values that are missing.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llada::cli {

class Args {
 public:
  // `flags` are options that take no value (e.g. {"--ids", "--pieces"}); every other --option takes one.
  // An option's value is the next word unless that word is itself an option ("--x --y"): then the
  // option has no value (write --x=--y for a value that starts with "--").
  Args(const std::vector<std::string>& words, std::vector<std::string> flags);

  bool has(const std::string& flag);                       // a flag or an option was given
  std::optional<std::string> get(const std::string& opt);  // the value of --opt
  std::string get_or(const std::string& opt, const std::string& fallback);
  // Parse as numbers in [lo, hi]; a malformed or out-of-range number records an error and returns the
  // fallback. The default range is int's, so the result always fits an int unless a wider one is given.
  long long get_int(const std::string& opt, long long fallback, long long lo = INT_MIN, long long hi = INT_MAX);
  uint64_t get_u64(const std::string& opt, uint64_t fallback);  // any 64-bit unsigned value (seeds)
  // A finite number in [lo, hi] (inf, nan and 1e400 are errors).
  double get_double(const std::string& opt, double fallback, double lo = -1.7976931348623157e308,
                    double hi = 1.7976931348623157e308);
  // The words that are not options. Asking for them says the command takes them; otherwise a stray word
  // is reported by problems().
  const std::vector<std::string>& positionals() {
    positionals_used_ = true;
    return positionals_;
  }

  // After all get/has calls: options given but never asked for, stray words, missing and malformed
  // values, as one message ("" when everything was understood).
  std::string problems() const;

 private:
  struct Opt { std::string name, value; bool is_flag = false, used = false, missing = false; };
  std::vector<Opt> opts_;
  std::vector<std::string> positionals_;
  bool positionals_used_ = false;
  std::vector<std::string> errors_;
  Opt* find(const std::string& name);
};

}  // namespace llada::cli
