// Panel "Embedding space": seed note 002 live. The model's embedding table E (or its unembedding W_U)
// projected on its top two principal directions — every token a point, coloured by the rare-vs-common
// groups or by frequency — with the probe position's hidden state h in the same picture, each of its top
// logits written as ‖v_i‖·‖h‖·cos θ_i + b_i, the gradient ∇_h L = Σ P(w_i)·v_i − v_true drawn as its two
// parts and their sum, and the singular values of E over training. The numbers come from core/inspect
// (tested against the model's own backward pass); this file only draws (embedding_state.* computes).
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
#include "app/panels/embedding_state.hpp"
#include "app/panels/panel.hpp"
#include "app/panels/tying_view.hpp"
#include "app/params.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/heatmap.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/point_cloud.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/math/sampling.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "embedding";
constexpr const char* kTitle = tr_noop("Embedding space");
constexpr ImU32 kBackground = IM_COL32(22, 22, 28, 255);

ImU32 group_color(TokenGroup g) {
  switch (g) {
    case TokenGroup::Common: return IM_COL32(110, 210, 120, 255);
    case TokenGroup::Rare: return IM_COL32(255, 160, 60, 255);
    case TokenGroup::NeverGroup: return IM_COL32(235, 85, 85, 255);
    case TokenGroup::Used: return IM_COL32(95, 135, 205, 255);
    case TokenGroup::Unused: return IM_COL32(72, 72, 84, 255);
    case TokenGroup::Mask: return IM_COL32(230, 230, 240, 255);
  }
  return IM_COL32_WHITE;
}

struct PanelState {
  int slot = 0;            // 0 GPT, 1 LLaDA
  bool unembedding = true; // W_U rows (where h lives); false: E
  bool follow = false;
  int color_by = 0;        // 0 groups, 1 frequency
  float point_px = 2.0f;
  EmbeddingState st;
  widgets::PointCloud cloud;
  widgets::CloudView view;
  bool view_set = false;
  bool view_user = false;  // zoomed or panned by the reader: the view no longer follows the points
  GroupLookup groups;
  const void* groups_for = nullptr;  // the TrainData the lookup was built from
  int groups_rows = 0;
  std::vector<float> xy;   // points in draw order
  std::vector<ImU32> col;
  std::vector<int32_t> order;  // draw position → token id
  std::vector<float> trail_xy;  // the pinned tokens' trails as polylines (PointCloud::set_trails)
  std::vector<int> trail_starts;
  uint64_t trails_version = 0;
  uint64_t built_version = 0;
  int built_color = -1;
  char search[64] = "";
  bool search_pending = false;  // set by the parameter embedding.pin: search once the table is shown
  std::string search_note;
  float step_eta = 1.0f;
  double step_anim_t0 = -1;  // "one step of h": when the animation started
  double stepped_loss = 0, stepped_p = 0;
};
PanelState g;

// Draw order: unused tokens first, then used ones by count (common last, on top), the groups on top.
// Depends on the groups only: sorted once per model, not at every update.
void build_order(int n) {
  g.order.resize(n);
  for (int i = 0; i < n; i++) g.order[i] = i;
  auto rank = [&](int i) {
    const auto grp = TokenGroup(g.groups.group[i]);
    return grp == TokenGroup::Unused ? 0 : grp == TokenGroup::Used ? 1 : 2;
  };
  std::stable_sort(g.order.begin(), g.order.end(), [&](int a, int b) {
    const int ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : g.groups.count[a] < g.groups.count[b];
  });
}

// The points in draw order, with their colours.
void build_points(const Projection& p) {
  const int n = p.rows;
  int64_t max_count = 1;
  for (int64_t c : g.groups.count) max_count = std::max(max_count, c);
  const float lmax = std::log1p(float(max_count));
  g.xy.resize(size_t(n) * 2);
  g.col.resize(n);
  for (int k = 0; k < n; k++) {
    const int i = g.order[k];
    g.xy[2 * k] = p.xy[2 * i];
    g.xy[2 * k + 1] = p.xy[2 * i + 1];
    const auto grp = TokenGroup(g.groups.group[i]);
    if (g.color_by == 0 || grp == TokenGroup::Mask) g.col[k] = group_color(grp);
    else g.col[k] = g.groups.count[i] > 0 ? widgets::heat_color(0.15f + 0.85f * std::log1p(float(g.groups.count[i])) / lmax)
                                          : group_color(TokenGroup::Unused);
  }
}

