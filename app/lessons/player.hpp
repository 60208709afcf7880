// The lesson player: which lesson and step the reader is on, their answers, and their progress. The
// Lessons panel (app/panels/lessons.cpp) draws it; anything else that steps through lessons (classroom
// mode's keys, --lesson) drives the same player:
//
//   LessonPlayer& p = lesson_player();
//   p.open(s, "01_forward_process");     // resumes where the reader was (or step 0)
//   p.next(s); p.back(s);                 // each applies the new step: opens and places its @panel
//                                         // beside the Lessons panel (closing the others) and
//                                         // applies its @set values
//   const lesson::Step* st = p.step();    // what to draw, in the interface language
//
// The lesson's language follows the interface language (app/i18n), English when a lesson lacks it.
// Progress is saved to CONFIG_DIR/lessons.json at each change. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "app/lessons/library.hpp"
#include "app/panels/panel.hpp"
#include "app/state.hpp"

namespace llada::app {

struct AnswerState {
  enum class Verdict { None, Right, Wrong };
  std::string typed;   // numeric: what the reader typed
  int choice = -1;     // multiple choice: the option picked
  Verdict verdict = Verdict::None;
  int tries = 0;
};

class LessonPlayer {
 public:
  static constexpr const char* kPanelId = "lessons";
  // Where the Lessons panel and the step's panel go (fractions of the work area).
  static constexpr Panel::Rect kLessonRect{0.0f, 0.0f, 0.42f, 1.0f}, kStepPanelRect{0.42f, 0.0f, 0.58f, 1.0f};

  // Reads the saved progress (once; before progress() is asked).
  void attach(AppState& s);
  // Opens lesson `id` at `step` (-1: where the reader left it). False when there is no such lesson.
  bool open(AppState& s, const std::string& id, int step = -1);
  void close() { lesson_ = -1; }
  bool next(AppState& s);  // false at the last step
  bool back(AppState& s);  // false at the first
  void go(AppState& s, int step);

  // The lesson (in the interface language) and step shown; null when none is open.
  const LessonEntry* entry() const;
  const lesson::Lesson* lesson() const;
  const lesson::Step* step() const;
  int step_index() const { return step_; }
  std::string language() const;  // "en" or "vi", from the interface language

  // Questions of the current step.
  AnswerState& answer_state(int question);
  AnswerState::Verdict check(AppState& s, int question);  // judges answer_state(question) and records it
  void show_me(AppState& s, int question);                  // applies the question's @show values

  const LessonProgress& progress(const std::string& id);
  // "2/4 steps · 3/8 questions" figures of a lesson, over its questions in any language.
  int question_count(const LessonEntry& e) const;

 private:
  void apply_step(AppState& s);
  void apply(AppState& s, const std::vector<lesson::Assignment>& as, const std::string& panel);
  void save(AppState& s);
  int lesson_ = -1, step_ = 0;
  bool loaded_ = false;
  ProgressMap progress_;
  std::vector<AnswerState> answers_;  // of the current step
};

LessonPlayer& lesson_player();

}  // namespace llada::app
