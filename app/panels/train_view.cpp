#include "app/panels/train_view.hpp"

#include <imgui.h>

#include <map>

namespace llada::app {

LossCurve loss_curve(const train::Snapshot& s, bool validation, const std::string& who) {
  LossCurve c;
  c.label = who + (validation ? " validation" : " train");
  for (const auto& p : validation ? s.val_loss : s.train_loss) {
    c.x.push_back(double(p.step));
    c.y.push_back(double(p.loss));
  }
  return c;
}

LossCurve thinned(const LossCurve& c, size_t max_points) {
  if (c.x.size() <= max_points || max_points < 2) return c;
  LossCurve t{c.label, {}, {}};
  const size_t k = (c.x.size() + max_points - 1) / max_points;
  for (size_t i = 0; i < c.x.size(); i += k) t.x.push_back(c.x[i]), t.y.push_back(c.y[i]);
  if (t.x.back() != c.x.back()) t.x.push_back(c.x.back()), t.y.push_back(c.y.back());
  return t;
}

widgets::Table loss_table(const std::vector<LossCurve>& curves) {
  widgets::Table t;
  for (const auto& c : curves) {
    std::string key = c.label;
    for (char& ch : key) ch = ch == ' ' ? '_' : ch;
    t.header.push_back(key + "_step");
    t.header.push_back(key + "_loss");
    t.columns.push_back(c.x);
    t.columns.push_back(c.y);
  }
  return t;
}

namespace {
struct PlotRect {
  ImVec2 a, b;
  int frame = -1;
};
std::map<std::string, PlotRect>& plot_rects() {
  static std::map<std::string, PlotRect> m;
  return m;
}
}  // namespace

void export_csv(AppState& s, const char* name, const widgets::Table& t) {
  const std::string path = widgets::export_path(s, name, "csv");
  if (auto r = widgets::write_text_file(path, widgets::table_to_csv(t)); !r) s.error(r.error().to_string());
  else s.info("saved " + path);
}

void export_plot_png(AppState& s, const char* name) {
  auto it = plot_rects().find(name);
  // Drawn in the last two frames: on screen now (the menu closes before the capture, two frames on).
  if (it == plot_rects().end() || ImGui::GetFrameCount() - it->second.frame > 2) {
    s.error(std::string("the plot '") + name + "' is not on screen\nHINT: open its panel (View menu) first");
    return;
  }
  const PlotRect& r = it->second;
  s.request_capture(widgets::export_path(s, name, "png"), r.a.x, r.a.y, r.b.x - r.a.x, r.b.y - r.a.y);
}

void export_buttons(AppState& s, const char* name, const std::function<widgets::Table()>& table) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  plot_rects()[name] = PlotRect{a, b, ImGui::GetFrameCount()};
  ImGui::PushID(name);
  if (ImGui::SmallButton("Export PNG"))
    s.request_capture(widgets::export_path(s, name, "png"), a.x, a.y, b.x - a.x, b.y - a.y);
  if (table) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Export CSV")) export_csv(s, name, table());
  }
  ImGui::PopID();
}

}  // namespace llada::app
