// Panel "Per-token loss": the trainer's probe sentence as the model is scored on it, live.
//
// LLaDA: the sentence masked at a chosen t (the trainer re-masks and re-scores it at that t; "resample"
// draws another mask at the same t). For each masked position the model's probability p of the true
// token and −log p, as a heat colour on the chip and as a bar; unmasked positions are grey (the model
// sees them; they cost nothing). Under it the seed's arithmetic, computed with core/math/llada_loss:
//     loss = (1/t) × Σ_masked −log p     e.g. "(1/0.4) × (0.357 + 0.105) = 1.155"
// and a comparison over a sweep of t with and without the 1/t weight.
// GPT: each position's next-token loss −log p(x_{i+1} | x_≤i) (no masks).
// Example: the notes' arithmetic on a sentence, t, masks and p's the reader types (loss_example.cpp).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/panels/loss_example.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/panels/train_view.hpp"
#include "app/widgets/bar_chart.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/token_chips.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/math/worked.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "per_token_loss";
constexpr const char* kTitle = tr_noop("Per-token loss");

struct PerTokenState {
  int slot = 1;            // 0 GPT, 1 LLaDA, 2 the typed example (kExample)
  float t = 0.5f;
  uint64_t mask_seed = 0;
  bool sweep = false;
};
PerTokenState g;
constexpr int kExample = 2;

std::string piece_of(const Tokenizer& tok, int32_t id) {
  return tok.has_token(id) ? widgets::token_label(tok.piece(id)) : "#" + std::to_string(id);
}

void sweep_plot(AppState& s, const LladaLoss& now, double t, int n) {
  // With the model's current average cost per masked token c̄ (from the probe), the expected number of
  // masks at t is n·t, so the expected loss is (1/t)·n·t·c̄ = n·c̄ with the weight (flat in t) and
  // n·t·c̄ without it (small t — few masks — would hardly count).
  const double cbar = now.masked_count ? now.sum_neg_log_p / now.masked_count : 0.0;
  std::vector<double> ts, with, without, masks;
  for (int i = 1; i <= 100; ++i) {
    const double tt = i / 100.0;
    ts.push_back(tt), with.push_back(n * cbar), without.push_back(n * tt * cbar), masks.push_back(n * tt);
  }
  std::vector<double> dot_t{t}, dot_with{now.sum_neg_log_p / t}, dot_without{now.sum_neg_log_p};
  ImGui::TextWrapped(tr("Expected probe loss against t, if every masked token costs the current average c̄ = %.3f: "
                        "with 1/t it is (1/t)·(n·t)·c̄ = n·c̄ = %.3f at every t; without it, n·t·c̄ grows with the "
                        "number of masks. Dots: this mask's actual loss."), cbar, n * cbar);
  widgets::LinePlot p;
  p.id = "##sweep";
  p.size = ImVec2(0, std::max(7 * ImGui::GetFontSize(), ImGui::GetContentRegionAvail().y - 1.5f * ImGui::GetFrameHeight()));
  p.x_lo = 0, p.x_hi = 1, p.y_lo = 0;
  p.y_hi = 1.15 * std::max({n * cbar, now.sum_neg_log_p / t, double(n), 1e-3});  // room above the flat line
  p.x_label = "t";
  p.y_label = tr("loss");
  p.legend_left = true;
  p.series = {{ts, with, widgets::colors::exact, tr("with 1/t: (1/t)·Σ −log p")},
              {ts, without, widgets::colors::simulated, tr("without: Σ −log p")},
              {ts, masks, widgets::colors::masked, tr("expected masks n·t")},
              {dot_t, dot_with, IM_COL32(160, 210, 255, 255), tr("this mask, with 1/t"), true},
              {dot_t, dot_without, IM_COL32(255, 220, 150, 255), tr("this mask, without"), true}};
  widgets::line_plot(p);
  auto table = [&] { return widgets::Table{{"t", "with_inverse_t", "without", "expected_masks"}, {ts, with, without, masks}}; };
  widgets::export_buttons(s, "loss-vs-t", table);
}

