#include "core/lesson/lesson.hpp"

#include <charconv>
#include <cmath>

#include "core/lesson/answers.hpp"
#include "core/util/file.hpp"

namespace llada::lesson {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool parse_number(std::string_view s, double& v) {
  s = trim(s);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(v);
}

// "0.0625 ± 0.00005", "0.0625 +- 0.00005" or "70".
bool parse_answer(std::string_view s, double& answer, double& tolerance) {
  for (std::string_view pm : {"±", "+-"}) {
    const size_t at = s.find(pm);
    if (at != std::string_view::npos)
      return parse_number(s.substr(0, at), answer) && parse_number(s.substr(at + pm.size()), tolerance) && tolerance >= 0;
  }
  tolerance = 0;
  return parse_number(s, answer);
}

struct Parser {
  Lesson l;
  int line = 0;
  enum class Cont { None, Text, QuestionText, Hint } cont = Cont::None;
  std::vector<bool> answered;  // per question of the current step

  std::unexpected<Error> error(const std::string& what, const std::string& hint = {}) const {
    return fail(l.path + ":" + std::to_string(line) + ": " + what, hint);
  }
  Step* step() { return l.steps.empty() ? nullptr : &l.steps.back(); }

  void add_text(std::string_view text) {
    Step* s = step();
    if (!s) {
      l.intro += std::string(text) + "\n";
      return;
    }
    if (cont != Cont::Text || s->blocks.empty() || s->blocks.back().question >= 0) s->blocks.push_back({});
    s->blocks.back().markdown += std::string(text) + "\n";
    cont = Cont::Text;
  }

  // A finished step must have every question answerable.
  Result<void> close_step() {
    Step* s = step();
    if (!s) return {};
    for (size_t i = 0; i < s->questions.size(); ++i) {
      const Question& q = s->questions[i];
      const int save = line;
      line = q.line;
      if (!q.numeric) {
        int right = 0;
        for (const auto& c : q.choices) right += c.correct;
        if (q.choices.size() < 2 || right != 1) {
          auto e = error("the multiple-choice question has " + std::to_string(q.choices.size()) + " choices and " +
                             std::to_string(right) + " marked right",
                         "give at least two @choice lines and mark exactly one as @choice*");
          line = save;
          return e;
        }
      } else if (!answered[i]) {
        auto e = error("the question has no @answer or @choice lines", "add '@answer VALUE ± TOLERANCE' after it");
        line = save;
        return e;
      }
      line = save;
    }
    return {};
  }

  Result<Question*> last_question(const char* directive) {
    Step* s = step();
    if (!s || s->questions.empty())
      return error(std::string(directive) + " without a @question before it in this step",
                   "write '@question …' first; @answer, @choice, @hint, @show and @check belong to it");
    return &s->questions.back();
  }

