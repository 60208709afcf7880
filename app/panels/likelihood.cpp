// Panel "Likelihood": how likely is a sentence? LLaDA gives no exact −log p, only an upper bound (its
// training loss in expectation), estimated by Monte Carlo; the GPT gives −log p exactly. For the text
// typed here: a histogram of single-sample estimates of each estimator (training, evaluation,
// stratified, antithetic; core/eval/likelihood.hpp), their running mean against the number of samples,
// and a table with mean ± standard error, variance per sample and bits per byte beside the GPT's exact
// value. Models: those the Generation panel generated with last.
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
#include "app/panels/generation_state.hpp"
#include "app/panels/likelihood_job.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/widgets/background_job.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/plot_frame.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "likelihood";
constexpr const char* kTitle = tr_noop("Likelihood: LLaDA's bound and the GPT's exact -log p");
constexpr const ImU32* kColors = widgets::colors::series;

struct LikState {
  char text[512] = "The jury said it did find that many of the voters";
  int samples = 256;
  widgets::BackgroundJob<LikelihoodResult> job;
  std::optional<LikelihoodResult> result;
  std::string error;
  bool started = false;  // the first estimate starts by itself once a LLaDA exists
};

LikState& lik_state() {
  static LikState s;
  return s;
}
RegisterRelease release_at_exit{[] { lik_state().job.stop(); }};  // its request holds weight copies

