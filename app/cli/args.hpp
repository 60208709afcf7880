// A small, strict argument reader shared by the subcommands: --name value, --flag, positionals.
// Unknown options are errors (a typo must not silently fall back to a default).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace llada::cli {

class Args {
 public:
  // `flags` are options that take no value (e.g. {"--ids", "--pieces"}); every other --option takes one.
  Args(const std::vector<std::string>& words, std::vector<std::string> flags);

  bool has(const std::string& flag);                       // a flag or an option was given
  std::optional<std::string> get(const std::string& opt);  // the value of --opt
  std::string get_or(const std::string& opt, const std::string& fallback);
  // Parse as numbers; on a malformed number, records an error and returns the fallback.
  long long get_int(const std::string& opt, long long fallback);
  double get_double(const std::string& opt, double fallback);
  const std::vector<std::string>& positionals() const { return positionals_; }

  // After all get/has calls: options given but never asked for, and malformed values, as one message
  // ("" when everything was understood).
  std::string problems() const;

 private:
  struct Opt { std::string name, value; bool is_flag = false, used = false; };
  std::vector<Opt> opts_;
  std::vector<std::string> positionals_;
  std::vector<std::string> errors_;
  Opt* find(const std::string& name);
};

}  // namespace llada::cli