// The group's name in the window (group_name is the CSV's ASCII word).
const char* group_title(TokenGroup g) {
  switch (g) {
    case TokenGroup::Common: return tr_noop("one of the 100 most common");
    case TokenGroup::Rare: return tr_noop("one of the 100 rarest used");
    case TokenGroup::NeverGroup: return tr_noop("one of the 100 never used of the experiment");
    case TokenGroup::Used: return tr_noop("used");
    case TokenGroup::Unused: return tr_noop("never used");
    case TokenGroup::Mask: return "[MASK]";
  }
  return "";
}

std::string token_text(const Tokenizer* tok, int id, int V) {
  if (id == V) return "[MASK]";
  return tok && tok->has_token(id) ? widgets::token_label(tok->piece(id)) : "#" + std::to_string(id);
}

// Finds tokens whose piece reads as `text` (exactly, or with a leading space), else containing it.
void run_search(const Tokenizer* tok, int rows) {
  g.search_note.clear();
  const std::string q = g.search;
  if (q.empty() || !tok) return;
  std::vector<int> exact, partial;
  for (int i = 0; i < rows && i < tok->vocab_size(); i++) {
    if (!tok->has_token(i)) continue;
    const std::string_view p = tok->piece(i);
    if (p == q || p == " " + q) exact.push_back(i);
    else if (partial.size() < 8 && p.find(q) != std::string_view::npos) partial.push_back(i);
  }
  const auto& found = exact.empty() ? partial : exact;
  for (int id : found)
    if (!g.st.pinned(id)) g.st.toggle_pin(id);
  char note[160];
  if (found.empty()) std::snprintf(note, sizeof note, tr("no token reads '%s'"), q.c_str());
  else std::snprintf(note, sizeof note, tr("pinned %zu token(s)"), found.size());
  g.search_note = note;
}

void draw_arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float w) {
  dl->AddLine(a, b, c, w);
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 4) return;
  const float ux = dx / len, uy = dy / len, s = 4 + 2 * w;
  dl->AddTriangleFilled(b, ImVec2(b.x - s * ux + 0.5f * s * uy, b.y - s * uy - 0.5f * s * ux),
                        ImVec2(b.x - s * ux - 0.5f * s * uy, b.y - s * uy + 0.5f * s * ux), c);
}

