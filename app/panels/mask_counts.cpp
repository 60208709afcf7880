// Panel "Mask counts": how many of L tokens the forward process masks at time t. The exact law is
// Binomial(L, t) (bars); over it, the histogram of counts from N simulated sequences (the same
// generator and rule as training), growing live a few thousand sequences a frame, and the total-
// variation distance between the two shrinking like 1/√N — next to the curve a correct sampler is
// expected to follow.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/widgets/bar_chart.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/markdown.hpp"
#include "core/math/binomial.hpp"
#include "core/math/masking.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "masks";
constexpr const char* kTitle = tr_noop("Mask counts");
constexpr int kMaxL = 4096;
constexpr double kFrameBudgetMs = 1.5;  // simulation time per frame: the window stays smooth
constexpr int kShowAllUpTo = 64;        // larger L: show bars around the mass only

struct MaskCountsState {
  int L = 8;
  float t = 0.5f;
  bool running = true;
  int max_n_index = 2;               // into kMaxN
  std::uint64_t seed = 7;
  // The simulation for the current (L, t, seed); reset when any changes.
  int sim_L = -1;
  float sim_t = -1;
  std::uint64_t sim_seed = 0;
  std::uint64_t n = 0;               // sequences simulated = next sequence number
  std::vector<std::int64_t> hist;    // (L+1)
  std::vector<double> pmf;           // (L+1) exact
  double expected_tv_coeff = 0;      // E[TV] ≈ coeff / √N for a correct sampler (see expected_tv)
  std::vector<double> tv_n, tv, tv_expected;  // TV against N, recorded at ~log-spaced N
  double per_frame = 256;            // sequences per frame, adapted to the time budget
  std::string error;
};
MaskCountsState g;
constexpr std::uint64_t kMaxN[] = {10'000, 100'000, 1'000'000, 10'000'000};
constexpr const char* kMaxNLabels[] = {"10 000", "100 000", "1 000 000", "10 000 000"};

// For a sampler that draws exactly from the pmf, each count n_k is Binomial(N, p_k), and for large N
// E|n_k/N − p_k| ≈ sqrt(2 p_k (1 − p_k) / (π N)) (the mean absolute deviation of a normal). Summed
// and halved: E[TV] ≈ (1/√N) · ½ Σ_k sqrt(2 p_k (1 − p_k) / π). An approximation (it overestimates
// while N·p_k is small), drawn only as a guide for the eye.
double expected_tv_coeff(const std::vector<double>& pmf) {
  double s = 0;
  for (double p : pmf) s += std::sqrt(2.0 * p * (1.0 - p) / std::numbers::pi);
  return 0.5 * s;
}

double tv_distance() {
  double s = 0;
  const double inv_n = g.n ? 1.0 / double(g.n) : 0.0;
  for (size_t k = 0; k < g.pmf.size(); ++k) s += std::abs(g.pmf[k] - double(g.hist[k]) * inv_n);
  return 0.5 * s;
}

void reset_simulation() {
  g.sim_L = g.L, g.sim_t = g.t, g.sim_seed = g.seed;
  g.n = 0;
  g.hist.assign(size_t(g.L) + 1, 0);
  g.tv_n.clear(), g.tv.clear(), g.tv_expected.clear();
  g.error.clear();
  auto b = Binomial::make(g.L, g.t);
  if (!b) {
    g.error = b.error().to_string();
    g.pmf.assign(size_t(g.L) + 1, 0.0);
    return;
  }
  g.pmf = b->pmf_table();
  g.expected_tv_coeff = expected_tv_coeff(g.pmf);
}

