// Panel "Softmax & temperature": one probe position's logits z, the distribution softmax(z / T) as
// bars (the 20 largest logits and an "everything else" bar), a log-scale temperature slider, the
// entropy H and the "effective number of choices" exp(H), top-k and top-p cut-offs shaded, greedy
// marked, and "sample 100 / 1000 times" drawing the empirical histogram over the exact bars.
//
// The logits come from the live trainers ("GPT (live)", "LLaDA (live)": the row of the trainer's probe
// position in its latest snapshot) or from two built-in probes: a hand-written next word after "Hà Nội
// là thủ đô của" over a small vocabulary, and an untrained model's near-uniform logits over GPT-2's
// 50 257 tokens (H ≈ ln V = 10.82, as in the seeds).
//
// Speed at V = 100 277: everything over V (softmax, filters, partial sort for the bars, the sampling
// CDF) is computed when the logits, T, k or p change, never per frame; while T alone moves (a dragged
// slider) only one vectorised pass of exponentials (retemper; the CDF when a sample is drawn). A
// training model's new logits are taken at most 4 times a second. The entropy curve (41 softmaxes over V: tens of milliseconds)
// is computed on a worker thread, a training model's at most once a second.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/panels/softmax_probes.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/background_job.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/markdown.hpp"
#include "core/math/philox.hpp"
#include "core/math/softmax_dist.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "softmax";
constexpr const char* kTitle = tr_noop("Softmax & temperature");
constexpr const char* kExport = "softmax-bars";
constexpr int kTop = 20;                // bars shown one by one; the rest is one "everything else" bar
constexpr int kDrawsPerFrame = 100;     // the histogram grows visibly: 1000 samples over 10 frames
constexpr double kLiveEvery = 0.25;     // s between two adopted rows of a training model
constexpr double kCurveEvery = 1.0;     // s between two entropy curves of a training model
constexpr double kTlo = 0.05, kThi = 5.0;

struct SoftmaxState {
  bool loaded = false;
  int choice = -1;  // a ProbeSource; -1: not chosen yet (a live model when one exists, else the example)
  std::vector<BuiltinProbe> builtins;  // made on first use
  float T = 1.0f;
  int top_k = 0;       // 0: off
  float top_p = 1.0f;  // 1: off
  bool hold = false;   // live: keep the logits shown, stop following the trainer
  // The logits shown: a built-in probe's, or a live snapshot's (which owns its row).
  int shown = -1;
  uint64_t version = 0;  // +1 whenever the logits shown change
  LiveProbe live;
  double adopted_at = -1e9;
  // Derived from (version, T, k, p).
  uint64_t key_version = 0;
  float key_T = -1, key_p = -1;
  int key_k = -1;
  SoftmaxDist d;
  TargetInfo target;
  uint64_t curve_version = 0;  // the logits the curve (or the job computing it) belongs to
  int curve_source = -1;
  double curve_at = -1e9;
  EntropyCurve curve;
  widgets::BackgroundJob<EntropyCurve> curve_job;
  // Samples drawn from d.kept.
  std::vector<std::int64_t> counts;
  std::int64_t n = 0, pending = 0;
  std::uint64_t next_draw = 0;
  std::string cleared;  // why samples were just thrown away (shown until the next draw)
  std::string why;      // why the logits changed last (for `cleared`)
  // Samples to draw once the logits hold still: 1000 when the panel opens, and as many as were cleared
  // when the logits changed (a training model's change 4 times a second: drawing then would be noise).
  std::int64_t redraw = 1000;
};
SoftmaxState g;

std::span<const float> logits_shown() {
  if (g.shown == kGptLive || g.shown == kLladaLive) return g.live.logits();
  if (g.shown >= 0 && g.shown < int(g.builtins.size())) return g.builtins[size_t(g.shown)].logits;
  return {};
}

// The token for a CSV cell: its bytes in display form (unambiguous, escapes invalid UTF-8), or the name.
std::string token_text(int id) {
  if (g.shown == kGptLive || g.shown == kLladaLive) return g.live.text(id);
  const BuiltinProbe& b = g.builtins[size_t(g.shown)];
  return id >= 0 && size_t(id) < b.tokens.size() ? b.tokens[size_t(id)] : "#" + std::to_string(id);
}