// The cloud with pins, trails, h and its gradient; hover, click to pin, wheel to zoom, drag to pan.
void draw_cloud(const Projection& p, const Tokenizer* tok, ImVec2 size) {
  // Until the reader zooms or pans, the view follows the bulk of the points: it stays put while they
  // drift inside it (so the drift shows) and refits when they leave it or shrink to a corner of it.
  if (g.view_set && !g.view_user) {
    const auto& vw = g.view;
    const bool inside = p.lo[0] >= vw.x0 && p.hi[0] <= vw.x1 && p.lo[1] >= vw.y0 && p.hi[1] <= vw.y1;
    const float data_area = (p.hi[0] - p.lo[0]) * (p.hi[1] - p.lo[1]), view_area = (vw.x1 - vw.x0) * (vw.y1 - vw.y0);
    if (!inside || data_area < 0.2f * view_area) g.view_set = false;
  }
  if (!g.view_set) {  // the bulk of the points, h and the tips of its arrows
    float lo[2] = {p.lo[0], p.lo[1]}, hi[2] = {p.hi[0], p.hi[1]};
    if (p.unembedding && !p.grad.grad.empty()) {
      for (const auto& d : {std::array<float, 2>{0, 0}, p.grad_dir, p.true_dir, p.expected_dir})
        for (float sgn : {-1.0f, 1.0f})
          for (int k = 0; k < 2; k++) {
            const float x = p.hidden_xy[k] + sgn * g.step_eta * d[k];
            lo[k] = std::min(lo[k], x), hi[k] = std::max(hi[k], x);
          }
    }
    const float mx = 0.08f * (hi[0] - lo[0]), my = 0.08f * (hi[1] - lo[1]);
    g.view = {lo[0] - mx, hi[0] + mx, lo[1] - my, hi[1] + my};
    g.view_set = true;
  }
  const int w = std::max(32, int(size.x)), h = std::max(32, int(size.y));
  g.cloud.set_points(g.xy, g.col, g.built_version);
  // Pinned tokens' trails over the updates, projected in today's basis (a refit redraws them whole),
  // drawn into the same texture as the points by whichever path draws them.
  if (g.trails_version != g.st.version()) {
    g.trail_xy.clear();
    g.trail_starts.assign(1, 0);
    for (const auto& [id, trail] : g.st.trails()) {
      for (const auto& [step, row] : trail) {
        float q[2];
        inspect::project(p.basis, row.data(), 1, q);
        g.trail_xy.push_back(q[0]), g.trail_xy.push_back(q[1]);
      }
      g.trail_starts.push_back(int(g.trail_xy.size() / 2));
    }
    g.trails_version = g.st.version();
  }
  g.cloud.set_trails(g.trail_xy, g.trail_starts, IM_COL32(255, 255, 255, 150), g.trails_version);
  ImTextureID tex = g.cloud.render(g.view, w, h, g.point_px * ImGui::GetIO().FontGlobalScale, kBackground);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Image(tex, ImVec2(float(w), float(h)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(o, ImVec2(o.x + w, o.y + h), true);
  auto px = [&](float x, float y) {
    return ImVec2(o.x + (x - g.view.x0) / (g.view.x1 - g.view.x0) * w, o.y + (g.view.y1 - y) / (g.view.y1 - g.view.y0) * h);
  };
  const auto& v = *p.view;
  // Pinned tokens: a ring and a label (their trails are in the texture).
  for (const auto& [id, trail] : g.st.trails()) {
    if (id < p.rows) {
      const ImVec2 c = px(p.xy[2 * id], p.xy[2 * id + 1]);
      dl->AddCircle(c, 6, IM_COL32(255, 255, 255, 230), 0, 2);
      dl->AddText(ImVec2(c.x + 8, c.y - 8), IM_COL32(255, 255, 255, 255), token_text(tok, id, v.V).c_str());
    }
  }
  // h and the two parts of its gradient step: −Σ P·v (away from the expected row), +v_true (toward the
  // true row), their sum −∇_h L. Arrows scaled by η, as the move of h one step of size η would make.
  if (p.unembedding && !p.grad.grad.empty()) {
    const ImVec2 hp = px(p.hidden_xy[0], p.hidden_xy[1]);
    const float e = g.step_eta;
    auto tip = [&](std::array<float, 2> d, float sgn) { return px(p.hidden_xy[0] + sgn * e * d[0], p.hidden_xy[1] + sgn * e * d[1]); };
    draw_arrow(dl, hp, tip(p.expected_dir, -1), IM_COL32(255, 150, 60, 255), 2);
    draw_arrow(dl, hp, tip(p.true_dir, +1), IM_COL32(110, 220, 120, 255), 2);
    draw_arrow(dl, hp, tip(p.grad_dir, -1), IM_COL32(255, 255, 255, 255), 3);
    ImVec2 cur = hp;
    if (g.step_anim_t0 >= 0) {  // "one step": h slides to h − η∇h over 0.8 s and stays there
      const float t = std::min(1.0f, float(ImGui::GetTime() - g.step_anim_t0) / 0.8f);
      const ImVec2 end = tip(p.grad_dir, -1);
      cur = ImVec2(hp.x + t * (end.x - hp.x), hp.y + t * (end.y - hp.y));
      dl->AddCircle(hp, 7, IM_COL32(255, 255, 255, 110), 4, 1.5f);
    }
    dl->AddQuadFilled(ImVec2(cur.x, cur.y - 7), ImVec2(cur.x + 7, cur.y), ImVec2(cur.x, cur.y + 7), ImVec2(cur.x - 7, cur.y),
                      IM_COL32(255, 255, 255, 255));
    dl->AddText(ImVec2(cur.x + 9, cur.y + 2), IM_COL32(255, 255, 255, 255), "h");
  }
  dl->PopClipRect();
  if (!ImGui::IsItemHovered()) return;
  ImGuiIO& io = ImGui::GetIO();
  const float mx = g.view.x0 + (io.MousePos.x - o.x) / w * (g.view.x1 - g.view.x0);
  const float my = g.view.y1 - (io.MousePos.y - o.y) / h * (g.view.y1 - g.view.y0);
  if (io.MouseWheel != 0 || ImGui::IsMouseDragging(ImGuiMouseButton_Left)) g.view_user = true;
  if (io.MouseWheel != 0) {  // zoom about the mouse
    const float k = std::pow(0.85f, io.MouseWheel);
    g.view = {mx + (g.view.x0 - mx) * k, mx + (g.view.x1 - mx) * k, my + (g.view.y0 - my) * k, my + (g.view.y1 - my) * k};
  }
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    const float dx = io.MouseDelta.x / w * (g.view.x1 - g.view.x0), dy = io.MouseDelta.y / h * (g.view.y1 - g.view.y0);
    g.view = {g.view.x0 - dx, g.view.x1 - dx, g.view.y0 + dy, g.view.y1 + dy};
  }
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) g.view_set = false, g.view_user = false;
  // The nearest point within 8 px.
  const float sx = w / (g.view.x1 - g.view.x0), sy = h / (g.view.y1 - g.view.y0);
  int best = -1;
  float best_d = 64;
  for (int i = 0; i < p.rows; i++) {
    const float dx = (p.xy[2 * i] - mx) * sx, dy = (p.xy[2 * i + 1] - my) * sy, d = dx * dx + dy * dy;
    if (d < best_d) best_d = d, best = i;
  }
  if (best < 0) return;
  ImGui::BeginTooltip();
  ImGui::Text(tr("%s   id %d"), token_text(tok, best, v.V).c_str(), best);
  ImGui::Text(tr("%lld times in the training text (%s)"), (long long)g.groups.count[best],
              tr(group_title(TokenGroup(g.groups.group[best]))));
  ImGui::Text(tr("‖row‖ = %.3f   at (%.3f, %.3f)"), p.norms[best], p.xy[2 * best], p.xy[2 * best + 1]);
  ImGui::TextDisabled("%s", tr("click to pin (a trail follows it over training)"));
  ImGui::EndTooltip();
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 9) g.st.toggle_pin(best);
}