// Adds as many sequences as fit in the frame's time budget (measured, so slow machines do less).
void simulate_some() {
  const std::uint64_t max_n = kMaxN[g.max_n_index];
  if (!g.running || g.n >= max_n || !g.error.empty()) return;
  // At most ~4 % more a frame (after the first few sequences one by one): N climbs the log axis of the
  // TV plot steadily over a few seconds instead of jumping to the end, so the class sees it shrink.
  const double growth = std::max(1.0, 0.04 * double(g.n));
  const int batch = int(std::clamp<double>(std::min(g.per_frame, growth), 1, double(max_n - g.n)));
  const auto t0 = std::chrono::steady_clock::now();
  auto counts = simulate_mask_counts(g.L, g.t, g.seed, g.n, batch);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!counts) {
    g.error = counts.error().to_string();
    return;
  }
  for (std::int32_t c : *counts) ++g.hist[size_t(c)];
  const std::uint64_t before = g.n;
  g.n += std::uint64_t(batch);
  // Aim the next batch at the budget; move by at most ×2 per frame so one slow frame does not stall it.
  if (batch >= int(g.per_frame))  // only a batch that used the budget says how large the budget is
    g.per_frame = std::clamp(g.per_frame * std::clamp(kFrameBudgetMs / std::max(ms, 1e-3), 0.5, 2.0), 1.0, 1e6);
  else if (ms > kFrameBudgetMs)
    g.per_frame = std::max(1.0, g.per_frame * 0.5);
  // Record TV at N growing by ≥ 10 % (log-spaced points), and always the first batch.
  if (g.tv_n.empty() || double(g.n) >= 1.1 * g.tv_n.back() || before == 0) {
    g.tv_n.push_back(double(g.n));
    g.tv.push_back(tv_distance());
    g.tv_expected.push_back(g.expected_tv_coeff / std::sqrt(double(g.n)));
  }
}

// Bars to show: all of 0…L when L is small; otherwise mean ± 5 sd (rounded out), at least 21 bars.
std::pair<int, int> shown_range(double mean, double sd) {
  if (g.L <= kShowAllUpTo) return {0, g.L};
  int lo = int(std::floor(mean - 5 * sd)), hi = int(std::ceil(mean + 5 * sd));
  while (hi - lo < 20) --lo, ++hi;
  lo = std::max(lo, 0), hi = std::min(hi, g.L);
  return {lo, hi};
}

// Every k = 0 … L (also those outside the bars shown): exact P(k) and what the simulation counted.
widgets::Table counts_table() {
  std::vector<double> k, pmf, count, frac;
  for (int i = 0; i <= g.L && size_t(i) < g.pmf.size() && size_t(i) < g.hist.size(); ++i) {
    k.push_back(i), pmf.push_back(g.pmf[size_t(i)]), count.push_back(double(g.hist[size_t(i)]));
    frac.push_back(g.n ? double(g.hist[size_t(i)]) / double(g.n) : 0.0);
  }
  return widgets::Table{{"k", "exact_pmf", "simulated_count", "simulated_fraction"}, {k, pmf, count, frac}};
}

