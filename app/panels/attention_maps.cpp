// Panel "Attention maps": every layer and head of the two Transformers on their probe sequence, live —
// the GPT's causal triangle (a position sees itself and what came before; the hidden half is grey)
// beside LLaDA's full square (every position sees every other, [MASK] ones included: that is what
// "bidirectional" means). Row = the query position, column = the key it attends to; hover for the two
// tokens and the weight. Maps come from the trainer's snapshots (attention_view), asked for only while
// this panel is drawn.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/panels/attention_table.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/heatmap.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "attention";
constexpr const char* kTitle = tr_noop("Attention maps");

struct SideState {
  std::vector<std::unique_ptr<widgets::Heatmap>> maps;
};
struct PanelState {
  bool per_map_max = true;
  SideState side[2];
};
PanelState g;

// One map: its texture, [MASK] marks along both edges, hover.
void draw_map(widgets::Heatmap& hm, const train::AttentionView& a, const train::Snapshot& snap, int l, int h,
              float cell, const Tokenizer* tok, int mask_id) {
  const int T = a.T;
  std::vector<float> vals(a.map(l, h), a.map(l, h) + size_t(T) * T);
  float vmax = 1.0f;
  if (a.causal)
    for (int q = 0; q < T; q++)
      for (int k = q + 1; k < T; k++) vals[q * T + k] = -1.0f;  // hidden, drawn grey
  if (g.per_map_max) {
    vmax = 1e-6f;
    for (float x : vals) vmax = std::max(vmax, x);
  }
  const float side = cell * T;
  const uint64_t version = (a.step << 20) ^ uint64_t(reinterpret_cast<uintptr_t>(&a)) ^ (g.per_map_max ? 1u : 0u);
  ImTextureID tex = hm.render(vals, T, T, vmax, version, int(side), int(side));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Image(tex, ImVec2(side, side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int t = 0; t < T && t < int(snap.probe_masked.size()); t++) {
    if (!snap.probe_masked[t]) continue;  // [MASK] position: a bar left of its row and above its column
    dl->AddRectFilled(ImVec2(o.x - 4, o.y + t * cell), ImVec2(o.x - 1, o.y + (t + 1) * cell), IM_COL32(230, 90, 90, 255));
    dl->AddRectFilled(ImVec2(o.x + t * cell, o.y - 4), ImVec2(o.x + (t + 1) * cell, o.y - 1), IM_COL32(230, 90, 90, 255));
  }
  if (!ImGui::IsItemHovered()) return;
  const ImVec2 m = ImGui::GetIO().MousePos;
  const int q = std::clamp(int((m.y - o.y) / cell), 0, T - 1), k = std::clamp(int((m.x - o.x) / cell), 0, T - 1);
  dl->AddRect(ImVec2(o.x + k * cell, o.y + q * cell), ImVec2(o.x + (k + 1) * cell, o.y + (q + 1) * cell), IM_COL32_WHITE);
  auto label = [&](int t) {
    return t < int(snap.probe_inputs.size()) ? attention_token_label(tok, snap.probe_inputs[t], mask_id) : std::string("?");
  };
  ImGui::BeginTooltip();
  ImGui::Text(tr("layer %d, head %d"), l + 1, h + 1);
  ImGui::Text(tr("query %d '%s' → key %d '%s'"), q, label(q).c_str(), k, label(k).c_str());
  if (a.causal && k > q) ImGui::TextDisabled("%s", tr("hidden: a causal model never looks ahead"));
  else ImGui::Text(tr("weight %.4f"), a.map(l, h)[q * T + k]);
  ImGui::EndTooltip();
}

void draw_side(AppState& s, TrainerSlot& slot, SideState& st, float width) {
  ImGui::BeginGroup();
  ImGui::TextUnformatted(slot.id() == SlotId::Gpt ? tr("GPT (causal)") : tr("LLaDA (bidirectional)"));
  const train::TrainConfig* cfg = slot.config();
  train::Trainer* trainer = slot.trainer();
  if (!trainer || !cfg) {
    ImGui::TextDisabled("%s", tr("No model yet: build one in the Training panel."));
    ImGui::EndGroup();
    return;
  }
  if (cfg->model.kind != ModelKind::Transformer || cfg->model.n_layer < 1) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled("%s", tr("The zero-layer GPT has no attention: each position sees only its own token (seed note "
                                 "003). Choose the model 'gpt' in the Training panel to see a causal Transformer here."));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    return;
  }
  trainer->request_inspection(train::kInspectAttention);
  auto snap = slot.snapshot();
  if (!snap || !snap->attention_view) {
    s.panel_waiting |= snap != nullptr;  // asked; a scripted screenshot waits for the trainer's maps
    ImGui::TextDisabled("%s", tr("waiting for the first maps…"));
    ImGui::EndGroup();
    return;
  }
  const train::AttentionView& a = *snap->attention_view;
  const int n = a.n_layer * a.n_head, mask_id = cfg->model.mask_id();
  if (int(st.maps.size()) != n) {
    st.maps.clear();
    for (int i = 0; i < n; i++) st.maps.push_back(std::make_unique<widgets::Heatmap>());
  }
  ImGui::TextDisabled(tr("step %llu · %d layers × %d heads · T = %d%s"), (unsigned long long)a.step, a.n_layer, a.n_head,
                      a.T, a.causal ? "" : tr(" · red marks: [MASK] positions"));
  const float fs = ImGui::GetFontSize(), gap = fs * 0.8f;
  const float avail_h = ImGui::GetContentRegionAvail().y - 3 * fs;
  const float cell = std::max(2.0f, std::floor(std::min((width - gap * a.n_head) / (a.n_head * a.T),
                                                        (avail_h - a.n_layer * 1.6f * fs) / (a.n_layer * a.T))));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  for (int l = 0; l < a.n_layer; l++) {
    for (int h = 0; h < a.n_head; h++) {
      if (h > 0) ImGui::SameLine(0, gap);
      ImGui::BeginGroup();
      ImGui::TextDisabled("L%d H%d", l + 1, h + 1);
      ImGui::Dummy(ImVec2(1, 3));
      draw_map(*st.maps[l * a.n_head + h], a, *snap, l, h, cell, slot.tokenizer().get(), mask_id);
      ImGui::EndGroup();
    }
  }
  const ImVec2 bottom = ImGui::GetItemRectMax();
  const std::string name = slot.id() == SlotId::Gpt ? "attention-gpt" : "attention-llada";
  widgets::export_buttons(s, name.c_str(), top, ImVec2(top.x + width, bottom.y), [snap, mask_id, tok = slot.tokenizer()] {
    return attention_table(*snap->attention_view, snap->probe_inputs, mask_id, tok.get());
  });
  ImGui::EndGroup();
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LabSession& lab = lab_session(s);
  if (!classroom_hides(s, kId, "per_map_max")) {  // classroom mode folds away what a lesson step does not set
    ImGui::Checkbox(tr("scale each map to its largest weight"), &g.per_map_max);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Off: the brightest colour is weight 1 in every map"));
    ImGui::SameLine();
  }
  ImGui::TextDisabled(tr("row = query position, column = key it reads · drawn by %s"),
                      widgets::path_name(widgets::Heatmap::chooser().chosen() == widgets::RenderPath::Auto
                                             ? widgets::forced_path()
                                             : widgets::Heatmap::chooser().chosen()));
  const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2) / 2;
  draw_side(s, lab.slot(SlotId::Gpt), g.side[0], w);
  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
  draw_side(s, lab.slot(SlotId::Llada), g.side[1], w);
  ImGui::End();
}

