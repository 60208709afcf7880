// Panel "Lessons": the list of lessons with each one's progress, and the current lesson step by step —
// its text in a column, Back / Next, the step's panel opened beside it with the step's values applied,
// and its questions: type an answer, be told right or wrong, a hint after a wrong answer, "Show me".
// The player (app/lessons/player.hpp) keeps the state; this file only draws it.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <string>

#include "app/i18n/i18n.hpp"
#include "app/lessons/player.hpp"
#include "app/panels/panel.hpp"
#include "app/widgets/markdown.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = LessonPlayer::kPanelId;
constexpr const char* kTitle = tr_noop("Lessons");
const ImVec4 kRight(0.45f, 0.9f, 0.45f, 1.0f), kWrong(1.0f, 0.5f, 0.45f, 1.0f), kHeading(0.55f, 0.8f, 1.0f, 1.0f);

// One row per lesson: its title in the interface language and how far the reader got.
void lesson_list(AppState& s, LessonPlayer& p) {
  const auto& lib = library();
  if (lib.lessons.empty()) ImGui::TextDisabled("%s", tr("No lessons were found."));
  for (const auto& e : lib.lessons) {
    const lesson::Lesson& l = e.in(p.language());
    const LessonProgress& pr = p.progress(e.id);
    const int steps = int(l.steps.size()), questions = p.question_count(e);
    ImGui::PushID(e.id.c_str());
    const bool current = p.entry() == &e;
    if (ImGui::Selectable(l.title.c_str(), current)) p.open(s, e.id);
    char buf[96];
    std::snprintf(buf, sizeof buf, tr("%d/%d steps seen · %d/%d questions answered"), int(pr.seen.size()), steps,
                  int(pr.answered.size()), questions);
    const float done = float(pr.seen.size() + pr.answered.size()) / float(std::max(1, steps + questions));
    ImGui::ProgressBar(done, ImVec2(-FLT_MIN, 0), buf);
    ImGui::PopID();
  }
  for (const auto& problem : lib.problems) ImGui::TextColored(kWrong, "%s", tr_message(problem).c_str());
}

void question(AppState& s, LessonPlayer& p, const lesson::Question& q, int qi) {
  ImGui::PushID(qi);
  AnswerState& a = p.answer_state(qi);
  const bool answered_before = p.progress(p.entry()->id).answered.count(std::to_string(p.step_index()) + "." +
                                                                          std::to_string(qi)) > 0;
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, kHeading);
  ImGui::TextUnformatted(answered_before ? tr("Question (answered)") : tr("Question"));
  ImGui::PopStyleColor();
  widgets::markdown(q.text);
  bool submit = false;
  if (q.numeric) {
    ImGui::SetNextItemWidth(9 * ImGui::GetFontSize());
    submit |= ImGui::InputTextWithHint("##answer", tr("your answer"), &a.typed, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
  } else {
    // The radio button alone, its text wrapped beside it: choices are sentences, the column may be narrow.
    for (size_t i = 0; i < q.choices.size(); ++i) {
      ImGui::PushID(int(i));
      ImGui::RadioButton("##choice", &a.choice, int(i));
      ImGui::SameLine();
      ImGui::BeginGroup();
      widgets::markdown(q.choices[i].text);
      ImGui::EndGroup();
      if (ImGui::IsItemClicked()) a.choice = int(i);
      ImGui::PopID();
    }
  }
  submit |= ImGui::Button(tr("Check"));
  if (submit) p.check(s, qi);
  if (!q.show.empty()) {
    ImGui::SameLine();
    if (ImGui::Button(tr("Show me"))) p.show_me(s, qi);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Set the panel so that the answer can be seen"));
  }
  if (a.verdict == AnswerState::Verdict::Right) {
    ImGui::TextColored(kRight, "%s", tr("Right!"));
  } else if (a.verdict == AnswerState::Verdict::Wrong) {
    double v = 0;
    ImGui::TextColored(kWrong, "%s", q.numeric && !lesson::parse_typed_number(a.typed, v)
                                         ? tr("That is not a number: write e.g. 0.25, 0,25 or 25%.")
                                         : tr("Not quite. Try again."));
    if (!q.hint.empty()) widgets::markdown(std::string(tr("*Hint:*")) + " " + q.hint);
  }
  ImGui::PopID();
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LessonPlayer& p = lesson_player();
  p.attach(s);
  const lesson::Lesson* l = p.lesson();
  if (ImGui::CollapsingHeader(tr_id("All lessons", "all_lessons"), l ? 0 : ImGuiTreeNodeFlags_DefaultOpen))
    lesson_list(s, p);
  const lesson::Step* st = p.step();
  if (!l || !st) {
    ImGui::TextWrapped("%s", tr("Choose a lesson above. Each step opens the panel it talks about beside this one."));
    ImGui::End();
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, kHeading);
  ImGui::TextWrapped("%s", l->title.c_str());
  ImGui::PopStyleColor();
  ImGui::TextDisabled(tr("Step %d of %d"), p.step_index() + 1, int(l->steps.size()));
  ImGui::Separator();
  // The step's text scrolls; Back / Next stay at the bottom.
  // Back, Next and "Show the step's panel" on one row when they fit (else the last goes to a second row).
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = ImGui::CalcTextSize(tr("◀ Back")).x + ImGui::CalcTextSize(tr("Next ▶")).x +
                    ImGui::CalcTextSize(tr("Show the step's panel")).x + 6 * style.FramePadding.x + 2 * style.ItemSpacing.x;
  const bool one_row = row <= ImGui::GetContentRegionAvail().x;
  const float footer = (one_row ? 1 : 2) * ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y;
  ImGui::BeginChild("##step", ImVec2(0, -footer), false);
  ImGui::PushStyleColor(ImGuiCol_Text, kHeading);
  ImGui::TextWrapped("%s", st->title.c_str());
  ImGui::PopStyleColor();
  if (p.step_index() == 0 && !l->intro.empty()) widgets::markdown(l->intro);
  for (const auto& b : st->blocks) {
    if (b.question >= 0) question(s, p, st->questions[size_t(b.question)], b.question);
    else widgets::markdown(b.markdown);
  }
  ImGui::EndChild();
  ImGui::Separator();
  ImGui::BeginDisabled(p.step_index() == 0);
  if (ImGui::Button(tr("◀ Back"))) p.back(s);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(p.step_index() + 1 >= int(l->steps.size()));
  if (ImGui::Button(tr("Next ▶"))) p.next(s);
  ImGui::EndDisabled();
  if (const Panel* panel = find_panel(st->panel)) {
    if (one_row) ImGui::SameLine();
    if (ImGui::Button(tr("Show the step's panel"))) p.go(s, p.step_index());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(tr("Open %s beside the lesson again, with the step's values"), tr(panel->title.c_str()));
  }
  ImGui::End();
}

RegisterPanel reg{{kId, kTitle, 5, false, {0.0f, 0.0f, 0.42f, 1.0f}, draw}};

}  // namespace

}  // namespace llada::app