std::string label_of(int id) {
  if (g.shown == kGptLive || g.shown == kLladaLive) return g.live.label(id);
  const BuiltinProbe& b = g.builtins[size_t(g.shown)];
  return id >= 0 && size_t(id) < b.tokens.size() ? b.tokens[size_t(id)] : "#" + std::to_string(id);
}

bool live_training() {
  return (g.shown == kGptLive || g.shown == kLladaLive) && g.live.snap->status == train::TrainerStatus::Running;
}

void clear_samples(const char* why) {
  if (g.n > 0) {  // with no sample drawn the counts are all 0 already (V of them: not cleared per frame)
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("%lld samples cleared: %s"), (long long)g.n, why);
    g.cleared = buf;
    std::fill(g.counts.begin(), g.counts.end(), 0);
  }
  g.n = 0, g.pending = 0;
}

void recompute() {
  const bool new_logits = g.key_version != g.version;
  const bool new_T = g.key_T != g.T;
  // Only T moved, top-k and top-p off before and after: retemper, a tenth of the time (a dragged slider).
  const bool only_T = !new_logits && g.key_k == 0 && g.key_p == 1.0f && g.top_k == 0 && g.top_p == 1.0f &&
                      g.d.error.empty() && !g.d.probs.empty();
  g.key_version = g.version, g.key_T = g.T, g.key_k = g.top_k, g.key_p = g.top_p;
  const std::span<const float> z = logits_shown();
  if (only_T) {
    retemper(g.d, z, g.T);
    // The true token's rank is by logit (T does not move it); its probability does.
    if (g.target.token >= 0 && size_t(g.target.token) < g.d.probs.size()) g.target.p = g.d.probs[size_t(g.target.token)];
  } else {
    g.d = softmax_dist(z, g.T, g.top_k, g.top_p, kTop);
    g.target = g.shown >= kGptLive ? target_info(g.live, z, g.d) : TargetInfo{};
  }
  // A new distribution: samples of the old one no longer describe it.
  const std::int64_t had = g.n + g.pending;
  clear_samples(new_logits ? g.why.c_str() : new_T ? tr("the temperature changed") : tr("top-k / top-p changed"));
  if (g.counts.size() != z.size()) g.counts.assign(z.size(), 0);
  if (new_logits) g.redraw = std::max(g.redraw, had);
}

void draw_some_samples() {
  if (g.redraw > 0 && !live_training()) g.pending += g.redraw, g.redraw = 0;
  if (g.pending <= 0 || !g.d.error.empty()) return;
  ensure_cdf(g.d);
  if (g.d.cdf.empty()) return;
  g.cleared.clear();
  for (int i = 0; i < kDrawsPerFrame && g.pending > 0; ++i, --g.pending) {
    ++g.counts[size_t(draw_token(g.d, uniform01(4242, stream::sampling, g.next_draw++)))];
    ++g.n;
  }
}

double sampled_share(int id) { return g.n ? double(g.counts[size_t(id)]) / double(g.n) : 0.0; }
double rest_sampled() {
  if (!g.n) return 0.0;
  std::int64_t top = 0;
  for (int id : g.d.top) top += g.counts[size_t(id)];
  return double(g.n - top) / double(g.n);
}

// One row: token, logit, bar (exact probability; the sampled share as a thin orange bar over it), value.
struct Row {
  std::string label;
  double logit = NAN, p_exact = 0, p_kept = 0, sampled = 0;
  bool cut = false, greedy = false, truth = false;
};

// The bars' scale: the largest single-token value, so the tokens' bars stay readable when "everything
// else" holds most of the mass (its bar is then drawn broken at full width, its value written).
double bar_scale(const std::vector<Row>& rs) {
  double m = 1e-12;
  for (const Row& r : rs)
    if (!std::isnan(r.logit)) m = std::max({m, r.p_exact, r.p_kept, r.sampled});
  return m;
}

