// Panel "Training": set up a model (zero-layer GPT, GPT, LLaDA), a tokenizer and a corpus, build it on a
// worker, then start / pause / step / reset it and watch the train and validation losses, tokens/s,
// gradient norm and learning rate live. Checkpoints save and load through the trainer (a file that does
// not fit leaves the model as it was), divergence is shown with a way to continue at a lower rate.
// Keys (app/shortcuts.hpp): Space play/pause, S one step, R reset — for every built model at once.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/panels/bits_per_byte_job.hpp"
#include "app/panels/panel.hpp"
#include "app/panels/train_shapes.hpp"
#include "app/panels/train_view.hpp"
#include "app/params.hpp"
#include "app/shortcuts.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/data/corpus.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "training";
constexpr const char* kTitle = tr_noop("Training");

train::RunOptions initial_options() {
  train::RunOptions o;
  o.steps = 2000;
  o.eval_every = 25;
  return o;
}

struct TrainingState {
  train::RunOptions o = initial_options();
  int corpus_choice = 0;       // index into named corpora, or their count for "file"
  char path[512] = "";         // corpus file
  char ckpt[2][512] = {"gpt.ckpt", "llada.ckpt"};
  bool log_y = true;
  float live_lr[2] = {0, 0};
  BitsPerByteTracker bpb[2];  // GPT slot, LLaDA slot
};
TrainingState g;
RegisterRelease release_at_exit{[] { g.bpb[0].stop(), g.bpb[1].stop(); }};

const char* kModels[] = {"zero-layer", "gpt", "llada"};
const char* kModelTitles[] = {tr_noop("zero-layer GPT (Embedding → GELU → Linear)"), tr_noop("GPT (causal Transformer)"),
                              tr_noop("LLaDA (bidirectional Transformer, masked diffusion)")};
// The trainer's states (train::status_name, in core) as the panel shows them.
[[maybe_unused]] constexpr const char* kStatusNames[] = {tr_noop("paused"), tr_noop("running"), tr_noop("diverged"),
                                                         tr_noop("error"), tr_noop("stopped")};

// The corpus combo's entry for g.o.corpus: a named corpus, else "a text file…" with the path.
void choose_corpus() {
  const auto& named = named_corpora();
  g.corpus_choice = int(named.size());
  for (size_t i = 0; i < named.size(); ++i)
    if (named[i].name == g.o.corpus) g.corpus_choice = int(i);
  if (g.corpus_choice == int(named.size())) std::snprintf(g.path, sizeof g.path, "%s", g.o.corpus.c_str());
}