void export_csv_of(AppState& s, SlotId id) {
  TrainerSlot& slot = lab_session(s).slot(id);
  auto snap = slot.snapshot();
  if (!snap || !snap->attention_view || !slot.config())
    return s.error(tr("no attention maps to export\nHINT: open the Attention maps panel with a gpt or llada model"));
  widgets::export_csv(s, id == SlotId::Gpt ? "attention-gpt" : "attention-llada",
                      attention_table(*snap->attention_view, snap->probe_inputs, slot.config()->model.mask_id(),
                                      slot.tokenizer().get()));
}
void file_gpt_csv(AppState& s) { export_csv_of(s, SlotId::Gpt); }
void file_llada_csv(AppState& s) { export_csv_of(s, SlotId::Llada); }
void file_gpt_png(AppState& s) { widgets::export_plot_png(s, "attention-gpt"); }
void file_llada_png(AppState& s) { widgets::export_plot_png(s, "attention-llada"); }

RegisterFileAction f1{{tr_noop("Export the GPT's attention maps (CSV)"), file_gpt_csv, kId}};
RegisterFileAction f2{{tr_noop("Export the LLaDA attention maps (CSV)"), file_llada_csv, kId}};
RegisterFileAction f3{{tr_noop("Export the GPT's attention maps (PNG)"), file_gpt_png, kId}};
RegisterFileAction f4{{tr_noop("Export the LLaDA attention maps (PNG)"), file_llada_png, kId}};
RegisterPanel reg{{kId, kTitle, 95, false, {0, 0, 1, 1}, draw}};
RegisterParams params{kId, {Param::flag("per_map_max", &g.per_map_max, "scale each map to its largest weight")}};

}  // namespace

}  // namespace llada::app