widgets::Table tv_table() { return widgets::Table{{"N", "tv", "expected_tv"}, {g.tv_n, g.tv, g.tv_expected}}; }

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(12 * fs);
  ImGui::SliderInt(tr("L tokens"), &g.L, 1, kMaxL, "%d", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  widgets::same_line_if_fits(7 * fs);  // the t slider: on the next line when the label left it no room
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::SliderFloat("##t", &g.t, 0.0f, 1.0f, "t = %.3f", ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::Button(g.running ? tr("Pause") : tr("Run"))) g.running = !g.running;
  ImGui::SameLine();
  if (ImGui::Button(tr("Restart"))) ++g.seed;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Start again with a new seed"));
  if (!classroom_hides(s, kId, "max_n")) {  // classroom mode folds away what a lesson step does not set
    widgets::same_line_if_fits(9 * fs + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr("max N")).x);
    ImGui::SetNextItemWidth(9 * fs);
    ImGui::Combo(tr("max N"), &g.max_n_index, kMaxNLabels, IM_ARRAYSIZE(kMaxNLabels));
  }

  if (g.L != g.sim_L || g.t != g.sim_t || g.seed != g.sim_seed) reset_simulation();
  simulate_some();
  if (!g.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_message(g.error).c_str());
    ImGui::End();
    return;
  }

  const double mean = double(g.L) * g.t, sd = std::sqrt(double(g.L) * g.t * (1.0 - g.t));
  const double tv = g.tv.empty() ? 1.0 : tv_distance();
  char line[256];
  std::snprintf(line, sizeof line, tr("Binomial(L, t):  mean L·t = %.3f    σ = √(L·t·(1 − t)) = %.3f"), mean, sd);
  widgets::text_in_parts(line);
  std::snprintf(line, sizeof line, tr("N = %s sequences simulated    TV = ½ Σ_k |P(k) − n_k/N| = %.4f"),
                widgets::group_digits(g.n).c_str(), tv);
  widgets::text_in_parts(line);

  auto [lo, hi] = shown_range(mean, sd);
  std::vector<double> bars(g.pmf.begin() + lo, g.pmf.begin() + hi + 1), sim(size_t(hi - lo + 1));
  for (int k = lo; k <= hi; ++k) sim[size_t(k - lo)] = g.n ? double(g.hist[size_t(k)]) / double(g.n) : 0.0;
  widgets::BarChart chart;
  chart.id = "##pmf";
  const float plot_h = std::max(8 * fs, ImGui::GetContentRegionAvail().y * 0.55f - 2 * fs);  // leaves the TV plot room at UI scale 1.5
  chart.size = ImVec2(0, plot_h);
  chart.first = lo;
  chart.bars = bars;
  chart.overlay = sim;
  chart.markers = {{mean, "L·t", false}, {mean - sd, "−σ", true}, {mean + sd, "+σ", true}};
  const int h = widgets::bar_chart(chart);
  if (h >= 0) {
    const int k = lo + h;
    ImGui::SetTooltip(tr("k = %d masked of %d\nexact  P(k) = C(%d, %d)·t^%d·(1 − t)^%d = %.6g\nsimulated  n_k/N = %s / %s = %.6g"),
                      k, g.L, g.L, k, k, g.L - k, g.pmf[size_t(k)], widgets::group_digits(g.hist[size_t(k)]).c_str(),
                      widgets::group_digits(g.n).c_str(), sim[size_t(h)]);
  }
  widgets::export_buttons(s, "mask-counts", counts_table);
  // The key, after the buttons when it fits on their line (else on the next lines).
  char exact[64], simulated[64];
  std::snprintf(exact, sizeof exact, tr("■ exact Binomial(%d, %.3f)"), g.L, double(g.t));
  std::snprintf(simulated, sizeof simulated, tr("■ simulated n_k/N, N = %s"), widgets::group_digits(g.n).c_str());
  for (const auto& [text, col] : {std::pair{exact, widgets::colors::exact}, std::pair{simulated, widgets::colors::simulated}}) {
    widgets::same_line_if_fits(ImGui::CalcTextSize(text).x);
    ImGui::TextColored(ImColor(col), "%s", text);
  }
  if (lo > 0 || hi < g.L) {
    double outside = 0;
    for (int k = 0; k <= g.L; ++k)
      if (k < lo || k > hi) outside += g.pmf[size_t(k)];
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(tr("Showing k = %d … %d (mean ± 5σ) of 0 … %d; the bars left out hold %.1e of the probability."),
                       lo, hi, g.L, outside);
    ImGui::PopStyleColor();
  }

  ImGui::TextWrapped("%s", tr("TV distance against N (log–log): it shrinks like 1/√N when the sampler is right."));
  widgets::LinePlot tvp;
  tvp.id = "##tv";
  tvp.size = ImVec2(0, std::max(6 * fs, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() - 0.2f * fs));
  tvp.log_x = tvp.log_y = true;
  tvp.steady = true;  // a new point moves the axes only now and then
  tvp.series = {{g.tv_n, g.tv, widgets::colors::simulated, tr("TV(simulated, exact)"), false},
                {g.tv_n, g.tv_expected, widgets::colors::exact, tr("expected ≈ c/√N"), false}};
  widgets::line_plot(tvp);
  widgets::export_buttons(s, "tv-distance", tv_table);
  ImGui::End();
}

void file_counts_csv(AppState& s) { widgets::export_csv(s, "mask-counts", counts_table()); }
void file_counts_png(AppState& s) { widgets::export_plot_png(s, "mask-counts"); }
void file_tv_csv(AppState& s) { widgets::export_csv(s, "tv-distance", tv_table()); }
void file_tv_png(AppState& s) { widgets::export_plot_png(s, "tv-distance"); }

RegisterFileAction file_entries[] = {
    RegisterFileAction{{tr_noop("Export mask counts, exact and simulated (CSV)"), file_counts_csv, kId}},
    RegisterFileAction{{tr_noop("Export mask count bars (PNG)"), file_counts_png, kId}},
    RegisterFileAction{{tr_noop("Export TV distance against N (CSV)"), file_tv_csv, kId}},
    RegisterFileAction{{tr_noop("Export TV distance plot (PNG)"), file_tv_png, kId}}};

RegisterPanel reg{{kId, kTitle, 20, true, {0.5f, 0.0f, 0.5f, 1.0f}, draw}};
RegisterParams params{kId, {
    Param::integer("L", &g.L, 1, kMaxL, "tokens per sequence"),
    Param::real("t", &g.t, 0, 1, "masking probability of each token"),
    Param::flag("running", &g.running, "simulate sequences (false: paused)"),
    Param::choice("max_n", &g.max_n_index, {"10000", "100000", "1000000", "10000000"}, "sequences simulated at most")}};

}  // namespace

}  // namespace llada::app
