#include "app/i18n/i18n.hpp"
#include "app/widgets/export.hpp"

#include <ctime>
#include <map>

#include "core/util/file.hpp"

namespace llada::app::widgets {

Result<void> write_text_file(const std::string& path, const std::string& text) {
  return write_file_atomic(path, text, "export");  // every write checked (a full disk is an error)
}

std::string export_path(const AppState& s, const std::string& name, const std::string& ext) {
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  std::string dir = s.settings.get("export_dir", ".");
  if (dir.empty()) dir = ".";  // an empty setting means the working folder, never the filesystem's root
  return dir + "/" + name + "-" + stamp + "." + ext;
}

namespace {

struct Shown {
  ImVec2 a, b;
  int frame = -1;
};
// Where each exportable picture was last drawn, for the File menu (which runs while no panel draws).
std::map<std::string, Shown>& shown() {
  static std::map<std::string, Shown> m;
  return m;
}

void capture(AppState& s, const char* name, ImVec2 a, ImVec2 b) {
  s.request_capture(export_path(s, name, "png"), a.x, a.y, b.x - a.x, b.y - a.y);
}

}  // namespace

void export_csv(AppState& s, const char* name, const Table& t) {
  const std::string path = export_path(s, name, "csv");
  if (auto r = write_text_file(path, to_csv(t)); !r) s.error(r.error().to_string());
  else s.info(tr("saved ") + path);
}

bool plot_on_screen(const char* name) {
  auto it = shown().find(name);
  // Drawn in the last two frames: on screen now (the menu closes before the capture, two frames on).
  return it != shown().end() && ImGui::GetFrameCount() - it->second.frame <= 2;
}

void export_plot_png(AppState& s, const char* name) {
  auto it = shown().find(name);
  if (!plot_on_screen(name)) {
    s.error(std::string("'") + name + tr("' is not on screen\nHINT: open its panel (View menu) first"));
    return;
  }
  capture(s, name, it->second.a, it->second.b);
}

void export_buttons(AppState& s, const char* name, ImVec2 a, ImVec2 b, const std::function<Table()>& table) {
  shown()[name] = Shown{a, b, ImGui::GetFrameCount()};
  ImGui::PushID(name);
  if (ImGui::SmallButton(tr("Export PNG"))) capture(s, name, a, b);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("Save this picture as %s-….png"), name);
  ImGui::PopID();
  if (table) {
    ImGui::SameLine();
    export_csv_button(s, name, table);
  }
}

void export_buttons(AppState& s, const char* name, const std::function<Table()>& table) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  if (ImGui::BeginPopupContextItem(name)) {
    if (ImGui::MenuItem(tr("Save plot as PNG"))) capture(s, name, a, b);
    if (table && ImGui::MenuItem(tr("Save data as CSV"))) export_csv(s, name, table());
    ImGui::EndPopup();
  }
  export_buttons(s, name, a, b, table);
}

float export_buttons_width(bool with_csv) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float png = ImGui::CalcTextSize(tr("Export PNG")).x + 2 * st.FramePadding.x;
  const float csv = ImGui::CalcTextSize(tr("Export CSV")).x + 2 * st.FramePadding.x;
  return with_csv ? png + st.ItemSpacing.x + csv : png;
}

void export_csv_button(AppState& s, const char* name, const std::function<Table()>& table) {
  ImGui::PushID(name);
  if (ImGui::SmallButton(tr("Export CSV"))) export_csv(s, name, table());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("Save these numbers as %s-….csv"), name);
  ImGui::PopID();
}

}  // namespace llada::app::widgets