  Result<void> directive(std::string_view name, std::string_view rest) {
    if (name == "@panel" || name == "@set" || name == "@question") {
      if (!step()) return error(std::string(name) + " before the first step", "start a step with a '## ' heading");
    }
    if (name == "@panel") {
      if (rest.empty() || rest.find(' ') != std::string_view::npos)
        return error("@panel needs one panel id", "e.g. '@panel forward' (llada-lab --window-help lists them)");
      step()->panel = rest, step()->panel_line = line;
      return {};
    }
    if (name == "@set" || name == "@show") {
      auto a = parse_assignments(rest);
      if (!a) return error(a.error().what, a.error().hint);
      if (a->empty()) return error(std::string(name) + " with nothing to set", "write KEY=VALUE pairs, e.g. t=0.5");
      if (name == "@set") {
        step()->set.insert(step()->set.end(), a->begin(), a->end());
        step()->set_line = line;
        return {};
      }
      auto q = last_question("@show");
      if (!q) return std::unexpected(q.error());
      (*q)->show.insert((*q)->show.end(), a->begin(), a->end());
      return {};
    }
    if (name == "@question") {
      if (rest.empty()) return error("@question without its text");
      Question q;
      q.line = line;
      q.text = rest;
      step()->questions.push_back(std::move(q));
      answered.push_back(false);
      step()->blocks.push_back({"", int(step()->questions.size()) - 1});
      cont = Cont::QuestionText;
      return {};
    }
    if (name != "@answer" && name != "@choice" && name != "@choice*" && name != "@hint" && name != "@check")
      return error("unknown directive " + std::string(name),
                   "lesson lines starting with @ are @panel, @set, @question, @answer, @choice, @choice*, @hint, "
                   "@show, @check");
    auto q = last_question(std::string(name).c_str());
    if (!q) return std::unexpected(q.error());
    Question& Q = **q;
    if (name == "@answer") {
      if (!Q.choices.empty() || answered.back())
        return error("the question already has an answer", "one @answer per numeric question, or @choice lines");
      if (!parse_answer(rest, Q.answer, Q.tolerance))
        return error("@answer '" + std::string(rest) + "' is not NUMBER or NUMBER ± TOLERANCE",
                     "e.g. '@answer 0.0625 ± 0.00005' or '@answer 70'");
      answered.back() = true;
      return {};
    }
    if (name == "@choice" || name == "@choice*") {
      if (answered.back()) return error("@choice after a numeric @answer", "a question is numeric or multiple choice");
      if (rest.empty()) return error(std::string(name) + " without its text");
      Q.numeric = false;
      Q.choices.push_back({std::string(rest), name == "@choice*"});
      return {};
    }
    if (name == "@hint") {
      if (rest.empty()) return error("@hint without its text");
      Q.hint = rest;
      cont = Cont::Hint;
      return {};
    }
    if (rest.empty()) return error("@check without what to compute", "e.g. '@check q_pattern t=0.5 mask=0101'");
    Q.check = rest, Q.check_line = line;
    return {};  // @check (the names above are all there is)
  }

  Result<void> feed(std::string_view raw) {
    ++line;
    const std::string_view s = trim(raw);
    if (s.empty()) {
      if (cont == Cont::Text) add_text("");
      cont = Cont::None;
      return {};
    }
    if (s[0] == '@') {
      const size_t sp = s.find_first_of(" \t");
      const std::string_view name = s.substr(0, sp);
      const std::string_view rest = sp == std::string_view::npos ? std::string_view{} : trim(s.substr(sp));
      cont = Cont::None;
      return directive(name, rest);
    }
    if (starts_with(s, "## ")) {
      if (auto r = close_step(); !r) return r;
      Step st;
      st.line = line;
      st.title = trim(s.substr(3));
      if (Step* prev = step()) st.panel = prev->panel;  // a step shows the panel of the one before unless it says
      l.steps.push_back(std::move(st));
      answered.clear();
      cont = Cont::None;
      return {};
    }
    if (starts_with(s, "# ") && l.title.empty() && l.steps.empty()) {
      l.title = trim(s.substr(2));
      return {};
    }
    if (cont == Cont::QuestionText) {
      step()->questions.back().text += " " + std::string(s);
      return {};
    }
    if (cont == Cont::Hint) {
      step()->questions.back().hint += " " + std::string(s);
      return {};
    }
    add_text(raw);
    return {};
  }
};

}  // namespace