void draw_top_table(AppState& s, const Projection& p, const Tokenizer* tok) {
  const auto& v = *p.view;
  ImGui::Text(tr("Probe position %d: loss −ln P(true) = %.3f,  ‖h‖ = %.3f"), v.position, p.grad.loss,
              p.top.empty() ? 0.0 : p.top[0].term.h_norm);
  if (ImGui::BeginTable("##top", 7, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    for (const char* hname : {tr("token"), "P", "‖v‖", "cos θ", "b", "logit", "‖∇v‖"}) ImGui::TableSetupColumn(hname);
    ImGui::TableHeadersRow();
    for (const TopToken& t : p.top) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (t.is_true) ImGui::TextColored(ImVec4(0.45f, 0.9f, 0.5f, 1), tr("%s (true)"), token_text(tok, t.term.token, v.V).c_str());
      else ImGui::TextUnformatted(token_text(tok, t.term.token, v.V).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.3g", t.prob);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", t.term.v_norm);
      ImGui::TableNextColumn();
      ImGui::Text("%+.3f", t.term.cos);
      ImGui::TableNextColumn();
      ImGui::Text("%+.3f", t.term.bias);
      ImGui::TableNextColumn();
      ImGui::Text("%+.3f", t.term.logit());
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("%.3f · %.3f · %+.3f %+.3f = %+.4f\n(the model's own logit: %+.4f)"), t.term.v_norm, t.term.h_norm,
                          t.term.cos, t.term.bias, t.term.logit(), v.logits[t.term.token]);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", t.row_grad_norm);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", t.is_true ? tr("∇v_true = (P − 1)·h: the true row is pulled toward h")
                                          : tr("∇v_i = P_i·h: a wrong row is pushed away from h, harder the likelier it was"));
    }
    ImGui::EndTable();
  }
  widgets::export_csv_button(s, "embedding-logits", [&] { return top_logits_table(p, tok); });
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("%s", tr("logit = ‖v‖·‖h‖·cos θ + b. A token never seen as a target only ever gets the P·h push, "
                              "so its logits only go down (Rare vs common)."));
  ImGui::PopStyleColor();
}

