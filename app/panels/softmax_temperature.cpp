// Panel "Softmax & temperature": one probe position's logits z, the distribution softmax(z / T) as
// bars (the 20 most likely tokens and an "everything else" bar), a log-scale temperature slider, the
// entropy H and the "effective number of choices" exp(H), top-k and top-p cut-offs shaded, greedy
// marked, and "sample 100 / 1000 times" drawing the empirical histogram over the exact bars.
//
// Until the trainer publishes snapshots, the logits come from two built-in probes: a hand-written next
// word after "Hà Nội là thủ đô của" over a small vocabulary, and an untrained model's near-uniform
// logits over GPT-2's 50 257 tokens (H ≈ ln V = 10.82, as in the seeds).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "app/panels/panel.hpp"
#include "app/widgets/line_plot.hpp"
#include "core/math/philox.hpp"
#include "core/math/sampling.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "softmax";
constexpr const char* kTitle = "Softmax & temperature";
constexpr int kTop = 20;                 // bars shown one by one; the rest is one "everything else" bar
constexpr double kDrawBudget = 2e6;      // probabilities scanned per frame while sampling (frame stays fast)

struct Probe {
  std::string name;
  std::vector<std::string> tokens;  // (V)
  std::vector<float> logits;        // (V)
};

// Probe 0: the next word after "Hà Nội là thủ đô của", a made-up but plausible ranking, plus a long tail
// of 2 000 unlikely tokens so that "everything else" matters at high temperature.
Probe example_probe() {
  Probe p{"next word after \"Hà Nội là thủ đô của …\" (example logits)", {}, {}};
  const std::pair<const char*, float> head[] = {
      {"Việt", 6.0f}, {"nước", 4.2f}, {"Vietnam", 2.6f}, {"cả", 2.0f}, {"đất", 1.8f}, {"Đông", 1.2f},
      {"miền", 1.0f}, {"dân", 0.8f}, {"Bắc", 0.7f}, {"Pháp", 0.3f}, {"Lào", 0.0f}, {"tỉnh", -0.2f},
      {"châu", -0.4f}, {"Hà", -0.5f}, {"thành", -0.7f}, {"Nam", -0.8f}, {"Trung", -1.0f}, {"thế", -1.2f},
      {"văn", -1.4f}, {"Thái", -1.5f}, {"người", -1.7f}, {"Nhật", -1.9f}, {"quốc", -2.0f}, {"tôi", -2.2f}};
  for (auto& [w, z] : head) p.tokens.push_back(w), p.logits.push_back(z);
  for (int i = 0; i < 2000; ++i) {
    p.tokens.push_back("token #" + std::to_string(i + 1));
    p.logits.push_back(-4.5f + 0.8f * normal(99, stream::init, std::uint64_t(i)));
  }
  return p;
}

// Probe 1: an untrained model: logits ~ N(0, 0.02²) over V = 50 257, so softmax is almost uniform.
Probe untrained_probe() {
  Probe p{"untrained model, V = 50 257 (logits ~ N(0, 0.02²))", {}, {}};
  const int V = 50257;
  p.tokens.reserve(V), p.logits.reserve(V);
  for (int i = 0; i < V; ++i) {
    p.tokens.push_back("id " + std::to_string(i));
    p.logits.push_back(0.02f * normal(7, stream::init, std::uint64_t(i)));
  }
  return p;
}

struct SoftmaxState {
  int probe_index = 0;
  std::vector<Probe> probes;
  float T = 1.0f;
  int top_k = 0;           // 0: off
  float top_p = 1.0f;      // 1: off
  // Derived for (probe, T, k, p); recomputed when any changes.
  int key_probe = -1;
  float key_T = -1, key_p = -1;
  int key_k = -1;
  std::vector<int> order;            // token ids by logit, descending (the same order at every T > 0)
  std::vector<float> probs, kept;    // softmax(z/T), and after top-k/top-p (renormalised)
  double H = 0, H_kept = 0;
  std::string error;
  // H(T) over the slider's range, for the small plot (depends on the probe only).
  int curve_probe = -1;
  std::vector<double> curve_T, curve_H;
  // Samples drawn from `kept`.
  std::vector<std::int64_t> counts;
  std::int64_t n = 0, pending = 0;
  std::uint64_t next_draw = 0;
};
SoftmaxState g;

void recompute() {
  const Probe& pr = g.probes[size_t(g.probe_index)];
  const size_t V = pr.logits.size();
  g.key_probe = g.probe_index, g.key_T = g.T, g.key_k = g.top_k, g.key_p = g.top_p;
  g.error.clear();
  g.order.resize(V);
  std::iota(g.order.begin(), g.order.end(), 0);
  std::stable_sort(g.order.begin(), g.order.end(), [&](int a, int b) { return pr.logits[size_t(a)] > pr.logits[size_t(b)]; });
  g.probs.assign(V, 0), g.kept.assign(V, 0);
  auto fail_with = [&](const Error& e) { g.error = e.to_string(); };
  if (auto r = softmax(pr.logits, g.T, g.probs); !r) return fail_with(r.error());
  g.kept = g.probs;
  if (g.top_k > 0)
    if (auto r = top_k_filter(g.kept, g.top_k); !r) return fail_with(r.error());
  if (g.top_p < 1.0f)
    if (auto r = top_p_filter(g.kept, g.top_p); !r) return fail_with(r.error());
  auto h = entropy(g.probs), hk = entropy(g.kept);
  g.H = h ? *h : 0, g.H_kept = hk ? *hk : 0;
  // A new distribution: samples of the old one no longer describe it.
  g.counts.assign(V, 0);
  g.n = 0, g.pending = 0;
}