Result<std::vector<Assignment>> parse_assignments(std::string_view text) {
  std::vector<Assignment> out;
  size_t i = 0;
  const size_t n = text.size();
  while (true) {
    while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= n) break;
    const size_t start = i;
    while (i < n && text[i] != '=' && text[i] != ' ' && text[i] != '\t') ++i;
    if (i >= n || text[i] != '=' || i == start)
      return fail("'" + std::string(text.substr(start, i - start)) + "' is not KEY=VALUE",
                  "write e.g. t=0.5 or sentence=\"two words\"");
    Assignment a;
    a.key = text.substr(start, i - start);
    ++i;  // '='
    if (i < n && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '\\' && i + 1 < n) {
          a.value += text[i + 1];
          i += 2;
        } else if (text[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          a.value += text[i++];
        }
      }
      if (!closed) return fail("the quoted value of '" + a.key + "' has no closing \"", "close the quote");
      if (i < n && text[i] != ' ' && text[i] != '\t')
        return fail("'" + a.key + "': text right after the closing quote", "separate KEY=VALUE pairs with spaces");
    } else {
      while (i < n && text[i] != ' ' && text[i] != '\t') a.value += text[i++];
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::pair<std::string, std::string> param_target(const Assignment& a, const std::string& step_panel) {
  const size_t dot = a.key.find('.');
  if (dot == std::string::npos) return {step_panel, a.key};
  return {a.key.substr(0, dot), a.key.substr(dot + 1)};
}

bool parse_typed_number(const std::string& typed, double& out) {
  std::string t;
  for (char c : typed)
    if (c != ' ') t += c == ',' ? '.' : c;
  double scale = 1;
  if (!t.empty() && t.back() == '%') t.pop_back(), scale = 0.01;
  auto r = std::from_chars(t.data(), t.data() + t.size(), out);
  if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(out)) return false;
  out *= scale;
  return true;
}

bool answer_is_right(const Question& q, const std::string& typed, int choice) {
  if (!q.numeric) return choice >= 0 && choice == q.correct_choice();
  double v = 0;
  return parse_typed_number(typed, v) && std::fabs(v - q.answer) <= q.tolerance + 1e-12 * std::fabs(q.answer);
}

int Question::correct_choice() const {
  for (size_t i = 0; i < choices.size(); ++i)
    if (choices[i].correct) return int(i);
  return -1;
}

Result<Lesson> parse_lesson(std::string_view text, const std::string& path) {
  Parser p;
  p.l.path = path;
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  if (name.size() > 3 && name.ends_with(".md")) name.resize(name.size() - 3);
  if (const size_t dot = name.rfind('.'); dot != std::string::npos) {
    p.l.language = name.substr(dot + 1);
    name.resize(dot);
  }
  p.l.id = name;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t nl = text.find('\n', at);
    const std::string_view ln = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (auto r = p.feed(ln); !r) return std::unexpected(r.error());
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  if (auto r = p.close_step(); !r) return std::unexpected(r.error());
  if (p.l.steps.empty()) {
    p.line = 1;
    return p.error("the lesson has no steps", "start each step with a '## ' heading");
  }
  return std::move(p.l);
}

Result<Lesson> load_lesson(const std::string& path) {
  auto text = read_file_bytes(path);
  if (!text) return std::unexpected(text.error());
  return parse_lesson(*text, path);
}

namespace {

std::string where(const Lesson& l, int line) { return l.path + ":" + std::to_string(line) + ": "; }

// Checks KEY=VALUE lines against the catalogue: "name" is the step's panel's, "panel.name" another's.
void check_assignments(const Lesson& l, int line, const std::string& panel, const std::vector<Assignment>& as,
                       const Catalogue& c, std::vector<std::string>& out) {
  for (const auto& a : as) {
    const auto [p, name] = param_target(a, panel);
    if (p.empty()) continue;  // reported once per step
    if (!c.has_panel(p)) {
      out.push_back(where(l, line) + "no panel '" + p + "'\nHINT: llada-lab --window-help lists the panels");
      continue;
    }
    if (auto r = c.check(p, name, a.value); !r) out.push_back(where(l, line) + r.error().to_string());
  }
}

}  // namespace