void draw_gradient(AppState& s, const Projection& p, train::Trainer* trainer) {
  ImGui::TextColored(ImVec4(1, 0.6f, 0.25f, 1), "−Σ P(w_i)·v_i");
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(0.45f, 0.86f, 0.47f, 1), "+ v_true");
  ImGui::SameLine();
  ImGui::Text(tr("= −∇_h L   (‖∇_h L‖ = %.3f)"), [&] {
    double s = 0;
    for (float x : p.grad.grad) s += double(x) * x;
    return std::sqrt(s);
  }());
  if (!classroom_hides(s, kId, "eta")) {  // classroom mode folds away what a lesson step does not set
    ImGui::SetNextItemWidth(10 * ImGui::GetFontSize());
    ImGui::SliderFloat(tr("step size η"), &g.step_eta, 0.01f, 10.0f, "%.2f", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
  }
  if (ImGui::Button(tr("One step of h"))) {
    g.step_anim_t0 = ImGui::GetTime();
    std::vector<float> moved(p.view->hidden);
    for (size_t c = 0; c < moved.size(); c++) moved[c] -= g.step_eta * p.grad.grad[c];
    auto z = inspect::logits_at(p.view->unembedding_rows(), p.view->bias.data(), moved, p.view->V);
    std::vector<float> pr(z.size());
    if (softmax(z, 1.0f, pr)) {
      g.stepped_p = pr[p.view->target];
      g.stepped_loss = -std::log(std::max(1e-30, g.stepped_p));
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Move h alone by −η·∇_h L (the weights stay): the loss at h after the move"));
  ImGui::SameLine();
  ImGui::BeginDisabled(!trainer);
  if (ImGui::Button(tr("Train one step")) && trainer) {
    trainer->step(1);
    g.step_anim_t0 = -1;
  }
  ImGui::EndDisabled();
  if (g.step_anim_t0 >= 0)
    ImGui::Text(tr("after the move: loss %.3f (was %.3f), P(true) %.3g"), g.stepped_loss, p.grad.loss, g.stepped_p);
  widgets::export_csv_button(s, "embedding-gradient", [&] { return gradient_table(p); });
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("h, Σ P·v, v_true and ∇_h L on the two axes and in every component (the arrows are in "
                               "the point cloud's PNG)"));
}

widgets::Table spectrum_table(const train::Snapshot& s) {
  std::vector<std::string> header{"step", "effective_rank"};
  std::vector<widgets::Column> cols(2);
  const size_t C = s.spectrum_history.empty() ? 0 : s.spectrum_history.back().sv.size();
  for (size_t k = 0; k < C; k++) header.push_back("sigma_" + std::to_string(k + 1)), cols.emplace_back(std::vector<double>{});
  for (const auto& q : s.spectrum_history) {
    cols[0].numbers.push_back(double(q.step));
    cols[1].numbers.push_back(q.effective_rank);
    for (size_t k = 0; k < C; k++) cols[2 + k].numbers.push_back(k < q.sv.size() ? q.sv[k] : std::nan(""));
  }
  return widgets::Table{header, cols};
}

void draw_spectrum(AppState& s, const train::Snapshot& snap, float height) {
  if (snap.spectrum_history.empty()) {
    ImGui::TextDisabled("%s", tr("The singular values of E are measured at each evaluation while this panel is open."));
    return;
  }
  const auto& last = snap.spectrum_history.back();
  std::vector<double> k, sv, steps, er;
  for (size_t i = 0; i < last.sv.size(); i++) k.push_back(double(i + 1)), sv.push_back(std::max(1e-6, last.sv[i]));
  for (const auto& q : snap.spectrum_history) steps.push_back(double(q.step)), er.push_back(q.effective_rank);
  ImGui::Text(tr("Singular values of E at step %llu: effective rank %.1f of %zu"), (unsigned long long)last.step,
              last.effective_rank, last.sv.size());
  if (ImGui::BeginTable("##spec", 2, ImGuiTableFlags_None)) {
    ImGui::TableNextColumn();
    widgets::LinePlot a;
    a.id = "##sv";
    a.size = ImVec2(0, height);
    a.log_y = true;
    a.y_lo = *std::min_element(sv.begin(), sv.end()) / 1.1;  // headroom for the label over σ_1's end
    a.y_hi = *std::max_element(sv.begin(), sv.end()) * 1.6;
    if (!(a.y_hi > a.y_lo)) a.y_lo = a.y_hi = 0;
    a.x_label = "k";
    a.y_label = "σ_k";
    a.series = {{k, sv, widgets::colors::exact, "σ_k", true}};
    widgets::line_plot(a);
    ImGui::TableNextColumn();
    widgets::LinePlot b;
    b.id = "##erank";
    b.size = ImVec2(0, height);
    b.x_label = tr("step");
    b.y_label = tr("effective rank");
    b.y_lo = 0;
    // Out of C (the most it can be), with room above for the axis label and the legend: a rank near C
    // drew its line under them, out of sight.
    b.y_hi = 1.2 * double(last.sv.size());
    b.series = {{steps, er, widgets::colors::simulated, tr("exp(entropy of σ/Σσ)"), steps.size() < 40}};
    widgets::line_plot(b);
    ImGui::EndTable();
  }
  widgets::export_buttons(s, "embedding-spectrum", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                          [&] { return spectrum_table(snap); });
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  LabSession& lab = lab_session(s);
  if (!lab.slot(SlotId::Gpt).trainer() && lab.slot(SlotId::Llada).trainer()) g.slot = 1;
  ClassroomRow row(s, kId);  // classroom mode folds away what a lesson step does not set
  if (row.show("model")) {
    ImGui::RadioButton("GPT", &g.slot, 0);
    ImGui::SameLine();
    ImGui::RadioButton("LLaDA", &g.slot, 1);
  }
  TrainerSlot& slot = lab.slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada);
  const train::TrainConfig* cfg = slot.config();
  const bool tied = cfg && cfg->model.tie_weights;
  if (row.show("unembedding")) {
    ImGui::BeginDisabled(tied);
    int table = g.unembedding || tied ? 1 : 0;
    ImGui::SetNextItemWidth(12 * ImGui::GetFontSize());
    const char* tables[] = {tr("E (input embedding)"), tied ? tr("W_U = E (tied)") : tr("W_U (unembedding)")};
    if (ImGui::Combo("##table", &table, tables, 2))
      g.unembedding = table == 1, g.view_set = false;
    ImGui::EndDisabled();
  }
  if (row.show("color")) {
    ImGui::SetNextItemWidth(9 * ImGui::GetFontSize());
    const char* colorings[] = {tr("by group"), tr("by frequency")};
    ImGui::Combo("##color", &g.color_by, colorings, 2);
  }
  if (row.show("follow")) {
    ImGui::Checkbox(tr("follow training"), &g.follow);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Off: the axes stay those fitted at one step, so a token's drift can be followed.\n"
                                 "On: refit at every update (turned to match the previous axes: no flips)."));
    ImGui::SameLine();
  }
  const bool refit = ImGui::SmallButton(tr("Refit axes now"));
  ProjectionRequest req{g.unembedding || tied, g.follow, refit};
  g.st.update(slot, req);
  s.panel_waiting |= g.st.waiting(slot);
  auto snap = slot.snapshot();
  auto proj = g.st.shown();
  if (!snap || !slot.data()) {
    ImGui::TextWrapped(tr("No %s model yet: build one in the Training panel."), slot_name(slot.id()));
    ImGui::End();
    return;
  }
  if (!proj) {
    ImGui::TextDisabled("%s", g.st.error().empty() ? tr("projecting the table…") : tr_message(g.st.error()).c_str());
    ImGui::End();
    return;
  }
  const Tokenizer* tok = slot.tokenizer().get();
  if (g.groups_for != slot.data() || g.groups_rows != proj->rows) {
    g.point_px = proj->rows <= 5000 ? 4.0f : 2.0f;  // a few hundred points can be larger
    g.groups.build(proj->rows, cfg ? cfg->model.mask_id() : -1, &slot.data()->stats, &slot.data()->groups);
    g.groups_for = slot.data(), g.groups_rows = proj->rows;
    g.view_set = false, g.view_user = false;
    build_order(proj->rows);
    g.built_version = 0;
  }
  if (g.built_version != g.st.version() || g.built_color != g.color_by) {
    build_points(*proj);
    g.built_version = g.st.version();
    g.built_color = g.color_by;
  }
  const auto& v = *proj->view;
  const double share = proj->basis.total_variance > 0
                           ? 100.0 * (proj->basis.variance[0] + proj->basis.variance[1]) / proj->basis.total_variance : 0;
  ImGui::Text(tr("step %llu · %d tokens of %s · axes fitted at step %llu (%.0f %% of the variance) · drawn by %s in %.1f ms"),
              (unsigned long long)v.step, proj->rows, proj->unembedding ? "W_U" : "E", (unsigned long long)proj->basis_step,
              share, widgets::path_name(g.cloud.last_path()), g.cloud.last_ms());
  if (cfg && cfg->model.kind == ModelKind::ZeroLayerGPT)
    ImGui::TextWrapped("%s", tr("A zero-layer model sees only the current token: logits = W_U·act(E[x_t]) + b, nothing "
                                "mixes positions, so it cannot use any earlier token (seed note 003)."));
  ImGui::SetNextItemWidth(10 * ImGui::GetFontSize());
  if (ImGui::InputTextWithHint("##search", tr("find a token…"), g.search, sizeof g.search, ImGuiInputTextFlags_EnterReturnsTrue) ||
      g.search_pending) {
    g.search_pending = false;
    run_search(tok, proj->rows);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(tr("Unpin all"))) g.st.clear_pins();
  if (!classroom_hides(s, kId, "point_size")) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
    ImGui::SliderFloat(tr("point size"), &g.point_px, 1, 6, "%.0f px");
  }
  if (!g.search_note.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", g.search_note.c_str());
  }
  const float fs = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool side = avail.x > 60 * fs;
  const float cloud_w = side ? avail.x * 0.55f : avail.x;
  const float cloud_h = std::max(12 * fs, (side ? avail.y : avail.y * 0.55f) - 2.2f * fs);
  ImGui::BeginGroup();
  draw_cloud(*proj, tok, ImVec2(cloud_w, cloud_h));
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  widgets::export_buttons(s, "embedding-space", a, b, [&] { return projection_table(*proj, tok, g.groups); });
  ImGui::EndGroup();
  if (side) ImGui::SameLine();
  ImGui::BeginChild("##probe", ImVec2(0, 0), false);
  if (proj->unembedding && !proj->top.empty()) {
    draw_top_table(s, *proj, tok);
    draw_gradient(s, *proj, slot.trainer());
  } else {
    ImGui::TextWrapped("%s", tr("h lives where the rows of W_U do: choose W_U to see the probe's hidden state, its top "
                                "logits and the gradient."));
  }
  ImGui::Separator();
  if (tying_wanted_open()) ImGui::SetNextItemOpen(true);
  const bool tying_open = ImGui::CollapsingHeader(tr_id("Weight tying: tied vs untied", "tying"));
  if (tying_open) draw_tying(s, lab.slot(SlotId::Gpt));
  ImGui::Separator();
  draw_spectrum(s, *snap, std::max(6 * fs, ImGui::GetContentRegionAvail().y - 4 * fs));
  ImGui::EndChild();
  ImGui::End();
}