void compute_curve() {
  const Probe& pr = g.probes[size_t(g.probe_index)];
  g.curve_probe = g.probe_index;
  g.curve_T.clear(), g.curve_H.clear();
  std::vector<float> p(pr.logits.size());
  for (int i = 0; i <= 40; ++i) {
    const float T = 0.05f * std::pow(100.0f, float(i) / 40);  // 0.05 … 5, log-spaced
    if (!softmax(pr.logits, T, p)) continue;
    if (auto h = entropy(p)) g.curve_T.push_back(T), g.curve_H.push_back(*h);
  }
}

void draw_some_samples() {
  if (g.pending <= 0 || !g.error.empty()) return;
  const std::int64_t batch = std::max<std::int64_t>(1, std::int64_t(kDrawBudget / double(g.kept.size())));
  for (std::int64_t i = 0; i < batch && g.pending > 0; ++i, --g.pending) {
    const float u = uniform01(4242, stream::sampling, g.next_draw++);
    auto k = sample_from_uniform(g.kept, u);
    if (!k) {
      g.error = k.error().to_string();
      return;
    }
    ++g.counts[size_t(*k)];
    ++g.n;
  }
}

// One row: token, bar (exact probability; the sampled share as a thin orange bar over it), value.
void bar_row(const char* label, double p_exact, double p_kept, double sampled, bool cut, bool greedy, float bar_w,
             double p_max) {
  ImGui::TableNextRow();
  if (cut) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(90, 40, 40, 110));
  ImGui::TableNextColumn();
  // A selectable spanning the row gives the row its hover highlight and tooltip.
  if (cut) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::Selectable(label, false, ImGuiSelectableFlags_SpanAllColumns);
  if (cut) ImGui::PopStyleColor();
  const bool hovered = ImGui::IsItemHovered();
  if (greedy) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "◀ greedy");
  }
  ImGui::TableNextColumn();
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double shown = cut ? p_exact : p_kept;
  const float w = float(std::clamp(shown / p_max, 0.0, 1.0)) * bar_w;
  dl->AddRectFilled(ImVec2(a.x, a.y + 0.1f * h), ImVec2(a.x + std::max(w, 1.0f), a.y + 0.9f * h),
                    cut ? widgets::colors::masked : widgets::colors::exact, 2.0f);
  if (sampled > 0) {
    const float ws = float(std::clamp(sampled / p_max, 0.0, 1.0)) * bar_w;
    dl->AddRectFilled(ImVec2(a.x, a.y + 0.38f * h), ImVec2(a.x + std::max(ws, 1.0f), a.y + 0.62f * h),
                      widgets::colors::simulated);
  }
  ImGui::Dummy(ImVec2(bar_w, h));
  ImGui::TableNextColumn();
  if (cut) ImGui::TextDisabled("cut (%.4f)", p_exact);
  else ImGui::Text("%.4f", p_kept);
  if (hovered)
    ImGui::SetTooltip("%s\nsoftmax(z/T) = %.6g\nsampled from (after top-k/top-p) = %.6g%s\nsampled share = %.6g",
                      label, p_exact, p_kept, cut ? "  (cut off)" : "", sampled);
}