void bar_row(int index, const Row& r, double scale) {
  ImGui::TableNextRow();
  if (r.cut) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(90, 40, 40, 110));
  ImGui::TableNextColumn();
  ImGui::PushID(index);
  // A selectable spanning the row gives the row its hover highlight and tooltip.
  if (r.cut) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::Selectable(r.label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
  if (r.cut) ImGui::PopStyleColor();
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  // The marks in words when the column has room for them, else their sign alone (◀ / ◆).
  auto mark = [](const char* text, ImVec4 color) {
    ImGui::SameLine();
    const bool room = ImGui::CalcTextSize(text).x <= ImGui::GetContentRegionAvail().x;
    const char* end = room ? nullptr : text + std::min(std::strlen(text), std::strcspn(text, " "));
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text, end);
    ImGui::PopStyleColor();
  };
  if (r.greedy) mark(tr("◀ greedy"), ImVec4(1, 0.85f, 0.3f, 1));
  if (r.truth) mark(tr("◆ true"), ImVec4(0.45f, 0.9f, 0.5f, 1));
  ImGui::TableNextColumn();
  if (std::isnan(r.logit)) ImGui::TextDisabled("—");
  else ImGui::Text("%.3f", r.logit);
  ImGui::TableNextColumn();
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight(), bar_w = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double shown = r.cut ? r.p_exact : r.p_kept;
  const float w = float(std::clamp(shown / scale, 0.0, 1.0)) * bar_w;
  dl->AddRectFilled(ImVec2(a.x, a.y + 0.1f * h), ImVec2(a.x + std::max(w, 1.0f), a.y + 0.9f * h),
                    r.cut ? widgets::colors::masked : widgets::colors::exact, 2.0f);
  if (shown > scale) {  // broken bar: two slanted cuts near its end
    for (float x : {bar_w - 0.9f * h, bar_w - 0.6f * h})
      dl->AddLine(ImVec2(a.x + x, a.y + h), ImVec2(a.x + x + 0.25f * h, a.y), IM_COL32(20, 20, 24, 255), 2.0f);
  }
  if (r.sampled > 0) {
    const float ws = float(std::clamp(r.sampled / scale, 0.0, 1.0)) * bar_w;
    dl->AddRectFilled(ImVec2(a.x, a.y + 0.38f * h), ImVec2(a.x + std::max(ws, 1.0f), a.y + 0.62f * h),
                      widgets::colors::simulated);
  }
  ImGui::Dummy(ImVec2(bar_w, h));
  ImGui::TableNextColumn();
  // At V = 100 277 most probabilities are below 10⁻⁴: they need a mantissa, not "0.0000".
  const double v = r.cut ? r.p_exact : r.p_kept;
  char value[32];
  std::snprintf(value, sizeof value, v >= 1e-3 || v == 0 ? "%.4f" : "%.2e", v);
  if (r.cut) ImGui::TextDisabled(tr("cut (%s)"), value);
  else ImGui::TextUnformatted(value);
  if (hovered)
    ImGui::SetTooltip(tr("%s\nlogit z = %.6g\nsoftmax(z/T) = %.6g\nsampled from (after top-k/top-p) = %.6g%s\n"
                         "sampled share = %.6g (%lld samples)"),
                      r.label.c_str(), r.logit, r.p_exact, r.p_kept, r.cut ? tr("  (cut off)") : "", r.sampled,
                      (long long)g.n);
}

// The columns' widths from what they hold at the current font size, so that the bars keep at least a
// third of the table at any UI scale: the token column gives way first (its labels are clipped).
struct ColumnWidths {
  float token = 0, logit = 0, p = 0;
};

