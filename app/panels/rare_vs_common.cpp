// Panel "Rare vs common": the seeds' experiment 004, live. Over training, the mean log-softmax the model
// gives the 100 most common, the 100 least common (but used) and 100 never-used tokens of its training
// text (core/train/groups.hpp: tokens of the evaluated batch itself are left out). Untrained, all three
// sit near −ln V; training pushes the common ones up and the never-used ones down — they only ever
// appear as "wrong answers". "Run the seed's experiment" sets the seed's configuration and trains it.
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
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/panels/train_view.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/tokenizer_picker.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "rare_common";
constexpr const char* kTitle = tr_noop("Rare vs common");

struct RareState {
  int slot = 0;          // 0 GPT, 1 LLaDA
  bool probability = false;  // false: mean log p (linear axis); true: exp(mean log p) on a log axis
  std::string note;
};
RareState g;

void run_seed_experiment(AppState& s) {
  train::RunOptions o = train::rare_vs_common_options();
  widgets::TokenizerChoice gpt2 = widgets::get_tokenizer("gpt2");
  if (!gpt2.error.empty()) {
    o.tokenizer = "byte";
    g.note = tr("GPT-2's vocabulary is not available, so this run uses the byte tokenizer (256 ids: few are never "
                "used, and −ln V = −5.5 instead of −10.8). ") + gpt2.error;
    s.info(g.note);
  } else {
    g.note = tr("The seed's configuration: GPT-2 tokenizer, the sample text, a one-layer GPT (d 64, 2 heads, T 32, "
                "B 8, lr 3e-3, no dropout), groups evaluated every 25 steps.");
  }
  lab_session(s).gpt.build(o, /*start_when_ready=*/true);
  g.slot = 0;
}

widgets::Table group_table(const train::Snapshot& snap) {
  std::vector<double> x, c, r, nv;
  for (const auto& q : snap.group_history)
    x.push_back(double(q.step)), c.push_back(q.stats.common), r.push_back(q.stats.rare), nv.push_back(q.stats.never);
  return widgets::Table{{"step", "common", "rare", "never"}, {x, c, r, nv}};
}

