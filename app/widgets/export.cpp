#include "app/widgets/export.hpp"

#include <imgui.h>

#include <cstdio>
#include <ctime>
#include <fstream>

namespace llada::app::widgets {

std::string table_to_csv(const Table& t) {
  std::string out;
  for (size_t c = 0; c < t.header.size(); ++c) out += (c ? "," : "") + t.header[c];
  out += "\n";
  size_t rows = 0;
  for (const auto& col : t.columns) rows = std::max(rows, col.size());
  char buf[40];
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += ",";
      if (r < t.columns[c].size()) {
        std::snprintf(buf, sizeof buf, "%.17g", t.columns[c][r]);  // round-trips a double exactly
        out += buf;
      }
    }
    out += "\n";
  }
  return out;
}

Result<void> write_text_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) return fail("cannot write '" + path + "'", "check that the folder exists and is writable");
  return {};
}

std::string export_path(const AppState& s, const std::string& name, const std::string& ext) {
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  return s.settings.get("export_dir", ".") + "/" + name + "-" + stamp + "." + ext;
}

void export_menu(AppState& s, const char* name, const std::function<Table()>& table) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  if (ImGui::BeginPopupContextItem(name)) {
    if (ImGui::MenuItem("Save plot as PNG")) s.request_capture(export_path(s, name, "png"), a.x, a.y, b.x - a.x, b.y - a.y);
    if (table && ImGui::MenuItem("Save data as CSV")) {
      const std::string path = export_path(s, name, "csv");
      if (auto r = write_text_file(path, table_to_csv(table())); !r) s.error(r.error().to_string());
      else s.info("saved " + path);
    }
    ImGui::EndPopup();
  }
}

}  // namespace llada::app::widgets