ColumnWidths column_widths(const std::vector<Row>& rs, float table_w) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float pad = 2 * style.CellPadding.x + style.ItemSpacing.x, scroll = style.ScrollbarSize;
  ColumnWidths c;
  c.token = ImGui::CalcTextSize(tr("token")).x;
  c.logit = std::max(ImGui::CalcTextSize("-00.000").x, ImGui::CalcTextSize("logit z").x);
  c.p = ImGui::CalcTextSize("0.0000").x;
  for (const Row& r : rs) {
    float w = ImGui::CalcTextSize(r.label.c_str()).x;
    if (r.greedy) w += style.ItemSpacing.x + ImGui::CalcTextSize(tr("◀ greedy")).x;
    if (r.truth) w += style.ItemSpacing.x + ImGui::CalcTextSize(tr("◆ true")).x;
    c.token = std::max(c.token, w);
    if (r.cut) {
      char value[48];
      std::snprintf(value, sizeof value, tr("cut (%s)"), "0.00e-00");
      c.p = std::max(c.p, ImGui::CalcTextSize(value).x);
    } else if (const double v = r.p_kept; v > 0 && v < 1e-3) {
      c.p = std::max(c.p, ImGui::CalcTextSize("0.00e-00").x);
    }
  }
  const float room = std::max(0.0f, table_w - scroll - 4 * pad), bars_min = room / 3;
  c.token = std::min(c.token, std::max(ImGui::GetFontSize() * 3, room - bars_min - c.logit - c.p));
  return c;
}

// The rows shown: the kTop largest logits, then "everything else" (when V > kTop).
std::vector<Row> rows() {
  std::vector<Row> out;
  const std::span<const float> z = logits_shown();
  for (size_t r = 0; r < g.d.top.size(); ++r) {
    const int id = g.d.top[r];
    const double pe = g.d.probs[size_t(id)], pk = g.d.kept[size_t(id)];
    out.push_back({label_of(id), double(z[size_t(id)]), pe, pk, sampled_share(id), pk == 0 && pe > 0, r == 0,
                   id == g.target.token});
  }
  if (z.size() > g.d.top.size()) {
    char label[64];
    std::snprintf(label, sizeof label, tr("everything else (%zu)"), z.size() - g.d.top.size());
    out.push_back({label, NAN, g.d.rest_exact, g.d.rest_kept, rest_sampled(), g.d.rest_kept == 0 && g.d.rest_exact > 0,
                   false, false});
  }
  return out;
}

widgets::Table bars_table() {
  std::vector<double> id, logit, pe, pk, freq;
  std::vector<std::string> token;
  const std::vector<Row> rs = rows();
  for (size_t r = 0; r < rs.size(); ++r) {
    // The "everything else" row has id −1 and no logit (an empty cell): it merges V − 20 tokens.
    const bool single = r < g.d.top.size();
    id.push_back(single ? double(g.d.top[r]) : -1.0);
    token.push_back(single ? token_text(g.d.top[r]) : rs[r].label);
    logit.push_back(rs[r].logit), pe.push_back(rs[r].p_exact), pk.push_back(rs[r].p_kept), freq.push_back(rs[r].sampled);
  }
  return widgets::Table{{"token_id", "token", "logit", "p_exact", "p_after_topk_topp", "sampled_frequency"},
                        {id, token, logit, pe, pk, freq}};
}

widgets::Table curve_table() {
  if (g.curve_source != g.shown) return widgets::Table{{"temperature", "entropy_nats", "exp_entropy"}, {{}, {}, {}}};
  std::vector<double> eh;
  for (double h : g.curve.H) eh.push_back(std::exp(h));
  return widgets::Table{{"temperature", "entropy_nats", "exp_entropy"}, {g.curve.T, g.curve.H, eh}};
}