// The probe as a table, the same from the buttons and from the File menu. LLaDA: every position, the
// loss cells empty where the token is seen (no loss there). GPT: positions 2 … n, each predicted from
// the tokens before it.
widgets::Table probe_table(const train::Snapshot& snap, bool llada) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> pos, tok, m, p, nll;
  if (llada) {
    const size_t n = std::min({snap.probe_tokens.size(), snap.probe_losses.size(), snap.probe_masked.size()});
    for (size_t i = 0; i < n; ++i) {
      const bool mk = snap.probe_masked[i];
      pos.push_back(double(i + 1)), tok.push_back(snap.probe_tokens[i]), m.push_back(mk);
      p.push_back(mk ? std::exp(-double(snap.probe_losses[i])) : none), nll.push_back(mk ? snap.probe_losses[i] : none);
    }
    return widgets::Table{{"position", "token_id", "masked", "p_true", "neg_log_p"}, {pos, tok, m, p, nll}};
  }
  for (size_t i = 1; i < snap.probe_tokens.size() && i - 1 < snap.probe_losses.size(); ++i) {
    const double l = snap.probe_losses[i - 1];
    pos.push_back(double(i + 1)), tok.push_back(snap.probe_tokens[i]), p.push_back(std::exp(-l)), nll.push_back(l);
  }
  return widgets::Table{{"position", "token_id", "p_true", "neg_log_p"}, {pos, tok, p, nll}};
}

