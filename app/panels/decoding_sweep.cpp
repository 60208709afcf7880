// Panel "Decoding: quality vs evaluations": how LLaDA's decoding settings trade model evaluations for
// quality, on the Generation panel's prompt, LLaDA and GPT. Every remasking strategy is run with the
// fixed schedule at several step counts and with three confidence thresholds; each answer is judged by
// the GPT (−log p per token: lower reads more like the corpus). One point a setting; the same rows as
// `llada-lab experiment decoding` writes (core/eval/decoding_sweep.hpp), exported as CSV.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/panels/decoding_sweep_job.hpp"
#include "app/panels/generation_state.hpp"
#include "app/panels/panel.hpp"
#include "app/widgets/background_job.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/plot_frame.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "decoding";
constexpr const char* kTitle = tr_noop("Decoding: quality vs evaluations");
constexpr const ImU32* kColors = widgets::colors::series;

struct SweepState {
  widgets::BackgroundJob<SweepResult> job;
  std::optional<SweepResult> result;
  std::string error;
  bool started = false;  // the first sweep starts by itself once both models exist
};

SweepState& sweep_state() {
  static SweepState s;
  return s;
}
RegisterRelease release_at_exit{[] { sweep_state().job.stop(); }};  // its request holds weight copies

void start(SweepState& st) {
  const generation::GenState& g = generation::state();
  SweepRequest r{g.llada.last_weights, g.gpt.last_weights, g.llada.last_tok, g.prompt, g.length, {g.seed, g.seed + 1}};
  st.error.clear();
  st.started = true;
  st.job.start([r = std::move(r)](auto& c) { return run_sweep(r, [&c](float p) { c.progress = p; }, &c.cancel); });
}

// One series per (strategy, fixed schedule | threshold), points sorted by evaluations.
struct Series {
  std::vector<double> x, y;
  std::string label;
  ImU32 color;
  bool threshold;
};
std::vector<Series> series_of(const SweepResult& r) {
  std::vector<Series> out;
  for (int i = 0; i < 4; ++i)
    for (bool th : {false, true}) {
      Series s{{}, {}, std::string(gen::remasking_name(gen::kAllRemasking[i])) + (th ? tr(", threshold") : tr(", fixed steps")),
               kColors[i], th};
      std::vector<std::pair<double, double>> pts;
      for (const auto& row : r.rows)
        if (row.setting.remasking == gen::kAllRemasking[i] && (row.setting.threshold > 0) == th)
          pts.push_back({row.evaluations_per_run(), row.nll_per_token});
      std::sort(pts.begin(), pts.end());
      for (auto [x, y] : pts) s.x.push_back(x), s.y.push_back(y);
      if (!s.x.empty()) out.push_back(std::move(s));
    }
  return out;
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  SweepState& st = sweep_state();
  if (auto r = st.job.take()) {
    if (*r) st.result = std::move(**r);
    else st.error = r->error().to_string();
  }
  generation::GenState& g = generation::state();
  generation::tick(s, g);  // the models come from the Generation panel's sources, open or not
  ImGui::TextWrapped(tr("LLaDA's reverse process on the Generation panel's prompt (\"%s\", %d tokens, seeds %llu and "
                        "%llu) for every remasking strategy, with the fixed schedule at several step counts and with "
                        "thresholds 0.5, 0.7 and 0.9; the GPT of the Generation panel judges each answer."),
                     g.prompt, g.length, (unsigned long long)g.seed, (unsigned long long)g.seed + 1);
  const bool ready = g.llada.last_weights && g.gpt.last_weights;
  if (ready && !st.started) start(st);
  ImGui::BeginDisabled(st.job.running() || !ready);
  if (ImGui::Button(tr("Run the sweep"))) start(st);
  ImGui::EndDisabled();
  if (!ready) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("generate once on both sides of the Generation panel first"));
  }
  if (st.job.running()) ImGui::ProgressBar(st.job.progress(), ImVec2(-FLT_MIN, 0), tr("decoding…"));
  if (!st.error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", tr_message(st.error).c_str());
  if (st.result) {
    const auto all = series_of(*st.result);
    widgets::LinePlot p;
    p.id = "##quality";
    p.size = ImVec2(0, std::max(200.0f, ImGui::GetContentRegionAvail().y * 0.6f));
    p.x_label = tr("model evaluations per answer");
    p.y_label = tr("-log p per token under the GPT (nats)");
    p.log_x = true;
    for (const Series& se : all) p.series.push_back({se.x, se.y, se.color, se.label, true});
    widgets::line_plot(p);
    widgets::export_buttons(s, "decoding-sweep", [&] { return eval::decoding_table(st.result->rows); });
    ImGui::TextDisabled(tr("LLaDA: %s · judge: %s"),
                        st.result->llada_origin.c_str(), st.result->judge_origin.c_str());
    ImGui::TextDisabled("%s", tr("The same rows on the command line (core/eval's sweep, same prompt, seeds and grid):"));
    ImGui::SetNextItemWidth(-5 * ImGui::GetFontSize());
    ImGui::InputText("##command", st.result->command.data(), st.result->command.size() + 1, ImGuiInputTextFlags_ReadOnly);
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("Copy"))) ImGui::SetClipboardText(st.result->command.c_str());
    if (ImGui::BeginTable("rows", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
      for (const char* h : {tr("remasking"), tr("steps"), tr("threshold"), tr("evaluations"), tr("-log p / token"),
                            tr("end-of-text"), tr("repeated")})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const auto& row : st.result->rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(gen::remasking_name(row.setting.remasking));
        ImGui::TableNextColumn();
        if (row.setting.threshold > 0) ImGui::TextDisabled("-");
        else ImGui::Text("%d", row.setting.steps);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", double(row.setting.threshold));
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", row.evaluations_per_run());
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", row.nll_per_token);
        ImGui::TableNextColumn();
        if (std::isnan(row.eot_share)) ImGui::TextDisabled("%s", tr("none"));  // the tokenizer has no end-of-text token
        else ImGui::Text("%.2f", row.eot_share);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", row.repeat_share);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

void file_sweep_csv(AppState& s) {
  const SweepState& st = sweep_state();
  if (!st.result)
    return s.error(tr("no decoding sweep to export yet\nHINT: generate once on both sides of the Generation panel, "
                      "then wait for the sweep"));
  widgets::export_csv(s, "decoding-sweep", eval::decoding_table(st.result->rows));
}

RegisterFileAction file_csv{{tr_noop("Export the sweep (CSV)"), file_sweep_csv, kId,
                              [](AppState&) { return bool(sweep_state().result); }}};
RegisterPanel reg{{kId, kTitle, 66, false, {0.0f, 0.0f, 1.0f, 1.0f}, draw}};

}  // namespace

}  // namespace llada::app
