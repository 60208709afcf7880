// Export of what a panel shows, the same way on every panel: "Export PNG" / "Export CSV" buttons under
// a plot (and the same two choices on a right-click of it), File-menu entries (app/file_actions.hpp)
// that call export_plot_png / export_csv, and the CSV text from core/util/csv.hpp. Files go to the
// folder in settings value "export_dir" (default: the working directory), named
// NAME-YYYYMMDD-HHMMSS.png/.csv; the banner says where.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>

#include "app/state.hpp"
#include "app/widgets/layout.hpp"
#include "core/util/csv.hpp"
#include "core/util/result.hpp"

namespace llada::app::widgets {

using Table = CsvTable;    // header + columns of numbers or text
using Column = CsvColumn;

Result<void> write_text_file(const std::string& path, const std::string& text);
// "DIR/NAME-20260523-101500.EXT" with DIR from settings ("export_dir", default ".").
std::string export_path(const AppState& s, const std::string& name, const std::string& ext);

// Call right after a plot (its rectangle is the last item's): "Export PNG" and "Export CSV" small
// buttons on one line under it, and a right-click menu on the plot with the same choices. `table` is
// called only when asked (empty: PNG only). The rectangle is remembered under `name` for
// export_plot_png. The buttons leave the cursor on their line: ImGui::SameLine() may follow.
void export_buttons(AppState& s, const char* name, const std::function<Table()>& table);
// The same buttons for a rectangle given in screen coordinates (e.g. a whole panel), no right-click menu.
void export_buttons(AppState& s, const char* name, ImVec2 a, ImVec2 b, const std::function<Table()>& table);
// A lone "Export CSV" small button (a table with no picture: a list, a trace).
void export_csv_button(AppState& s, const char* name, const std::function<Table()>& table);

// Width of the "Export PNG" [+ "Export CSV"] buttons, to place them with same_line_if_fits (layout.hpp).
float export_buttons_width(bool with_csv);

// For File-menu entries: the rectangle `name` as last drawn, to PNG (an error message when it has
// not been on screen in the last frames), and a table to CSV.
void export_plot_png(AppState& s, const char* name);
// Whether export_plot_png(name) would find the plot on screen now (a FileAction's ready test).
bool plot_on_screen(const char* name);
void export_csv(AppState& s, const char* name, const Table& t);

}  // namespace llada::app::widgets