void draw_llada(AppState& s, TrainerSlot& slot, const train::Snapshot& snap) {
  train::Trainer* tr = slot.trainer();
  const Tokenizer& tok = *slot.tokenizer();
  const bool inverse = slot.config()->llada.inverse_t;
  const float fs = ImGui::GetFontSize();
  if (!classroom_hides(s, kId, "t")) {  // classroom mode folds away what a lesson step does not set
    ImGui::SetNextItemWidth(16 * fs);
    if (ImGui::SliderFloat("##t", &g.t, 0.01f, 1.0f, "t = %.2f", ImGuiSliderFlags_AlwaysClamp)) tr->set_probe_t(g.t);
    ImGui::SameLine();
  }
  if (std::abs(snap.probe_t - g.t) > 1e-6f && !ImGui::IsAnyItemActive()) tr->set_probe_t(g.t);  // a new trainer
  if (ImGui::Button(app::tr("Resample mask"))) tr->set_probe_mask_seed(++g.mask_seed);
  if (snap.probe_mask_seed != g.mask_seed) tr->set_probe_mask_seed(g.mask_seed);
  ImGui::SameLine();
  ImGui::TextDisabled(app::tr("step %llu · mask draw %llu"), (unsigned long long)snap.step, (unsigned long long)snap.probe_mask_seed);

  const size_t n = std::min({snap.probe_tokens.size(), snap.probe_losses.size(), snap.probe_masked.size()});
  std::vector<widgets::Chip> chips(n);
  std::vector<double> p_true(n, 1.0), bars(n, 0.0);
  std::vector<unsigned char> masked(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const std::string word = piece_of(tok, snap.probe_tokens[i]);
    masked[i] = snap.probe_masked[i];
    char buf[256];
    if (masked[i]) {
      const double nll = snap.probe_losses[i];
      p_true[i] = std::exp(-nll);
      bars[i] = nll;
      chips[i].text = word;
      chips[i].fill = widgets::loss_colour(nll);
      std::snprintf(buf, sizeof buf, "p %.2f · %.3f", p_true[i], nll);
      chips[i].below = buf;
      std::snprintf(buf, sizeof buf, app::tr("position %zu: [MASK], true token '%s'\np(true) = %.6g\n−log p = %.6g"), i + 1,
                    word.c_str(), p_true[i], nll);
      chips[i].tooltip = buf;
    } else {
      chips[i].text = word;
      chips[i].fill = IM_COL32(70, 70, 76, 255);
      chips[i].below = app::tr("seen");
      std::snprintf(buf, sizeof buf, app::tr("position %zu: '%s' is not masked: the model sees it, no loss"), i + 1, word.c_str());
      chips[i].tooltip = buf;
    }
  }
  ImGui::TextWrapped(app::tr("Masked at t = %.2f. Coloured chips are the [MASK]ed positions, showing the hidden true token "
                             "the model must guess (green: high p, red: low p); grey chips are seen:"), snap.probe_t);
  widgets::token_chips("##probe", chips);

  auto W = written_loss(p_true, masked, std::clamp(double(snap.probe_t), 1e-3, 1.0), inverse);
  if (!W) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_message(W.error().to_string()).c_str());
    return;
  }
  const LladaLoss* L = &W->loss;
  if (L->masked_count == 0) {
    ImGui::TextWrapped("%s", app::tr("No token is masked at this t: nothing to predict, loss 0. Raise t or resample."));
  } else {
    ImGui::TextWrapped(app::tr("loss = %s(Σ over %d masked: −log p) = %s"), inverse ? "(1/t) × " : "", L->masked_count,
                       W->one_line.c_str());
    ImGui::TextDisabled(app::tr("(one sequence, as the seed writes it; the training loss also divides by the length n = %zu "
                                "and averages over the batch)"), n);
  }
  widgets::BarChart bc;
  bc.id = "##nll";
  bc.first = 1;
  bc.bars = bars;
  bc.size = ImVec2(0, g.sweep ? 6 * fs : std::max(6 * fs, ImGui::GetContentRegionAvail().y - 3 * ImGui::GetFrameHeight()));
  const int hov = widgets::bar_chart(bc);
  if (hov >= 0 && size_t(hov) < n)
    ImGui::SetTooltip(app::tr("position %d: %s\n−log p = %.6g"), hov + 1, masked[size_t(hov)] ? app::tr("masked") : app::tr("seen (no loss)"), bars[size_t(hov)]);
  widgets::export_buttons(s, "per-token-loss", [&] { return probe_table(snap, true); });
  if (!classroom_hides(s, kId, "sweep")) {
    ImGui::SameLine();
    ImGui::Checkbox(app::tr("compare with and without 1/t over t"), &g.sweep);
  }
  if (g.sweep) sweep_plot(s, *L, std::clamp(double(snap.probe_t), 1e-3, 1.0), int(n));
}