// The histograms of the four estimators over one shared range, as outlines, means as ticks at the top.
void draw_histograms(const LikelihoodResult& r) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : r.series)
    for (const auto& b : s.samples) lo = std::min(lo, b.estimate), hi = std::max(hi, b.estimate);
  if (!(hi > lo)) return;
  constexpr int kBins = 30;
  const double w = (hi - lo) / kBins;
  std::vector<std::vector<double>> counts(r.series.size(), std::vector<double>(kBins, 0));
  double top = 1;
  for (size_t i = 0; i < r.series.size(); ++i) {
    for (const auto& b : r.series[i].samples) counts[i][std::min(kBins - 1, int((b.estimate - lo) / w))] += 1;
    for (double c : counts[i]) top = std::max(top, c / r.series[i].samples.size());
  }
  widgets::Frame f = widgets::begin_frame("##hist", ImVec2(0, 11 * ImGui::GetFontSize()));
  widgets::Axis x{lo, hi, false, f.min.x, f.max.x}, y{0, top * 1.1, false, f.max.y, f.min.y};
  widgets::draw_axes(f, x, y, 8, 4);
  for (size_t i = 0; i < r.series.size(); ++i) {
    const double n = double(r.series[i].samples.size());
    for (int k = 0; k < kBins; ++k) {
      if (counts[i][k] == 0) continue;
      f.dl->AddRect(ImVec2(x.to_px(lo + k * w), y.to_px(counts[i][k] / n)), ImVec2(x.to_px(lo + (k + 1) * w), y.to_px(0)),
                    kColors[i], 0, 0, 1.5f);
    }
    const float mx = x.to_px(r.series[i].mean);
    f.dl->AddLine(ImVec2(mx, f.min.y), ImVec2(mx, f.min.y + 0.6f * ImGui::GetFontSize()), kColors[i], 3);
  }
  if (r.gpt_nll && *r.gpt_nll >= lo && *r.gpt_nll <= hi) {
    const float gx = x.to_px(*r.gpt_nll);
    f.dl->AddLine(ImVec2(gx, f.min.y), ImVec2(gx, f.max.y), IM_COL32(240, 240, 240, 220), 2);
    f.dl->AddText(ImVec2(gx + 3, f.min.y), IM_COL32(240, 240, 240, 220), "GPT");
  }
  if (f.hovered)
    ImGui::SetTooltip(tr("estimate %.2f nats"), x.from_px(ImGui::GetMousePos().x));
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LikState& st = lik_state();
  if (auto r = st.job.take()) {
    if (*r) st.result = std::move(**r), st.error.clear();
    else st.error = r->error().to_string();
  }
  generation::GenState& g = generation::state();
  generation::tick(s, g);  // the models come from the Generation panel's sources, open or not
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  ImGui::InputText(tr("text"), st.text, sizeof st.text);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(7 * ImGui::GetFontSize());
  ImGui::SliderInt(tr("samples"), &st.samples, 16, 4096, "%d", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::BeginDisabled(st.job.running() || !g.llada.last_weights);
  if (ImGui::Button(tr("Estimate")) || (!st.started && g.llada.last_weights)) {
    st.started = true;
    LikelihoodRequest r{g.llada.last_weights, g.gpt.last_weights, g.llada.last_tok, st.text, st.samples, g.seed};
    st.job.start([r = std::move(r)](auto& c) { return run_likelihood(r, [&c](float p) { c.progress = p; }, &c.cancel); });
  }
  ImGui::EndDisabled();
  if (!g.llada.last_weights) ImGui::TextDisabled("%s", tr("generate once on the LLaDA side of the Generation panel first"));
  ImGui::TextWrapped("%s", tr("LLaDA bounds -log p from above: E_t[(1/t) Σ_masked -log p(x_i | x_t)]. training: t uniform, "
                              "each token masked with probability t, weight 1/t; evaluation: l uniform in 1…n, exactly l "
                              "masks, weight n/l; stratified: t spread over 8 strata; antithetic: t and 1 - t in pairs. "
                              "Same expectation, different variance. The first token is the condition for both models."));
  if (st.job.running()) ImGui::ProgressBar(st.job.progress(), ImVec2(-FLT_MIN, 0), tr("estimating…"));
  if (!st.error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", tr_message(st.error).c_str());
  if (!st.result) {
    ImGui::End();
    return;
  }
  const LikelihoodResult& r = *st.result;
  const double to_bpb = 1.0 / std::log(2.0) / std::max(1.0, r.bytes);
  if (ImGui::BeginTable("est", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    for (const char* h : {tr("estimator"), tr("mean ± s.e. (nats)"), tr("variance per sample"), tr("bits per byte"),
                          tr("samples")})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < r.series.size(); ++i) {
      const auto& se = r.series[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColors[i]), "%s", eval::estimator_name(se.estimator));
      ImGui::TableNextColumn();
      ImGui::Text("%.3f ± %.3f", se.mean, se.std_error);
      ImGui::TableNextColumn();
      ImGui::Text("%.2f", se.variance_per_sample);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", se.mean * to_bpb);
      ImGui::TableNextColumn();
      ImGui::Text("%zu", se.samples.size());
    }
    if (r.gpt_nll) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr("GPT, exact"));
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", *r.gpt_nll);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("0");
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", *r.gpt_nll * to_bpb);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled(tr("%d tokens, %d scored (%.0f bytes)"), r.tokens, r.scored, r.bytes);
  ImGui::TextUnformatted(tr("Single-sample estimates (nats); ticks: means; white line: the GPT's exact -log p"));
  draw_histograms(r);
  // Running means against the number of samples (whole groups).
  std::vector<std::vector<double>> xs(r.series.size()), ys(r.series.size());
  widgets::LinePlot p;
  p.id = "##running";
  p.size = ImVec2(0, std::max(140.0f, ImGui::GetContentRegionAvail().y - 2 * ImGui::GetFontSize()));
  p.x_label = tr("samples");
  p.y_label = tr("running mean (nats)");
  p.log_x = true;
  for (size_t i = 0; i < r.series.size(); ++i) {
    const int G = r.series[i].group, n = int(r.series[i].samples.size());
    for (int m = G; m <= n; m += G) {
      const eval::RunningStat rs = eval::running_stat(r.series[i], m);
      xs[i].push_back(m), ys[i].push_back(rs.mean);
    }
    p.series.push_back({xs[i], ys[i], kColors[i], eval::estimator_name(r.series[i].estimator), false});
  }
  widgets::line_plot(p);
  widgets::export_buttons(s, "likelihood", [&] { return eval::estimates_table(r.series); });
  ImGui::SameLine();
  ImGui::TextDisabled(tr("the same estimates: llada-lab experiment likelihood --text … --samples %d --seed %llu"),
                      int(r.series.front().samples.size()), (unsigned long long)r.seed);
  ImGui::End();
}

void file_estimates_csv(AppState& s) {
  const LikState& st = lik_state();
  if (!st.result)
    return s.error(tr("no likelihood estimates to export yet\nHINT: generate once on the LLaDA side of the Generation "
                      "panel, then wait for the estimate"));
  widgets::export_csv(s, "likelihood", eval::estimates_table(st.result->series));
}

RegisterFileAction file_csv{{tr_noop("Export the single-sample estimates (CSV)"), file_estimates_csv, kId,
                              [](AppState&) { return bool(lik_state().result); }}};
RegisterParams params{kId, {
    Param::text("text", lik_state().text, sizeof lik_state().text, "the sentence whose -log p is estimated")
        .then([] { lik_state().started = false; }),
    Param::integer("samples", &lik_state().samples, 16, 4096, "single-sample estimates per estimator")
        .then([] { lik_state().started = false; })}};
RegisterPanel reg{{kId, kTitle, 67, false, {0.0f, 0.0f, 1.0f, 1.0f}, draw}};

}  // namespace

}  // namespace llada::app