// Chooses the logits to show this frame; false (with a message drawn) when a live source has none.
bool choose_logits(AppState& s, LabSession& lab, int source) {
  if (source == kExample || source == kUntrained) {
    if (g.shown != source) g.shown = source, g.version++, g.why = tr("another probe");
    return true;
  }
  TrainerSlot& slot = lab.slot(source == kGptLive ? SlotId::Gpt : SlotId::Llada);
  auto snap = slot.snapshot();
  if (!snap || !slot.tokenizer() || !snap->probe_logits) {
    draw_no_live_model(slot, snap != nullptr);
    return false;
  }
  const bool switched = g.shown != source;
  const bool running = snap->status == train::TrainerStatus::Running;
  const bool fresh = switched || !g.live.snap || snap->probe_logits != g.live.snap->probe_logits;
  if (fresh && (switched || (!g.hold && (!running || s.now - g.adopted_at >= kLiveEvery)))) {
    char why[160];
    std::snprintf(why, sizeof why, tr("the model trained on, its logits changed (step %llu → %llu)"),
                  (unsigned long long)(g.live.snap ? g.live.snap->step : 0), (unsigned long long)snap->step);
    g.why = switched || !g.live.snap ? tr("another probe") : why;
    g.live = LiveProbe{snap, slot.tokenizer(), source == kLladaLive};
    g.shown = source, g.version++, g.adopted_at = s.now;
  }
  return true;
}

// The entropy curve depends on the logits only. A job is never replaced while it runs (that would
// make the frame wait for it): the next one starts when it is done.
void update_curve(AppState& s) {
  if (auto r = g.curve_job.take(); r && *r) g.curve = std::move(**r), g.curve_source = g.shown;
  if (g.curve_job.running() || g.curve_version == g.version || (live_training() && s.now - g.curve_at < kCurveEvery))
    return;
  const bool live = g.shown == kGptLive || g.shown == kLladaLive;
  const std::span<const float> z = logits_shown();
  auto owner = live ? g.live.snap->probe_logits : std::make_shared<const std::vector<float>>(z.begin(), z.end());
  g.curve_version = g.version, g.curve_at = s.now;
  g.curve_job.start([owner](widgets::BackgroundJob<EntropyCurve>::Control&) -> Result<EntropyCurve> {
    return entropy_curve(*owner, 41, kTlo, kThi);
  });
}

void draw_samples_line() {
  if (ImGui::Button(tr("Sample 100"))) g.pending += 100;
  ImGui::SameLine();
  if (ImGui::Button(tr("Sample 1000"))) g.pending += 1000;
  ImGui::SameLine();
  if (ImGui::Button(tr("Clear samples"))) clear_samples(""), g.cleared.clear(), g.redraw = 0;
  draw_some_samples();
  char n[96];
  std::snprintf(n, sizeof n, tr("N = %lld samples%s"), (long long)g.n, g.pending > 0 ? " …" : "");
  widgets::same_line_if_fits(ImGui::CalcTextSize(n).x);
  ImGui::TextUnformatted(n);
  if (!g.cleared.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%s%s)", g.cleared.c_str(),
                        g.redraw > 0 ? tr("; drawn again when training pauses, or tick hold to keep samples") : "");
  }
}