// The set-up form; returns true when "Build" was pressed.
bool setup_form(AppState& s) {
  const float fs = ImGui::GetFontSize();
  // Classroom mode folds away the controls a lesson step does not set (app/classroom.hpp).
  ClassroomRow row(s, kId);
  // A control's width with its label, and a combo's width that leaves its label room at a large UI scale.
  auto slider_w = [&](const char* label) { return 10 * fs + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x; };
  auto combo_w = [&](const char* label) {
    return std::max(8 * fs, std::min(22 * fs, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemInnerSpacing.x -
                                                  ImGui::CalcTextSize(label).x));
  };
  int model = g.o.model == "gpt" ? 1 : g.o.model == "llada" ? 2 : 0;
  if (row.show("model")) {
    ImGui::SetNextItemWidth(combo_w(tr("model")));
    const char* model_titles[3] = {tr(kModelTitles[0]), tr(kModelTitles[1]), tr(kModelTitles[2])};
    if (ImGui::Combo(tr("model"), &model, model_titles, 3)) g.o.model = kModels[model];
  }
  row.end();
  if (row.show("tokenizer")) {
    ImGui::SetNextItemWidth(combo_w(tr("tokenizer")));
    widgets::tokenizer_combo(tr("tokenizer"), g.o.tokenizer);
  }
  row.end();
  const auto& named = named_corpora();
  if (row.show("corpus")) {
    std::vector<std::string> titles;
    for (const auto& c : named) titles.push_back(tr(c.title.c_str()));  // core's titles: app/i18n/messages.cpp
    titles.push_back(tr("a text file…"));
    ImGui::SetNextItemWidth(combo_w(tr("corpus")));
    if (ImGui::BeginCombo(tr("corpus"), titles[size_t(g.corpus_choice)].c_str())) {
      for (size_t i = 0; i < titles.size(); ++i)
        if (ImGui::Selectable(titles[i].c_str(), int(i) == g.corpus_choice)) g.corpus_choice = int(i);
      ImGui::EndCombo();
    }
    if (g.corpus_choice == int(named.size())) {
      ImGui::SetNextItemWidth(combo_w(tr("file")));
      ImGui::InputTextWithHint(tr("file"), tr("/path/to/text.txt (UTF-8)"), g.path, sizeof g.path);
    }
  }
  row.end();
  g.o.corpus = g.corpus_choice == int(named.size()) ? std::string(g.path) : named[size_t(g.corpus_choice)].name;
  const bool llada = g.o.model == "llada", transformer = g.o.model != "zero-layer";
  const ImGuiSliderFlags clamp = ImGuiSliderFlags_AlwaysClamp, logc = clamp | ImGuiSliderFlags_Logarithmic;
  ImGui::PushItemWidth(10 * fs);
  if (row.show("lr")) ImGui::SliderFloat(tr("learning rate"), &g.o.lr, 1e-5f, 1.0f, "%.1e", logc);
  if (row.show("B", slider_w(tr("batch B")))) ImGui::SliderInt(tr("batch B"), &g.o.B, 1, 64, "%d", clamp);
  row.end();
  if (row.show("T")) ImGui::SliderInt(tr("context T"), &g.o.T, 2, 256, "%d", logc);
  if (row.show("d", slider_w(tr("width d")))) ImGui::SliderInt(tr("width d"), &g.o.d, 8, 512, "%d", logc);
  row.end();
  if (transformer) {
    if (row.show("layers")) ImGui::SliderInt(tr("layers"), &g.o.layers, 1, 8, "%d", clamp);
    if (row.show("heads", slider_w(tr("heads")))) ImGui::SliderInt(tr("heads"), &g.o.heads, 1, 16, "%d", clamp);
    row.end();
    if (g.o.d % g.o.heads != 0) ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1), "%s", tr("d must be a multiple of heads"));
  }
  if (row.show("weight_decay")) ImGui::SliderFloat(tr("weight decay"), &g.o.weight_decay, 0.0f, 0.5f, "%.3f", clamp);
  if (row.show("warmup", slider_w(tr("warm-up steps")))) ImGui::SliderInt(tr("warm-up steps"), &g.o.warmup, 0, 2000, "%d", clamp);
  row.end();
  if (row.show("steps")) {
    int steps = int(g.o.steps);
    if (ImGui::SliderInt(tr("schedule steps"), &steps, 10, 100000, "%d", logc)) g.o.steps = steps;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("cosine decay from lr to lr/10 over these steps; training may go on past them"));
  }
  if (row.show("seed", 10 * fs + ImGui::CalcTextSize(tr("seed")).x)) {
    int seed = int(g.o.seed);
    if (ImGui::InputInt(tr("seed"), &seed)) g.o.seed = uint64_t(std::max(0, seed));
  }
  row.end();
  if (row.show("eval_every")) ImGui::SliderInt(tr("evaluate every"), &g.o.eval_every, 5, 500, tr("%d steps"), logc);
  if (llada && !classroom_hides(s, kId, "eval_every")) {  // 1/t is no registry parameter: it goes with its row
    bool inv = !g.o.no_inverse_t;
    widgets::same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize(tr("1/t weight")).x + fs);
    if (ImGui::Checkbox(tr("1/t weight"), &inv)) g.o.no_inverse_t = !inv;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("LLaDA's loss weighs each masked token by 1/t; off: plain masked cross-entropy"));
  }
  row.end();
  // The lecture notes' comparisons (002: weight tying; 003: GELU vs ReLU, Embedding vs one-hot Linear).
  if (row.show("activation")) {
    int act = g.o.activation == "relu" ? 1 : 0;
    if (ImGui::Combo(tr("activation"), &act, "GELU\0ReLU\0")) g.o.activation = act == 1 ? "relu" : "gelu";
  }
  if (row.show("tie", ImGui::GetFrameHeight() + ImGui::CalcTextSize(tr("tie W_U = E")).x + fs)) {
    ImGui::Checkbox(tr("tie W_U = E"), &g.o.tie);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Weight tying: the unembedding uses the embedding table's rows (seed note 002)"));
  }
  row.end();
  if (!transformer) {
    if (row.show("embedding")) {
      int emb = g.o.embedding == "onehot" ? 1 : 0;
      const char* ways[] = {tr("row lookup E[x]"), tr("one-hot x · Linear(V, d)")};
      if (ImGui::Combo(tr("embedding"), &emb, ways, 2)) g.o.embedding = emb == 1 ? "onehot" : "lookup";
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("The same numbers, computed two ways: a lookup copies one row per token; the one-hot\n"
                                   "product multiplies a V-wide row of zeros and a single 1 (compare the ms per step)"));
    }
    row.end();
    if (g.o.embedding == "onehot" && g.o.tie)
      ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1), "%s", tr("the one-hot embedding is offered without tying only"));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr("A zero-layer model sees only the current token: it cannot use the earlier ones (note 003)."));
    ImGui::PopStyleColor();
  } else {
    g.o.embedding = "lookup";
  }
  ImGui::PopItemWidth();
  TrainerSlot& slot = lab_session(s).slot_for_model(g.o.model);
  const bool pressed = ImGui::Button(slot.trainer() ? tr("Rebuild (replaces the running model)") : tr("Build model"));
  ImGui::SameLine();
  ImGui::TextDisabled(tr("→ %s slot"), slot_name(slot.id()));
  return pressed;
}

