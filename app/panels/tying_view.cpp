#include "app/panels/tying_view.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/i18n/i18n.hpp"
#include "app/panels/panel.hpp"
#include "app/widgets/background_job.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/line_plot.hpp"
#include "core/train/tying.hpp"

namespace llada::app {

namespace {

struct TyingRun {
  std::vector<train::TyingPoint> points;
  std::string what;  // "byte, sample, d 64, lr 1e-3, seed 1"
};

struct TyingState {
  int steps = 300;
  bool run_at_start = false;  // parameter embedding.tying: open the section and run it (then false again)
  widgets::BackgroundJob<TyingRun> job;
  std::optional<TyingRun> result;
  std::string error;
};
TyingState g;
RegisterRelease release_at_exit{[] { g.job.stop(); }};  // a run trains two models on a worker

void start(const TrainerSlot& gpt) {
  train::RunOptions o = gpt.options() ? *gpt.options() : train::RunOptions{};
  if (!gpt.options()) o.tokenizer = "byte";
  o.steps = g.steps;
  g.result.reset();
  g.error.clear();
  g.job.start([o](widgets::BackgroundJob<TyingRun>::Control& c) -> Result<TyingRun> {
    auto pts = train::run_tying(o, [&](double f) { c.progress = float(f); }, &c.cancel);
    if (!pts) return std::unexpected(pts.error());
    return TyingRun{std::move(*pts), o.tokenizer + ", " + o.corpus + ", d " + std::to_string(o.d)};
  });
}

}  // namespace

bool tying_wanted_open() { return g.run_at_start; }

void draw_tying(AppState& s, const TrainerSlot& gpt) {
  if (g.run_at_start && !g.job.running()) {
    g.run_at_start = false;
    start(gpt);
  }
  if (auto r = g.job.take()) {
    if (r->has_value()) g.result = std::move(**r);
    else g.error = r->error().to_string();
  }
  ImGui::SetNextItemWidth(8 * ImGui::GetFontSize());
  ImGui::SliderInt(tr("steps"), &g.steps, 50, 3000, "%d", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::BeginDisabled(g.job.running());
  if (ImGui::Button(tr("Train tied and untied"))) start(gpt);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Two zero-layer GPTs from the same seed on the same batches: one with its own W_U, one with "
                               "W_U = E (the GPT slot's tokenizer and text)"));
  if (g.job.running()) {
    ImGui::SameLine();
    ImGui::ProgressBar(g.job.progress(), ImVec2(-FLT_MIN, 0));
  }
  if (!g.error.empty()) ImGui::TextWrapped("%s", tr_message(g.error).c_str());
  if (!g.result || g.result->points.empty()) return;
  const auto& pts = g.result->points;
  std::vector<double> x, lu, lt, d;
  for (const auto& p : pts) x.push_back(double(p.step)), lu.push_back(p.loss_untied), lt.push_back(p.loss_tied), d.push_back(p.distance);
  const auto& last = pts.back();
  char line[320];  // wrapped: the Vietnamese line is longer than the column
  std::snprintf(line, sizeof line, tr("step %llu: loss untied %.3f, tied %.3f · untied ‖E − W_U‖/‖E‖ = %.3f, mean cos(E_i, W_U,i) = %+.3f"),
                (unsigned long long)last.step, last.loss_untied, last.loss_tied, last.distance, last.mean_cos);
  ImGui::TextWrapped("%s", line);
  const float h = 9 * ImGui::GetFontSize();
  if (ImGui::BeginTable("##tying", 2)) {
    ImGui::TableNextColumn();
    widgets::LinePlot a;
    a.id = "##tying_loss";
    a.size = ImVec2(0, h);
    a.x_label = tr("step");
    a.y_label = tr("training loss");
    a.series = {{x, lu, widgets::colors::exact, tr("untied")}, {x, lt, widgets::colors::simulated, tr("tied W_U = E")}};
    widgets::line_plot(a);
    ImGui::TableNextColumn();
    widgets::LinePlot b;
    b.id = "##tying_gap";
    b.size = ImVec2(0, h);
    b.x_label = tr("step");
    b.y_label = "‖E − W_U‖ / ‖E‖";
    b.series = {{x, d, IM_COL32(200, 140, 230, 255), tr("untied model")}};
    widgets::line_plot(b);
    ImGui::EndTable();
  }
  widgets::export_buttons(s, "weight-tying", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                          [] { return train::tying_table(g.result->points); });
}

void file_tying_csv(AppState& s) {
  if (!g.result || g.result->points.empty())
    return s.error(tr("no tied-vs-untied run to export yet\nHINT: press 'Train tied and untied' in the Embedding space panel"));
  widgets::export_csv(s, "weight-tying", train::tying_table(g.result->points));
}
void file_tying_png(AppState& s) { widgets::export_plot_png(s, "weight-tying"); }
bool tying_ready(AppState&) { return g.result && !g.result->points.empty(); }

Param tying_param() {
  return Param::flag("tying", &g.run_at_start, "true: open the tied-vs-untied section and run the comparison (lessons, scenes)");
}
Param tying_steps_param() {
  return Param::integer("tying_steps", &g.steps, 50, 3000, "steps of the tied-vs-untied comparison");
}

}  // namespace llada::app
