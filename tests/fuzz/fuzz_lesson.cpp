// Fuzz target: a lesson file as the window and `llada-lab lesson check` read it (core/lesson): the parser,
// the checks against a catalogue of panels and parameters, a comparison of the lesson with itself, the
// reader's answers, and the @check computations that read no data. Any bytes give a lesson or an error
// naming the line; what parses must agree with itself (compare_translations(l, l) finds nothing) and
// accept its own answer (the @answer typed back, the '*' choice).
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/lesson/answers.hpp"
#include "core/lesson/lesson.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {
namespace ls = llada::lesson;

// Two panels with a few parameters, as the window's registry answers.
ls::Catalogue catalogue() {
  ls::Catalogue c;
  c.has_panel = [](const std::string& p) { return p == "forward" || p == "masks"; };
  c.check = [](const std::string& panel, const std::string& name, const std::string& value) -> llada::Result<std::string> {
    if (panel == "forward" && name == "t") {
      double v = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), v);
      if (r.ec != std::errc() || r.ptr != value.data() + value.size() || !(v >= 0 && v <= 1))
        return llada::fail("forward.t=" + value + " is not in [0, 1]");
      return value;
    }
    if ((panel == "forward" && name == "sentence") || (panel == "masks" && name == "L")) return value;
    return llada::fail("panel '" + panel + "' has no parameter '" + name + "'");
  };
  c.compute_answers = false;  // computed below, only those that read no files
  return c;
}

// A @check that needs no vocabulary or corpus (those load files named by the lesson: not for a fuzzer).
bool reads_no_data(const std::string& check) {
  const size_t sp = check.find(' ');
  if (sp == std::string::npos) return true;
  auto as = ls::parse_assignments(std::string_view(check).substr(sp + 1));
  if (!as) return true;
  for (const auto& a : *as)
    if (a.key == "corpus" || (a.key == "tokenizer" && a.value != "byte")) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ls::Catalogue cat = catalogue();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto l = ls::parse_lesson(bytes, "lessons/fuzz.en.md");
  if (!l) {
    FUZZ_CHECK(!l.error().what.empty(), "a lesson error without a message");
    return 0;
  }
  for (const auto& p : ls::check_lesson(*l, cat)) FUZZ_CHECK(!p.empty(), "an empty problem line");
  FUZZ_CHECK(ls::compare_translations(*l, *l).empty(), "a lesson differs from itself");
  for (const auto& st : l->steps)
    for (const auto& q : st.questions) {
      if (q.numeric) {
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, q.answer);
        FUZZ_CHECK(ls::answer_is_right(q, std::string(buf, r.ptr), -1), "the @answer typed back is wrong");
      } else {
        FUZZ_CHECK(q.correct_choice() >= 0 && ls::answer_is_right(q, "", q.correct_choice()), "the '*' choice is wrong");
      }
      ls::answer_is_right(q, std::string(bytes.substr(0, 40)), 0);  // any typing: an answer, never a crash
      if (!q.check.empty() && reads_no_data(q.check)) {
        auto v = ls::compute_answer(q.check);
        if (!v) FUZZ_CHECK(!v.error().what.empty(), "a @check error without a message");
      }
    }
  return 0;
}
