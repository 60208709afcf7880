// Errors that reach a person: what happened, and what to do about it.
//
// core never exits and never throws across its public API for bad input: functions that can fail on
// input return Result<T> (std::expected<T, Error>). Programmer errors are asserts.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace llada {

struct Error {
  std::string what;  // what happened, e.g. "corpus file 'x.txt' is empty"
  std::string hint;  // what to do, e.g. "choose a text file with at least 100 characters"

  // "what\nHINT: hint" (or just "what" when there is no hint): the form printed by the command line.
  std::string to_string() const {
    return hint.empty() ? what : what + "\nHINT: " + hint;
  }
};

template <class T>
using Result = std::expected<T, Error>;

// return fail("what happened", "what to do");
inline std::unexpected<Error> fail(std::string what, std::string hint = {}) {
  return std::unexpected<Error>(Error{std::move(what), std::move(hint)});
}

}  // namespace llada