void draw_gpt(AppState& s, TrainerSlot& slot, const train::Snapshot& snap) {
  const Tokenizer& tok = *slot.tokenizer();
  const float fs = ImGui::GetFontSize();
  const size_t n = snap.probe_tokens.size();
  std::vector<widgets::Chip> chips(n);
  std::vector<double> bars;
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string word = piece_of(tok, snap.probe_tokens[i]);
    chips[i].text = word;
    char buf[256];
    if (i == 0 || i - 1 >= snap.probe_losses.size()) {
      chips[i].fill = IM_COL32(70, 70, 76, 255);
      chips[i].below = tr("given");
      chips[i].tooltip = tr("the first token: nothing before it predicts it");
      continue;
    }
    const double nll = snap.probe_losses[i - 1];
    bars.push_back(nll);
    sum += nll;
    chips[i].fill = widgets::loss_colour(nll);
    std::snprintf(buf, sizeof buf, "p %.2f · %.3f", std::exp(-nll), nll);
    chips[i].below = buf;
    std::snprintf(buf, sizeof buf, tr("position %zu: '%s' predicted from the %zu tokens before it\np = %.6g\n−log p = %.6g"),
                  i + 1, word.c_str(), i, std::exp(-nll), nll);
    chips[i].tooltip = buf;
  }
  ImGui::TextWrapped(tr("Next-token prediction at step %llu: each token's −log p given the tokens before it (no masks)."),
                     (unsigned long long)snap.step);
  widgets::token_chips("##probe", chips);
  if (!bars.empty()) {
    std::string terms;
    char buf[32];
    for (size_t i = 0; i < bars.size(); ++i) std::snprintf(buf, sizeof buf, "%s%.3f", i ? " + " : "", bars[i]), terms += buf;
    ImGui::TextWrapped(tr("mean loss = (%s) / %zu = %.3f"), terms.c_str(), bars.size(), sum / double(bars.size()));
  }
  widgets::BarChart bc;
  bc.id = "##nll";
  bc.first = 2;
  bc.bars = bars;
  bc.size = ImVec2(0, std::max(6 * fs, ImGui::GetContentRegionAvail().y - 1.5f * ImGui::GetFrameHeight()));
  const int hov = widgets::bar_chart(bc);
  if (hov >= 0 && size_t(hov) < bars.size()) ImGui::SetTooltip(tr("position %d: −log p = %.6g"), hov + 2, bars[size_t(hov)]);
  widgets::export_buttons(s, "next-token-loss", [&] { return probe_table(snap, false); });
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LabSession& lab = lab_session(s);
  if (!classroom_hides(s, kId, "model")) {
    ImGui::RadioButton("LLaDA", &g.slot, 1);
    ImGui::SameLine();
    ImGui::RadioButton("GPT", &g.slot, 0);
    ImGui::SameLine();
    ImGui::RadioButton(tr("Example (typed)"), &g.slot, kExample);
  }
  if (g.slot == kExample) {
    draw_loss_example(s);
    ImGui::End();
    return;
  }
  TrainerSlot& slot = lab.slot(g.slot == 1 ? SlotId::Llada : SlotId::Gpt);
  auto snap = slot.snapshot();
  if (!snap || !slot.tokenizer()) {
    ImGui::TextWrapped(tr("No %s model yet: build one in the Training panel%s."), slot_name(slot.id()),
                       slot.building() ? tr(" (building now…)") : "");
    ImGui::End();
    return;
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", snap->model_description.c_str());
  if (g.slot == 1) draw_llada(s, slot, *snap);
  else draw_gpt(s, slot, *snap);
  ImGui::End();
}

// The probe's per-position losses of the slot shown (masked = 1 where the LLaDA probe is masked).
void file_probe_csv(AppState& s) {
  if (g.slot == kExample) return widgets::export_csv(s, "loss-example", loss_example_table());
  auto snap = lab_session(s).slot(g.slot == 1 ? SlotId::Llada : SlotId::Gpt).snapshot();
  if (!snap) return s.error(tr("no model to export the probe of\nHINT: build one in the Training panel"));
  widgets::export_csv(s, g.slot == 1 ? "per-token-loss" : "next-token-loss", probe_table(*snap, g.slot == 1));
}
void file_probe_png(AppState& s) { widgets::export_plot_png(s, g.slot == 1 ? "per-token-loss" : "next-token-loss"); }

RegisterFileAction file_csv{{tr_noop("Export per-token losses (CSV)"), file_probe_csv, kId}};
RegisterFileAction file_png{{tr_noop("Export per-token loss bars (PNG)"), file_probe_png, kId}};
RegisterPanel reg{{kId, kTitle, 70, false, {0.5f, 0.0f, 0.5f, 0.5f}, draw}};
std::vector<Param> all_params() {
  std::vector<Param> v;
  v.push_back(Param::choice("model", &g.slot, {"gpt", "llada", "example"},
                            "whose per-token losses are shown (example: the notes' arithmetic on numbers you type)"));
  v.push_back(Param::real("t", &g.t, 0.01, 1, "LLaDA: the probe's masking time t"));
  v.push_back(Param::flag("sweep", &g.sweep, "LLaDA: compare the loss with and without 1/t over t"));
  for (Param& p : loss_example_params()) v.push_back(std::move(p));
  return v;
}
RegisterParams params{kId, all_params()};

}  // namespace

}  // namespace llada::app
