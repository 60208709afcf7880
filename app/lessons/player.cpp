#include "app/lessons/player.hpp"

#include <cmath>

#include "app/i18n/i18n.hpp"
#include "app/params.hpp"
#include "core/util/log.hpp"

namespace llada::app {

LessonPlayer& lesson_player() {
  static LessonPlayer p;
  return p;
}

// @set / @show values; a refused one (a lesson file edited outside the checks) becomes a message.
void LessonPlayer::apply(AppState& s, const std::vector<lesson::Assignment>& as, const std::string& panel) {
  for (const auto& a : as) {
    const auto [p, name] = lesson::param_target(a, panel);
    if (auto r = set_param(p, name, a.value); !r) s.error(lesson()->path + ": " + r.error().to_string());
  }
}

void LessonPlayer::attach(AppState& s) {
  if (loaded_) return;
  loaded_ = true;
  progress_ = load_progress(s.config_dir);
}

void LessonPlayer::save(AppState& s) {
  if (auto r = save_progress(s.config_dir, progress_); !r) {  // on screen and on stderr: progress is not kept
    log_line(r.error().to_string());
    s.error(r.error().to_string());
  }
}

bool LessonPlayer::open(AppState& s, const std::string& id, int step) {
  attach(s);
  const auto& ls = library().lessons;
  for (size_t i = 0; i < ls.size(); ++i)
    if (ls[i].id == id) {
      lesson_ = int(i);
      const int n = int(ls[i].in(language()).steps.size());
      const int want = step >= 0 ? step : progress_[id].step;
      step_ = std::clamp(want, 0, n - 1);
      apply_step(s);
      return true;
    }
  return false;
}

const LessonEntry* LessonPlayer::entry() const {
  const auto& ls = library().lessons;
  return lesson_ >= 0 && lesson_ < int(ls.size()) ? &ls[size_t(lesson_)] : nullptr;
}

const lesson::Lesson* LessonPlayer::lesson() const {
  const LessonEntry* e = entry();
  return e ? &e->in(language()) : nullptr;
}

const lesson::Step* LessonPlayer::step() const {
  const lesson::Lesson* l = lesson();
  return l && step_ < int(l->steps.size()) ? &l->steps[size_t(step_)] : nullptr;
}

std::string LessonPlayer::language() const { return language_code(app::language()); }

bool LessonPlayer::next(AppState& s) {
  const lesson::Lesson* l = lesson();
  if (!l || step_ + 1 >= int(l->steps.size())) return false;
  go(s, step_ + 1);
  return true;
}

bool LessonPlayer::back(AppState& s) {
  if (!lesson() || step_ == 0) return false;
  go(s, step_ - 1);
  return true;
}

void LessonPlayer::go(AppState& s, int step) {
  const lesson::Lesson* l = lesson();
  if (!l) return;
  step_ = std::clamp(step, 0, int(l->steps.size()) - 1);
  apply_step(s);
}

// The step's panel beside the Lessons panel, its @set values applied; the step counts as seen.
void LessonPlayer::apply_step(AppState& s) {
  const lesson::Step* st = step();
  if (!st) return;
  answers_.assign(st->questions.size(), AnswerState{});
  // The lesson and its panel have the screen: other panels would cover them.
  for (const auto& panel : panels())
    if (panel.id != kPanelId && panel.id != st->panel) *s.open_flag(panel.id) = false;
  place_panel(s, kPanelId, kLessonRect);
  if (!st->panel.empty()) place_panel(s, st->panel, kStepPanelRect);
  apply(s, st->set, st->panel);
  LessonProgress& p = progress_[entry()->id];
  p.seen.insert(step_);
  p.step = step_;
  save(s);
}

AnswerState& LessonPlayer::answer_state(int question) {
  if (question >= int(answers_.size())) answers_.resize(size_t(question) + 1);
  return answers_[size_t(question)];
}

AnswerState::Verdict LessonPlayer::check(AppState& s, int question) {
  const lesson::Step* st = step();
  if (!st || question < 0 || question >= int(st->questions.size())) return AnswerState::Verdict::None;
  const lesson::Question& q = st->questions[size_t(question)];
  AnswerState& a = answer_state(question);
  const bool right = lesson::answer_is_right(q, a.typed, a.choice);
  ++a.tries;
  a.verdict = right ? AnswerState::Verdict::Right : AnswerState::Verdict::Wrong;
  if (right) {
    progress_[entry()->id].answered.insert(std::to_string(step_) + "." + std::to_string(question));
    save(s);
  }
  return a.verdict;
}

void LessonPlayer::show_me(AppState& s, int question) {
  const lesson::Step* st = step();
  if (!st || question < 0 || question >= int(st->questions.size())) return;
  if (!st->panel.empty()) place_panel(s, st->panel, kStepPanelRect);
  apply(s, st->questions[size_t(question)].show, st->panel);
}

const LessonProgress& LessonPlayer::progress(const std::string& id) { return progress_[id]; }

int LessonPlayer::question_count(const LessonEntry& e) const {
  int n = 0;
  for (const auto& st : e.in(language()).steps) n += int(st.questions.size());
  return n;
}

}  // namespace llada::app