void file_points_csv(AppState& s) {
  auto p = g.st.shown();
  TrainerSlot& slot = lab_session(s).slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada);
  if (!p) return s.error(tr("no embedding projection to export yet\nHINT: open the Embedding space panel with a model"));
  widgets::export_csv(s, "embedding-space", projection_table(*p, slot.tokenizer().get(), g.groups));
}
void file_points_png(AppState& s) { widgets::export_plot_png(s, "embedding-space"); }
// The probe's tables (W_U shown, a probe with a target): the top logits and ∇_h L's parts.
void file_probe_csv(AppState& s, bool gradient) {
  auto p = g.st.shown();
  if (!p || p->top.empty())
    return s.error(tr("no probe position to export yet\nHINT: show W_U in the Embedding space panel with a model"));
  TrainerSlot& slot = lab_session(s).slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada);
  if (gradient) widgets::export_csv(s, "embedding-gradient", gradient_table(*p));
  else widgets::export_csv(s, "embedding-logits", top_logits_table(*p, slot.tokenizer().get()));
}
void file_logits_csv(AppState& s) { file_probe_csv(s, false); }
void file_gradient_csv(AppState& s) { file_probe_csv(s, true); }
void file_spectrum_csv(AppState& s) {
  auto snap = lab_session(s).slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada).snapshot();
  if (!snap || snap->spectrum_history.empty())
    return s.error(tr("no singular values measured yet\nHINT: train with the Embedding space panel open"));
  widgets::export_csv(s, "embedding-spectrum", spectrum_table(*snap));
}