void group_list(const char* title, const std::vector<int32_t>& ids, const train::TrainData& d) {
  ImGui::TableNextColumn();
  ImGui::Text("%s (%zu)", title, ids.size());
  ImGui::PushID(title);
  if (ImGui::BeginChild("##list", ImVec2(0, 0), false)) {
    for (int32_t id : ids) {
      const long long count = id >= 0 && size_t(id) < d.stats.counts.size() ? (long long)d.stats.counts[size_t(id)] : 0;
      ImGui::TextUnformatted(widgets::token_label(d.tok->piece(id)).c_str());
      const bool hov = ImGui::IsItemHovered();
      ImGui::SameLine(7 * ImGui::GetFontSize());
      ImGui::Text("%lld", count);
      if (hov || ImGui::IsItemHovered()) ImGui::SetTooltip(tr("id %d, %lld times in the training text"), id, count);
    }
  }
  ImGui::EndChild();
  ImGui::PopID();
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LabSession& lab = lab_session(s);
  if (ImGui::Button(tr("Run the seed's experiment"))) run_seed_experiment(s);
  if (!classroom_hides(s, kId, "model")) {  // classroom mode folds away what a lesson step does not set
    widgets::same_line_if_fits(widgets::check_width("GPT"));
    ImGui::RadioButton("GPT", &g.slot, 0);
    widgets::same_line_if_fits(widgets::check_width("LLaDA"));
    ImGui::RadioButton("LLaDA", &g.slot, 1);
  }
  if (!classroom_hides(s, kId, "probability")) {
    widgets::same_line_if_fits(widgets::check_width(tr("as probabilities (log axis)")));
    ImGui::Checkbox(tr("as probabilities (log axis)"), &g.probability);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("exp(mean log p): the geometric-mean probability of a group's tokens"));
  }
  if (!g.note.empty()) ImGui::TextWrapped("%s", g.note.c_str());
  TrainerSlot& slot = lab.slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada);
  if (slot.building()) ImGui::ProgressBar(slot.progress(), ImVec2(-FLT_MIN, 0), tr("building the model…"));
  auto snap = slot.snapshot();
  const train::TrainData* data = slot.data();
  if (!snap || !data) {
    ImGui::TextWrapped(tr("No %s model yet: press the button, or build one in the Training panel."), slot_name(slot.id()));
    ImGui::End();
    return;
  }
  const double V = double(slot.config()->model.vocab), lnV = std::log(V);
  std::vector<double> x, common, rare, never;
  auto val = [&](double lp) { return g.probability ? std::exp(lp) : lp; };
  for (const auto& p : snap->group_history) {
    x.push_back(double(p.step));
    common.push_back(val(p.stats.common)), rare.push_back(val(p.stats.rare)), never.push_back(val(p.stats.never));
  }
  double x_hi = x.empty() ? 1.0 : std::max(1.0, x.back());
  std::vector<double> lx{0.0, x_hi}, ly{val(-lnV), val(-lnV)};
  if (snap->has_groups)
    ImGui::Text(tr("step %llu: common %.3f · rare %.3f · never used %.3f   (−ln V = %.3f, V = %.0f)"),
                (unsigned long long)snap->groups_step, snap->groups.common, snap->groups.rare, snap->groups.never, -lnV, V);
  else
    ImGui::TextDisabled(tr("No evaluation yet: the groups are measured every %d steps — start training."),
                        slot.options()->eval_every);
  const float fs = ImGui::GetFontSize();
  widgets::LinePlot p;
  p.id = "##groups";
  p.size = ImVec2(0, std::max(8 * fs, ImGui::GetContentRegionAvail().y * 0.55f));
  p.log_y = g.probability;
  p.x_label = tr("step");
  p.y_label = g.probability ? tr("exp(mean log p)") : tr("mean log-softmax");
  const std::string nc = std::to_string(data->groups.common.size()), nr = std::to_string(data->groups.rare.size()),
                    nn = std::to_string(data->groups.never.size());
  p.series = {{x, common, IM_COL32(110, 200, 120, 255), tr("common (") + nc + tr(" most frequent)"), x.size() < 40},
              {x, rare, IM_COL32(255, 160, 60, 255), tr("rare (") + nr + tr(" least frequent, used)"), x.size() < 40},
              {x, never, IM_COL32(230, 90, 90, 255), tr("never used (") + nn + ")", x.size() < 40},
              {lx, ly, widgets::colors::masked, tr("−ln V (uniform)")}};
  widgets::line_plot(p);
  auto table = [&] { return group_table(*snap); };
  widgets::export_buttons(s, "rare-vs-common", table);
  if (ImGui::BeginTable("##groups_lists", 3, ImGuiTableFlags_BordersInnerV, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    group_list(tr("common"), data->groups.common, *data);
    group_list(tr("rare"), data->groups.rare, *data);
    group_list(tr("never used"), data->groups.never, *data);
    ImGui::EndTable();
  }
  ImGui::End();
}

void file_groups_csv(AppState& s) {
  auto snap = lab_session(s).slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada).snapshot();
  if (!snap) return s.error(tr("no model to export the groups of\nHINT: build one in the Training panel"));
  widgets::export_csv(s, "rare-vs-common", group_table(*snap));
}
void file_groups_png(AppState& s) { widgets::export_plot_png(s, "rare-vs-common"); }

RegisterFileAction file_csv{{tr_noop("Export group curves (CSV)"), file_groups_csv, kId}};
RegisterFileAction file_png{{tr_noop("Export group plot (PNG)"), file_groups_png, kId}};
RegisterPanel reg{{kId, kTitle, 80, false, {0.5f, 0.5f, 0.5f, 0.5f}, draw}};
RegisterParams params{kId, {
    Param::choice("model", &g.slot, {"gpt", "llada"}, "whose token groups are shown"),
    Param::flag("probability", &g.probability, "show exp(mean log p) on a log axis instead of mean log p")}};

}  // namespace

}  // namespace llada::app