std::vector<std::string> check_lesson(const Lesson& l, const Catalogue& c, std::vector<std::string>* notes) {
  std::vector<std::string> out;
  if (l.title.empty()) out.push_back(where(l, 1) + "the lesson has no '# ' title line");
  for (const Step& s : l.steps) {
    if (s.panel.empty()) {
      out.push_back(where(l, s.line) + "step '" + s.title + "' has no @panel (and no step before it had one)");
    } else if (!c.has_panel(s.panel)) {
      out.push_back(where(l, s.panel_line ? s.panel_line : s.line) + "no panel '" + s.panel +
                    "'\nHINT: llada-lab --window-help lists the panels");
      continue;
    }
    check_assignments(l, s.set_line, s.panel, s.set, c, out);
    for (const Question& q : s.questions) {
      check_assignments(l, q.line, s.panel, q.show, c, out);
      if (q.check.empty() || !c.compute_answers) continue;
      if (!q.numeric) {
        out.push_back(where(l, q.check_line) + "@check belongs to numeric questions, not multiple choice");
        continue;
      }
      auto v = compute_answer(q.check);
      if (!v) {
        out.push_back(where(l, q.check_line) + v.error().to_string());
      } else if (!v->value) {
        if (notes) notes->push_back(where(l, q.check_line) + "not verified here: " + v->unavailable);
      } else if (!(std::fabs(*v->value - q.answer) <= q.tolerance + 1e-12 * std::fabs(q.answer))) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "@answer %.10g ± %.3g, but '%s' computes %.10g", q.answer, q.tolerance,
                      q.check.c_str(), *v->value);
        out.push_back(where(l, q.check_line) + buf);
      }
    }
  }
  return out;
}

namespace {

bool same_value(const std::string& a, const std::string& b) {
  double x = 0, y = 0;
  if (parse_number(a, x) && parse_number(b, y)) return x == y;
  if (parse_number(a, x) != parse_number(b, y)) return false;
  return true;  // texts (a sentence, a prompt) may be translated
}

bool same_assignments(const std::vector<Assignment>& a, const std::vector<Assignment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].key != b[i].key || !same_value(a[i].value, b[i].value)) return false;
  return true;
}

}  // namespace

std::vector<std::string> compare_translations(const Lesson& a, const Lesson& b) {
  std::vector<std::string> out;
  const std::string pair = a.path + " and " + b.path;
  if (a.steps.size() != b.steps.size()) {
    out.push_back(pair + ": " + std::to_string(a.steps.size()) + " steps against " + std::to_string(b.steps.size()));
    return out;
  }
  for (size_t i = 0; i < a.steps.size(); ++i) {
    const Step &x = a.steps[i], &y = b.steps[i];
    const std::string at = where(a, x.line) + "step " + std::to_string(i + 1) + " (" + b.path + ":" +
                           std::to_string(y.line) + "): ";
    if (x.panel != y.panel) out.push_back(at + "@panel " + x.panel + " against " + y.panel);
    if (!same_assignments(x.set, y.set)) out.push_back(at + "the @set lines differ");
    if (x.questions.size() != y.questions.size()) {
      out.push_back(at + std::to_string(x.questions.size()) + " questions against " +
                    std::to_string(y.questions.size()));
      continue;
    }
    for (size_t j = 0; j < x.questions.size(); ++j) {
      const Question &p = x.questions[j], &q = y.questions[j];
      const std::string qa = where(a, p.line) + "question " + std::to_string(j + 1) + " of step " +
                             std::to_string(i + 1) + " (" + b.path + ":" + std::to_string(q.line) + "): ";
      if (p.numeric != q.numeric)
        out.push_back(qa + "numeric in one, multiple choice in the other");
      else if (p.numeric && (p.answer != q.answer || p.tolerance != q.tolerance))
        out.push_back(qa + "the answers differ");
      else if (!p.numeric && (p.choices.size() != q.choices.size() || p.correct_choice() != q.correct_choice()))
        out.push_back(qa + "the choices differ in number or in which one is right");
      if (!same_assignments(p.show, q.show)) out.push_back(qa + "the @show lines differ");
      if (p.check != q.check) out.push_back(qa + "the @check lines differ");
      if (p.hint.empty() != q.hint.empty()) out.push_back(qa + "one has a @hint, the other not");
    }
  }
  return out;
}

}  // namespace llada::lesson