void draw_bars_and_curve(AppState& s, int V) {
  const float fs = ImGui::GetFontSize();
  char line[320];
  std::snprintf(line, sizeof line, tr("p_i = exp(z_i / T) / Σ_j exp(z_j / T)     H = −Σ p_i ln p_i = %.3f nats     "
                                      "effective choices exp(H) = %.1f of V = %d"), g.d.H, std::exp(g.d.H), V);
  widgets::text_in_parts(line);
  if (g.top_k > 0 || g.top_p < 1.0f)
    ImGui::TextWrapped(tr("After top-k/top-p (renormalised): H = %.3f, exp(H) = %.1f"), g.d.H_kept, std::exp(g.d.H_kept));

  const std::vector<Row> rs = rows();
  const float export_h = ImGui::GetFrameHeightWithSpacing();
  // Side by side when the panel is wide (the 21 bars need the height), else the curve under the bars.
  const bool wide = ImGui::GetContentRegionAvail().x > 55 * fs;
  const float bars_w = wide ? 0.6f * ImGui::GetContentRegionAvail().x : 0.0f;
  const float below = wide ? export_h : 9 * fs + export_h + (g.d.rest_cut > 0 ? ImGui::GetTextLineHeightWithSpacing() : 0);
  ImGui::BeginGroup();  // bars and curve: one picture for "Export PNG"
  ImGui::BeginGroup();
  if (ImGui::BeginTable("##rows", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                        ImVec2(bars_w, std::max(6 * fs, ImGui::GetContentRegionAvail().y - below -
                                                            (wide && g.d.rest_cut > 0 ? ImGui::GetTextLineHeightWithSpacing() : 0))))) {
    const ColumnWidths cw = column_widths(rs, wide ? bars_w : ImGui::GetContentRegionAvail().x);
    ImGui::TableSetupColumn(tr("token"), ImGuiTableColumnFlags_WidthFixed, cw.token);
    ImGui::TableSetupColumn("logit z", ImGuiTableColumnFlags_WidthFixed, cw.logit);
    ImGui::TableSetupColumn("softmax(z / T)", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("p", ImGuiTableColumnFlags_WidthFixed, cw.p);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    const double scale = bar_scale(rs);
    for (size_t r = 0; r < rs.size(); ++r) bar_row(int(r), rs[r], scale);
    ImGui::EndTable();
  }
  if (g.d.rest_cut > 0) ImGui::TextDisabled(tr("%d of the other tokens are cut off by top-k/top-p."), g.d.rest_cut);
  ImGui::EndGroup();
  if (wide) ImGui::SameLine();

  // Entropy against temperature: low T → one choice (H → 0), high T → all of them (H → ln V).
  std::vector<double> tx{g.T, g.T}, ty{0.0, std::log(double(V))};
  std::vector<double> lx{kTlo, kThi}, ly{std::log(double(V)), std::log(double(V))};
  std::vector<double> dot_T{g.T}, dot_H{g.d.H};
  widgets::LinePlot p;
  p.id = "##entropy";
  p.size = ImVec2(0, std::max(5 * fs, ImGui::GetContentRegionAvail().y - export_h));
  p.log_x = true;
  p.x_lo = kTlo, p.x_hi = kThi, p.y_lo = 0, p.y_hi = std::log(double(V)) * 1.08;
  p.x_label = tr("temperature T");
  p.legend_left = true;
  const bool curve_ok = g.curve_source == g.shown;  // another probe's curve is not shown while computing
  const std::span<const double> cT = curve_ok ? g.curve.T : std::span<const double>{},
                                cH = curve_ok ? g.curve.H : std::span<const double>{};
  p.series = {{cT, cH, widgets::colors::exact, curve_ok ? tr("entropy H(T) in nats") : tr("entropy H(T): computing…")},
              {lx, ly, widgets::colors::masked, tr("ln V (uniform)")},
              {tx, ty, widgets::colors::marker, tr("T now")},
              {dot_T, dot_H, widgets::colors::simulated, tr("H now"), true}};
  widgets::line_plot(p);
  ImGui::EndGroup();
  widgets::export_buttons(s, kExport, bars_table);
  widgets::same_line_if_fits(ImGui::CalcTextSize(tr("Export H(T) CSV")).x + 2 * ImGui::GetStyle().FramePadding.x);
  if (ImGui::SmallButton(tr("Export H(T) CSV"))) widgets::export_csv(s, "entropy-vs-temperature", curve_table());
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  if (!g.loaded) {
    g.loaded = true;
    g.builtins.push_back(example_probe());
    g.builtins.push_back(untrained_probe());
  }
  LabSession& lab = lab_session(s);
  const int source = g.choice >= 0 ? g.choice
                     : lab.gpt.trainer()   ? int(kGptLive)
                     : lab.llada.trainer() ? int(kLladaLive)
                                           : int(kExample);
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(-FLT_MIN);
  const std::string current = source_name(source, g.builtins, lab) + (g.choice < 0 ? tr("   (automatic)") : "");
  if (ImGui::BeginCombo("##probe", current.c_str())) {
    for (int i = 0; i < kSources; ++i)
      if (ImGui::Selectable(source_name(i, g.builtins, lab).c_str(), i == source))
        g.choice = i;
    ImGui::EndCombo();
  }
  // The slider gives way (down to 6 font sizes) so that "T = 1" stays beside it at UI scale 2.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float t1_w = ImGui::CalcTextSize("T = 1").x + 2 * style.FramePadding.x;
  ImGui::SetNextItemWidth(std::clamp(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(tr("temperature T")).x -
                                         t1_w - style.ItemInnerSpacing.x - style.ItemSpacing.x, 6 * fs, 14 * fs));
  ImGui::SliderFloat(tr("temperature T"), &g.T, float(kTlo), float(kThi), "%.3f",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  widgets::same_line_if_fits(ImGui::CalcTextSize("T = 1").x + 2 * ImGui::GetStyle().FramePadding.x);
  if (ImGui::SmallButton("T = 1")) g.T = 1.0f;
  // Classroom mode folds away what a lesson step does not set (app/classroom.hpp).
  const bool show_k = !classroom_hides(s, kId, "top_k");
  if (show_k) {
    ImGui::SetNextItemWidth(10 * fs);
    ImGui::SliderInt(tr("top-k (0 = off)"), &g.top_k, 0, 100, "%d", ImGuiSliderFlags_AlwaysClamp);
  }
  if (!classroom_hides(s, kId, "top_p")) {
    if (show_k)  // beside top-k when it fits (a UI scale of 2 in a half-width panel puts it below)
      widgets::same_line_if_fits(10 * fs + style.ItemInnerSpacing.x + ImGui::CalcTextSize(tr("top-p (1 = off)")).x);
    ImGui::SetNextItemWidth(10 * fs);
    ImGui::SliderFloat(tr("top-p (1 = off)"), &g.top_p, 0.05f, 1.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  }

  if (!choose_logits(s, lab, source)) {
    ImGui::End();
    return;
  }
  const bool live = g.shown == kGptLive || g.shown == kLladaLive;
  if (live) {
    ImGui::Checkbox(tr("hold"), &g.hold);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Keep these logits (and the samples drawn from them) while the model trains on."));
    ImGui::SameLine();
    draw_live_title(g.live, g.target);
  }
  if (g.key_version != g.version || g.key_T != g.T || g.key_k != g.top_k || g.key_p != g.top_p) recompute();
  update_curve(s);
  draw_samples_line();
  if (!g.d.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_message(g.d.error).c_str());
    ImGui::End();
    return;
  }
  draw_bars_and_curve(s, int(logits_shown().size()));
  ImGui::End();
}

bool have_bars(AppState& s) {
  if (g.d.error.empty() && !g.d.top.empty()) return true;
  s.error(tr("no softmax bars to export\nHINT: open the Softmax & temperature panel (View menu) first"));
  return false;
}
void file_bars_csv(AppState& s) {
  if (have_bars(s)) widgets::export_csv(s, kExport, bars_table());
}
void file_curve_csv(AppState& s) {
  if (have_bars(s)) widgets::export_csv(s, "entropy-vs-temperature", curve_table());
}
void file_png(AppState& s) { widgets::export_plot_png(s, kExport); }

RegisterFileAction file_entries[] = {
    RegisterFileAction{{tr_noop("Export the bars: ids, logits, p, sampled (CSV)"), file_bars_csv, kId}},
    RegisterFileAction{{tr_noop("Export entropy vs temperature (CSV)"), file_curve_csv, kId}},
    RegisterFileAction{{tr_noop("Export the bars and the entropy plot (PNG)"), file_png, kId}}};
RegisterPanel reg{{kId, kTitle, 50, false, {0.25f, 0.05f, 0.5f, 0.9f}, draw}};
RegisterParams params{kId, {
    Param::choice("source", &g.choice, {"auto", "example", "untrained", "gpt_live", "llada_live"},
                  "whose logits are shown (auto: a live model when one exists, else the example)", -1),
    Param::real("T", &g.T, kTlo, kThi, "softmax temperature: p_i ∝ exp(z_i / T)"),
    Param::integer("top_k", &g.top_k, 0, 100, "keep the k most likely tokens (0: off)"),
    Param::real("top_p", &g.top_p, 0.05, 1.0, "keep the smallest set whose probability reaches p (1: off)")}};

}  // namespace

}  // namespace llada::app