void slot_controls(TrainerSlot& slot, int k) {
  ImGui::PushID(k);
  const float fs = ImGui::GetFontSize();
  if (slot.building()) {
    char buf[160];
    std::snprintf(buf, sizeof buf, tr("building %s on %s…"), slot.building_options().model.c_str(),
                  slot.building_options().corpus.c_str());
    ImGui::ProgressBar(slot.progress(), ImVec2(20 * fs, 0), buf);
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("Cancel"))) slot.cancel_build();
  }
  if (!slot.error().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1));
    ImGui::TextWrapped("%s", tr_message(slot.error()).c_str());
    ImGui::PopStyleColor();
  }
  train::Trainer* tr = slot.trainer();
  auto snap = slot.snapshot();
  if (!tr || !snap) {
    ImGui::PopID();
    return;
  }
  const bool running = snap->status == train::TrainerStatus::Running;
  ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "%s", slot_name(slot.id()));
  ImGui::SameLine();
  ImGui::TextDisabled(app::tr("%s, %zu parameters, %s, %s, on %s"), snap->model_description.c_str(), snap->num_params,
                      slot.options()->tokenizer.c_str(), slot.options()->corpus.c_str(), snap->device.c_str());
  if (ImGui::Button(running ? app::tr("Pause") : app::tr("Start"), ImVec2(5 * fs, 0))) running ? tr->pause() : tr->start();
  ImGui::SameLine();
  if (ImGui::Button(app::tr("Step"))) tr->step(1);
  ImGui::SameLine();
  if (ImGui::Button(app::tr("Step 100"))) tr->step(100);
  ImGui::SameLine();
  if (ImGui::Button(app::tr("Reset"))) tr->reset();
  ImGui::SameLine();
  ImGui::TextUnformatted(app::tr(train::status_name(snap->status)));
  char rate[32] = "–";
  if (snap->tokens_per_second > 0) std::snprintf(rate, sizeof rate, "%.0f", snap->tokens_per_second);
  char val[32] = "–";
  if (snap->last_val_loss) std::snprintf(val, sizeof val, "%.4f", *snap->last_val_loss);
  ImGui::TextWrapped(app::tr("step %llu · train loss %.4f · validation %s · %s tokens/s · gradient norm %.3g · lr %.2e"),
                     (unsigned long long)snap->step, snap->last_loss, val, rate, snap->grad_norm, snap->lr);
  if (snap->tokens_per_second > 0)  // the time of one step: the one-hot vs lookup embedding comparison
    ImGui::TextDisabled(app::tr("%.2f ms per training step (%d tokens)"),
                        1e3 * slot.config()->B * slot.config()->T / snap->tokens_per_second, slot.config()->B * slot.config()->T);
  if (slot.config()->model.kind == ModelKind::ZeroLayerGPT)
    ImGui::TextDisabled("%s", app::tr("zero layers: each position sees only its own token, nothing mixes positions, so "
                                      "only the last token can shape the next one (seed note 003)"));
  draw_tensor_shapes(slot);
  // The learning rate, live (log slider), e.g. to continue after a divergence.
  if (g.live_lr[k] <= 0) g.live_lr[k] = slot.config()->lr.lr_max;
  ImGui::SetNextItemWidth(12 * fs);
  if (ImGui::SliderFloat(app::tr("live learning rate"), &g.live_lr[k], 1e-5f, 1.0f, "%.1e",
                         ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic))
    tr->set_learning_rate(g.live_lr[k]);
  if (snap->status == train::TrainerStatus::Diverged) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1));
    ImGui::TextWrapped("%s", tr_message(snap->message).c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", app::tr("The last good weights are already restored (the step shown is theirs)."));
    if (ImGui::Button(app::tr("Continue from the last good weights with lr ÷ 10"))) {
      g.live_lr[k] = std::max(1e-6f, snap->lr / 10);
      tr->set_learning_rate(g.live_lr[k]);
      tr->start();
    }
  } else if (!snap->message.empty()) {
    const bool err = snap->message.find("HINT") != std::string::npos;
    ImGui::PushStyleColor(ImGuiCol_Text, err ? ImVec4(1.0f, 0.45f, 0.4f, 1) : ImVec4(0.6f, 0.9f, 0.6f, 1));
    ImGui::TextWrapped("%s", tr_message(snap->message).c_str());
    ImGui::PopStyleColor();
    // A device that failed: the last good weights are on the host, and the CPU carries on from them.
    if (snap->can_continue_on_cpu && ImGui::Button(app::tr("Continue on CPU"))) tr->continue_on_cpu();
  }
  ImGui::SetNextItemWidth(16 * fs);
  ImGui::InputText("##ckpt", g.ckpt[k], sizeof g.ckpt[k]);
  ImGui::SameLine();
  if (ImGui::Button(app::tr("Save checkpoint"))) tr->save(g.ckpt[k]);
  ImGui::SameLine();
  if (ImGui::Button(app::tr("Load checkpoint"))) tr->load(g.ckpt[k]);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", app::tr("A checkpoint of another model, tokenizer or size, or a damaged file, is refused;\nthe running model stays as it is."));
  ImGui::PopID();
}