void draw(AppState& s) {
  if (!ImGui::Begin(kTitle, s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  if (g.probes.empty()) {
    g.probes.push_back(example_probe());
    g.probes.push_back(untrained_probe());
    g.T = float(s.settings.get_number("softmax.T", 1.0, 0.05, 5.0));
    g.top_k = int(s.settings.get_number("softmax.top_k", 0, 0, 100));
    g.top_p = float(s.settings.get_number("softmax.top_p", 1.0, 0.05, 1.0));
    recompute();
    g.pending = 1000;  // open with a histogram already growing over the bars
  }
  const float fs = ImGui::GetFontSize();
  const Probe& pr = g.probes[size_t(g.probe_index)];
  const int V = int(pr.logits.size());
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##probe", pr.name.c_str())) {
    for (int i = 0; i < int(g.probes.size()); ++i)
      if (ImGui::Selectable(g.probes[size_t(i)].name.c_str(), i == g.probe_index)) g.probe_index = i;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(14 * fs);
  if (ImGui::SliderFloat("temperature T", &g.T, 0.05f, 5.0f, "%.3f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    s.settings.set_number("softmax.T", g.T);
  ImGui::SameLine();
  if (ImGui::SmallButton("T = 1")) g.T = 1.0f, s.settings.set_number("softmax.T", 1.0);
  ImGui::SetNextItemWidth(10 * fs);
  if (ImGui::SliderInt("top-k (0 = off)", &g.top_k, 0, std::min(V, 100), "%d", ImGuiSliderFlags_AlwaysClamp))
    s.settings.set_number("softmax.top_k", g.top_k);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(10 * fs);
  if (ImGui::SliderFloat("top-p (1 = off)", &g.top_p, 0.05f, 1.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp))
    s.settings.set_number("softmax.top_p", g.top_p);

  if (g.key_probe != g.probe_index || g.key_T != g.T || g.key_k != g.top_k || g.key_p != g.top_p) recompute();
  if (g.curve_probe != g.probe_index) compute_curve();
  if (ImGui::Button("Sample 100")) g.pending += 100;
  ImGui::SameLine();
  if (ImGui::Button("Sample 1000")) g.pending += 1000;
  ImGui::SameLine();
  if (ImGui::Button("Clear samples")) std::fill(g.counts.begin(), g.counts.end(), 0), g.n = 0, g.pending = 0;
  draw_some_samples();
  ImGui::SameLine();
  ImGui::Text("N = %lld samples%s", (long long)g.n, g.pending > 0 ? " …" : "");
  if (!g.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", g.error.c_str());
    ImGui::End();
    return;
  }

  ImGui::TextWrapped("p_i = exp(z_i / T) / Σ_j exp(z_j / T)     H = −Σ p_i ln p_i = %.3f nats     "
                     "effective choices exp(H) = %.1f of V = %d", g.H, std::exp(g.H), V);
  if (g.top_k > 0 || g.top_p < 1.0f)
    ImGui::TextWrapped("After top-k/top-p (renormalised): H = %.3f, exp(H) = %.1f", g.H_kept, std::exp(g.H_kept));

  // The rows: top kTop tokens by logit, then everything else.
  const int shown = std::min(kTop, V);
  double rest_exact = 0, rest_kept = 0, rest_sampled = 0, p_max = 0;
  int rest_cut = 0;
  for (int r = 0; r < V; ++r) {
    const size_t id = size_t(g.order[size_t(r)]);
    p_max = std::max({p_max, double(g.probs[id]), double(g.kept[id])});
    if (r < shown) continue;
    rest_exact += g.probs[id], rest_kept += g.kept[id], rest_cut += g.kept[id] == 0 && g.probs[id] > 0;
    rest_sampled += g.n ? double(g.counts[id]) / double(g.n) : 0.0;
  }
  p_max = std::max({p_max, rest_exact, rest_kept});
  const float plot_h = 9 * fs;
  if (ImGui::BeginTable("##rows", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                        ImVec2(0, std::max(6 * fs, ImGui::GetContentRegionAvail().y - plot_h - 2 * fs)))) {
    ImGui::TableSetupColumn("token", ImGuiTableColumnFlags_WidthFixed, 11 * fs);
    ImGui::TableSetupColumn("p", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, 7 * fs);
    const float bar_w = std::max(2 * fs, ImGui::GetContentRegionAvail().x - 20 * fs);
    for (int r = 0; r < shown; ++r) {
      const size_t id = size_t(g.order[size_t(r)]);
      const bool cut = g.kept[id] == 0 && g.probs[id] > 0;
      bar_row(pr.tokens[id].c_str(), g.probs[id], g.kept[id], g.n ? double(g.counts[id]) / double(g.n) : 0.0, cut,
              r == 0, bar_w, p_max);
    }
    if (V > shown) {
      char label[64];
      std::snprintf(label, sizeof label, "everything else (%d)", V - shown);
      bar_row(label, rest_exact, rest_kept, rest_sampled, rest_kept == 0 && rest_exact > 0, false, bar_w, p_max);
    }
    ImGui::EndTable();
  }
  if (V > shown && rest_cut > 0) ImGui::TextDisabled("%d of the other tokens are cut off by top-k/top-p.", rest_cut);

  // Entropy against temperature: low T → one choice (H → 0), high T → all of them (H → ln V).
  std::vector<double> tx{g.T, g.T}, ty{0.0, std::log(double(V))};
  std::vector<double> lx{0.05, 5.0}, ly{std::log(double(V)), std::log(double(V))};
  widgets::LinePlot p;
  p.id = "##entropy";
  p.size = ImVec2(0, std::max(5 * fs, ImGui::GetContentRegionAvail().y));
  p.log_x = true;
  p.x_lo = 0.05, p.x_hi = 5, p.y_lo = 0, p.y_hi = std::log(double(V)) * 1.08;
  p.legend_left = true;
  p.series = {{g.curve_T, g.curve_H, widgets::colors::exact, "entropy H(T) in nats"},
              {lx, ly, widgets::colors::masked, "ln V (uniform)"},
              {tx, ty, widgets::colors::marker, "T now"}};
  widgets::line_plot(p);
  ImGui::End();
}

RegisterPanel reg{{kId, kTitle, 50, false, {0.25f, 0.05f, 0.5f, 0.9f}, draw}};

}  // namespace

}  // namespace llada::app
