// Panel "Reversal curse": a GPT and a LLaDA of the same size and budget learn invented facts stated in
// one direction only ("Kato's teacher is Rinu."), and are asked the stated direction (forward), the
// other one ("Rinu's student is …", reversed) and, for LLaDA, the stated sentence with its first name
// blanked (infill). Accuracy over training, next to the LLaDA paper's table for scale. The same run as
// `llada-lab experiment reversal` (core/eval/reversal.hpp), one seed at a time, on a worker thread.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <vector>

#include "app/i18n/i18n.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/panels/reversal_job.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/line_plot.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "reversal";
constexpr const char* kTitle = tr_noop("Reversal curse");

struct RevState {
  eval::ReversalOptions o{.facts = 24, .d = 32, .T = 24, .B = 16, .steps = 2500, .eval_every = 250};
  int seed = 1;
  ReversalRun run;
};

RevState& rev_state() {
  static RevState s;
  return s;
}
RegisterRelease release_at_exit{[] { rev_state().run.stop(); }};  // a run trains two models on a worker

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  RevState& st = rev_state();
  st.run.poll();
  ImGui::TextWrapped("%s", tr("Invented facts, each stated in one direction only (\"Kato's teacher is Rinu.\" or \"Rinu's "
                              "student is Kato.\"). A causal GPT and a LLaDA of the same size, steps, batch and learning "
                              "rate learn them; then both are asked the stated direction (forward) and the other one "
                              "(reversed), and LLaDA also fills the blanked first name of the stated sentence (infill)."));
  ImGui::BeginDisabled(st.run.running());
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::SliderInt(tr("facts"), &st.o.facts, 4, 200, "%d", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(7 * ImGui::GetFontSize());
  ImGui::SliderInt(tr("training steps"), &st.o.steps, 100, 10000, "%d", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(5 * ImGui::GetFontSize());
  ImGui::InputInt(tr("seed"), &st.seed);
  st.seed = std::max(0, st.seed);
  ImGui::SameLine();
  if (ImGui::Button(tr("Train both"))) {
    st.o.data_seed = st.o.model_seed = uint64_t(st.seed);
    st.o.eval_every = std::max(1, st.o.steps / 10);
    st.run.start(st.o);
  }
  ImGui::EndDisabled();
  if (st.run.running()) {
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) st.run.cancel();
  }
  const eval::ReversalOptions& o = st.run.running() || !st.run.rows().empty() ? st.run.options() : st.o;
  ImGui::TextDisabled(tr("both: transformer, %d layers, %d heads, d %d, context %d, batch %d, lr %.0e, byte tokens"),
                      o.layers, o.heads, o.d, o.T, o.B, double(o.lr));
  if (!st.run.error().empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", tr_message(st.run.error()).c_str());
  const std::vector<eval::ReversalRow> rows = st.run.rows();
  if (!rows.empty()) {
    std::vector<double> xs[2], fw[2], rv[2], inf;
    for (const auto& r : rows) {
      const int m = r.model == "llada";
      xs[m].push_back(r.step), fw[m].push_back(100 * r.acc.forward), rv[m].push_back(100 * r.acc.reversed);
      if (m) inf.push_back(100 * r.acc.infill);
    }
    widgets::LinePlot p;
    p.id = "##acc";
    p.size = ImVec2(0, std::max(180.0f, ImGui::GetContentRegionAvail().y - 9 * ImGui::GetFontSize()));
    p.x_label = tr("training step");
    p.y_label = tr("accuracy, per cent");
    p.y_lo = 0, p.y_hi = 100;
    p.legend_left = true;
    p.series = {{xs[0], fw[0], IM_COL32(90, 150, 230, 255), tr("GPT forward"), true},
                {xs[0], rv[0], IM_COL32(90, 150, 230, 140), tr("GPT reversed"), true},
                {xs[1], fw[1], IM_COL32(255, 160, 60, 255), tr("LLaDA forward"), true},
                {xs[1], rv[1], IM_COL32(255, 160, 60, 140), tr("LLaDA reversed"), true},
                {xs[1], inf, IM_COL32(110, 200, 120, 255), tr("LLaDA infill"), true}};
    widgets::line_plot(p);
    widgets::export_buttons(s, "reversal", [&] { return eval::reversal_table(rows, o.data_seed, o.model_seed); });
    // The same run from the command line (core/eval/reversal.hpp's run_reversal, the same table).
    char cmd[320];
    std::snprintf(cmd, sizeof cmd,
                  "llada-lab experiment reversal --seeds %llu --facts %d --layers %d --heads %d --d %d --seq %d "
                  "--batch %d --steps %d --eval-every %d --lr %g --csv reversal.csv",
                  (unsigned long long)o.data_seed, o.facts, o.layers, o.heads, o.d, o.T, o.B, o.steps, o.eval_every,
                  double(o.lr));
    ImGui::TextDisabled("%s", tr("The same rows on the command line:"));
    ImGui::SameLine();
    ImGui::TextUnformatted(cmd);
  }
  if (st.run.running()) ImGui::ProgressBar(st.run.progress(), ImVec2(-FLT_MIN, 0), tr("training…"));
  ImGui::TextUnformatted(tr("For scale, the LLaDA paper (reversal poem completion, forward / reversed, per cent):"));
  ImGui::TextDisabled("%s", eval::kPaperPoemCompletion);
  ImGui::End();
}

// The run's settings (they apply when Train both is pressed).
RegisterParams params{kId, {
    Param::integer("facts", &rev_state().o.facts, 4, 200, "invented facts, each stated in one direction"),
    Param::integer("steps", &rev_state().o.steps, 100, 10000, "training steps of each model"),
    Param::integer("seed", &rev_state().seed, 0, 1'000'000'000, "the data and model seed")}};
RegisterPanel reg{{kId, kTitle, 68, false, {0.0f, 0.0f, 1.0f, 1.0f}, draw}};

}  // namespace

}  // namespace llada::app