std::vector<LossCurve> all_curves(AppState& s) {
  LabSession& lab = lab_session(s);
  std::vector<LossCurve> curves;
  for (SlotId id : {SlotId::Gpt, SlotId::Llada})
    if (auto snap = lab.slot(id).snapshot()) {
      curves.push_back(loss_curve(*snap, false, slot_name(id)));
      curves.push_back(loss_curve(*snap, true, slot_name(id)));
    }
  return curves;
}

void loss_plot(AppState& s) {
  std::vector<LossCurve> curves = all_curves(s);
  if (curves.empty()) return;
  ImGui::Checkbox(tr("log scale"), &g.log_y);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("(hover for values; right-click or the buttons to export)"));
  const ImU32 cols[4] = {IM_COL32(255, 160, 60, 255), IM_COL32(255, 220, 150, 255), IM_COL32(90, 150, 230, 255),
                         IM_COL32(160, 210, 255, 255)};
  widgets::LinePlot p;
  p.id = "##losses";
  p.size = ImVec2(0, std::max(8 * ImGui::GetFontSize(), ImGui::GetContentRegionAvail().y - 2.2f * ImGui::GetFrameHeight()));
  p.log_y = g.log_y;
  p.steady = true;  // a new step moves the axes only now and then: the plot is redrawn where the curves grew
  p.x_label = tr("step");
  p.y_label = tr("loss (nats)");
  std::vector<LossCurve> shown;
  for (const auto& c : curves) shown.push_back(thinned(c, 500));
  for (size_t i = 0; i < shown.size(); ++i)
    if (!shown[i].x.empty())
      p.series.push_back({shown[i].x, shown[i].y, cols[i % 4], shown[i].label, shown[i].x.size() < 40});
  widgets::line_plot(p);
  auto table = [&] { return loss_table(curves); };
  widgets::export_buttons(s, "losses", table);
}

