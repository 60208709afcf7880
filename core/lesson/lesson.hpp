// Lessons: Markdown files whose `@` lines drive the window's lesson player (lessons/README.md has the
// format for authors). This is the parser and the checks; it has no GUI dependency, so the command line
// (`llada-lab lesson check`) and the tests read lessons exactly as the window does.
//
//   # Lesson 1 — title                      the lesson's title (first '# ' line)
//   ## Step 1: title                        each '## ' line starts a step
//   @panel forward                          the panel the step is about (kept by later steps until changed)
//   @set t=0.5 sentence="Tôi yêu học máy"   the step's panel parameters (masks.L=4: another panel's)
//   @question What is q(x_t | x_0) …?       a question (its text may go on over the next lines)
//   @answer 0.0625 ± 0.00005                a numeric answer with its tolerance ('+-' works too), or
//   @choice wrong answer / @choice* right   multiple choice, exactly one '*'
//   @hint Multiply one factor per token.    shown after a wrong answer
//   @show t=0.6 seq=3                       "Show me": sets the step's panel so the answer can be seen
//   @check q_pattern t=0.5 mask=0101        what in core/ computes the answer (core/lesson/answers.hpp)
//
// Errors name the file and line ("lessons/01_forward_process.en.md:17: @answer without a @question").
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace llada::lesson {

// One KEY=VALUE of @set, @show or @check. VALUE may be "quoted" (spaces inside; \" and \\ escape).
struct Assignment {
  std::string key, value;
};
// The panel and parameter an assignment names: "t" → (step_panel, "t"), "masks.L" → ("masks", "L").
std::pair<std::string, std::string> param_target(const Assignment& a, const std::string& step_panel);

// Parses `t=0.5 sentence="A B"`; an error says which word is not KEY=VALUE.
Result<std::vector<Assignment>> parse_assignments(std::string_view text);

struct Choice {
  std::string text;
  bool correct = false;
};

struct Question {
  int line = 0;  // of @question
  std::string text;
  bool numeric = true;                  // false: multiple choice
  double answer = 0, tolerance = 0;     // numeric: right when |typed − answer| ≤ tolerance
  std::vector<Choice> choices;          // multiple choice
  std::string hint;
  std::vector<Assignment> show;         // "Show me"
  std::string check;                    // "q_pattern t=0.5 mask=0101", or "" (no computable source)
  int check_line = 0;
  int correct_choice() const;           // index of the '*' choice, -1 for numeric questions
};

// A step's text is a list of blocks in order: Markdown paragraphs and questions between them.
struct Block {
  std::string markdown;   // when question < 0
  int question = -1;      // index into Step::questions
};

struct Step {
  int line = 0;  // of its '## ' heading
  std::string title;
  std::string panel;                // "" when no step so far named one
  int panel_line = 0;
  std::vector<Assignment> set;      // keys "name" (the step's panel) or "panel.name"
  int set_line = 0;
  std::vector<Block> blocks;
  std::vector<Question> questions;
};

struct Lesson {
  std::string path;      // as given (for messages)
  std::string id;        // the file name without ".LANG.md": "01_forward_process"
  std::string language;  // "en", "vi", … from the file name; "" when it has none
  std::string title;
  std::string intro;     // Markdown before the first step
  std::vector<Step> steps;
};

// What a reader typed, as a number: "0.0625", "0,0625" (decimal comma), "6.25%"; false when not a number.
bool parse_typed_number(const std::string& typed, double& out);
// Is the reader's answer right? Numeric: the typed number within the tolerance; multiple choice: `choice`
// is the index of the '*' choice.
bool answer_is_right(const Question& q, const std::string& typed, int choice);

// Parses a lesson; `path` names it in errors and gives its id and language.
Result<Lesson> parse_lesson(std::string_view text, const std::string& path);
Result<Lesson> load_lesson(const std::string& path);

// The window's panels and parameters, as the checks see them (the window supplies its registry).
struct Catalogue {
  std::function<bool(const std::string& panel)> has_panel;
  // The canonical value, or why the value is refused (unknown parameter, out of range, …).
  std::function<Result<std::string>(const std::string& panel, const std::string& name, const std::string& value)> check;
  bool compute_answers = true;  // false: leave @check alone (the window, which must start fast)
};

// Every problem of one lesson: no steps, a step without a panel, unknown panels and parameters, values out
// of range (in @set and @show), and each @check whose computed value is not the @answer. Each message
// starts "PATH:LINE: ". A @check whose data cannot be loaded here is not an error: it goes to `notes`.
std::vector<std::string> check_lesson(const Lesson& l, const Catalogue& c, std::vector<std::string>* notes = nullptr);

// Two translations of one lesson: the same steps (panels, @set keys, numbers), the same questions
// (kind, answers, tolerances, choice count and the right one, @show, @check). Text may differ.
std::vector<std::string> compare_translations(const Lesson& a, const Lesson& b);

}  // namespace llada::lesson