void file_spectrum_png(AppState& s) { widgets::export_plot_png(s, "embedding-spectrum"); }

// What each entry needs before a scripted run may use it (FileAction::ready).
bool projection_ready(AppState&) { return bool(g.st.shown()); }
bool probe_ready(AppState&) {
  auto p = g.st.shown();
  return p && !p->top.empty();
}
bool spectrum_ready(AppState& s) {
  auto snap = lab_session(s).slot(g.slot == 0 ? SlotId::Gpt : SlotId::Llada).snapshot();
  return snap && !snap->spectrum_history.empty();
}

RegisterFileAction file_csv{{tr_noop("Export the projected tokens (CSV)"), file_points_csv, kId, projection_ready}};
RegisterFileAction file_png{{tr_noop("Export the point cloud (PNG)"), file_points_png, kId, projection_ready}};
RegisterFileAction file_logits{{tr_noop("Export the probe's top logits (CSV)"), file_logits_csv, kId, probe_ready}};
RegisterFileAction file_grad{{tr_noop("Export ∇_h L and its two parts (CSV)"), file_gradient_csv, kId, probe_ready}};
RegisterFileAction file_spec{{tr_noop("Export the singular values (CSV)"), file_spectrum_csv, kId, spectrum_ready}};
RegisterFileAction file_spec_png{{tr_noop("Export the singular values (PNG)"), file_spectrum_png, kId, spectrum_ready}};
RegisterFileAction file_tying{{tr_noop("Export the tied-vs-untied curves (CSV)"), file_tying_csv, kId, tying_ready}};
RegisterFileAction file_tying_pic{{tr_noop("Export the tied-vs-untied curves (PNG)"), file_tying_png, kId, tying_ready}};
RegisterPanel reg{{kId, kTitle, 90, false, {0, 0, 1, 1}, draw}};
RegisterParams params{kId, {
    Param::choice("model", &g.slot, {"gpt", "llada"}, "whose table is shown: the GPT slot's or LLaDA's"),
    Param::flag("unembedding", &g.unembedding, "show W_U's rows (where h lives) instead of E's"),
    Param::choice("color", &g.color_by, {"group", "frequency"}, "points coloured by rare-vs-common group or by count"),
    Param::flag("follow", &g.follow, "refit the axes at every update (aligned) instead of keeping them fixed"),
    Param::real("point_size", &g.point_px, 1, 6, "point size in pixels"),
    Param::real("eta", &g.step_eta, 0.01, 10, "step size of 'One step of h' and the arrows' scale"),
    Param::text("pin", g.search, sizeof g.search, "a token to find and pin (its trail follows training), as typed in the search box")
        .then([] { g.search_pending = true; }),
    tying_param(), tying_steps_param()}};

}  // namespace

}  // namespace llada::app