// Both models on the validation text in one unit (bits per byte), side by side: the honest answer to
// "which model is better here" (app/panels/bits_per_byte_job.hpp computes them at the evaluation cadence).
void bits_per_byte_table(AppState& s) {
  LabSession& lab = lab_session(s);
  bool any = false;
  for (int k = 0; k < 2; ++k) {
    TrainerSlot& slot = lab.slot(SlotId(k));
    g.bpb[k].tick(slot, s.now);
    any = any || slot.trainer();
  }
  if (!any) return;
  ImGui::TextUnformatted(tr("Validation text, bits per byte (lower is better; the same unit whatever the tokenizer):"));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("Σ −log₂ p over the first %zu bytes' tokens of each model's validation text, divided by their bytes.\n"
                         "GPT: exact. LLaDA: an upper bound on −log₂ p (its ELBO), estimated with %d samples of the\n"
                         "evaluation estimator per window of its context, seed %llu, ± one standard error.\n"
                         "The same figures as 'llada-lab train' prints at the end."),
                      eval::BitsPerByteOptions{}.max_bytes, eval::BitsPerByteOptions{}.samples,
                      (unsigned long long)eval::BitsPerByteOptions{}.seed);
  if (!ImGui::BeginTable("bpb", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame)) return;
  for (int k = 0; k < 2; ++k) ImGui::TableSetupColumn(slot_name(SlotId(k)));
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (int k = 0; k < 2; ++k) {
    ImGui::TableNextColumn();
    const BitsPerByteTracker& t = g.bpb[k];
    if (!lab.slot(SlotId(k)).trainer()) {
      ImGui::TextDisabled("%s", tr("no model"));
    } else if (const auto& f = t.figure()) {
      if (f->value.upper_bound)
        ImGui::Text(tr("≤ %.3f ± %.3f bits/byte (upper bound, step %llu)"), f->value.bits_per_byte, f->value.std_error,
                    (unsigned long long)f->step);
      else
        ImGui::Text(tr("%.3f bits/byte (exact, step %llu)"), f->value.bits_per_byte, (unsigned long long)f->step);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("%lld tokens, %lld bytes, %d windows"), f->value.tokens, f->value.bytes, f->value.windows);
    } else if (!t.error().empty()) {
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1), "%s", t.error().c_str());
    } else {
      ImGui::TextDisabled("%s", tr("measuring…"));
    }
  }
  ImGui::EndTable();
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LabSession& lab = lab_session(s);
  const bool any = lab.gpt.trainer() || lab.llada.trainer();
  if (ImGui::CollapsingHeader(tr_id("Set up a model", "setup"), any ? 0 : ImGuiTreeNodeFlags_DefaultOpen)) {
    if (setup_form(s)) {
      lab.slot_for_model(g.o.model).build(g.o);
      g.live_lr[g.o.model == "llada" ? 1 : 0] = 0;
    }
    // The build needs the tokenizer asked for (no silent byte fallback: the model's vocabulary depends on it).
    widgets::TokenizerChoice tc = widgets::get_tokenizer(g.o.tokenizer);
    if (tc.loading) ImGui::TextDisabled(tr("loading %s…"), g.o.tokenizer.c_str());
    if (!tc.error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1));
      ImGui::TextWrapped(tr("%s\nA model cannot be built with this tokenizer; choose another (byte needs no download)."),
                         tr_message(tc.error).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::Separator();
  }
  slot_controls(lab.gpt, 0);
  slot_controls(lab.llada, 1);
  if (!any && !lab.gpt.building() && !lab.llada.building())
    ImGui::TextWrapped("%s", tr("No model yet: choose one above and press Build model (zero-layer GPT on the sample text trains "
                                "in seconds). Keys: Space start/pause, S one step, R reset."));
  bits_per_byte_table(s);
  loss_plot(s);
  ImGui::End();
}

// Keys act on every built model: Space starts them all when none runs, else pauses them all.
void key_play_pause(AppState& s) {
  LabSession& lab = lab_session(s);
  bool any_running = false;
  for (SlotId id : {SlotId::Gpt, SlotId::Llada})
    if (auto snap = lab.slot(id).snapshot()) any_running = any_running || snap->status == train::TrainerStatus::Running;
  for (SlotId id : {SlotId::Gpt, SlotId::Llada})
    if (train::Trainer* tr = lab.slot(id).trainer()) any_running ? tr->pause() : tr->start();
}
void key_step(AppState& s) {
  for (SlotId id : {SlotId::Gpt, SlotId::Llada})
    if (train::Trainer* tr = lab_session(s).slot(id).trainer()) tr->step(1);
}
void key_reset(AppState& s) {
  for (SlotId id : {SlotId::Gpt, SlotId::Llada})
    if (train::Trainer* tr = lab_session(s).slot(id).trainer()) tr->reset();
}

void file_losses_csv(AppState& s) { widgets::export_csv(s, "losses", loss_table(all_curves(s))); }
void file_losses_png(AppState& s) { widgets::export_plot_png(s, "losses"); }

RegisterFileAction file_csv{{tr_noop("Export losses (CSV)"), file_losses_csv, kId}};
RegisterFileAction file_png{{tr_noop("Export loss plot (PNG)"), file_losses_png, kId}};
RegisterPanel reg{{kId, kTitle, 60, false, {0.0f, 0.0f, 0.5f, 1.0f}, draw}};
// The set-up form's values; they apply when Build is pressed.
RegisterParams params{kId, {
    Param::choice("model", &g.o.model, {"zero-layer", "gpt", "llada"}, "the model Build makes"),
    Param::choice("tokenizer", &g.o.tokenizer, {"byte", "gpt2", "cl100k"}, "its tokenizer"),
    Param::text("corpus", &g.o.corpus, "a named corpus (sample, brown, kjv, …) or a text file's path").then(choose_corpus),
    Param::real("lr", &g.o.lr, 1e-5, 1, "learning rate (AdamW)"),
    Param::integer("B", &g.o.B, 1, 64, "batch size"),
    Param::integer("T", &g.o.T, 2, 256, "context length"),
    Param::integer("d", &g.o.d, 8, 512, "embedding width"),
    Param::integer("layers", &g.o.layers, 1, 8, "Transformer layers (GPT, LLaDA)"),
    Param::integer("heads", &g.o.heads, 1, 16, "attention heads (GPT, LLaDA)"),
    Param::integer("steps", &g.o.steps, 10, 1'000'000, "schedule length: cosine decay to lr/10"),
    Param::real("weight_decay", &g.o.weight_decay, 0, 0.5, "AdamW weight decay"),
    Param::integer("warmup", &g.o.warmup, 0, 2000, "warm-up steps"),
    Param::integer("seed", &g.o.seed, 0, 1'000'000'000, "seed of initialisation, batches and masks"),
    Param::integer("eval_every", &g.o.eval_every, 5, 500, "steps between two validation evaluations"),
    Param::choice("activation", &g.o.activation, {"gelu", "relu"}, "the nonlinearity (seed note 003 compares them)"),
    Param::flag("tie", &g.o.tie, "weight tying: the unembedding is the embedding table (seed note 002)"),
    Param::choice("embedding", &g.o.embedding, {"lookup", "onehot"},
                  "zero-layer: E[x] as a row lookup or as one-hot x times Linear(V, d) (same numbers)")}};
RegisterShortcut key_space{{GLFW_KEY_SPACE, false, "Space", tr_noop("Play / pause training"), key_play_pause}};
RegisterShortcut key_s{{GLFW_KEY_S, false, "S", tr_noop("One training step"), key_step}};
RegisterShortcut key_r{{GLFW_KEY_R, false, "R", tr_noop("Reset training"), key_reset}};

}  // namespace

}  // namespace llada::app
