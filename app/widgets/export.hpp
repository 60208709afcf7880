// Export of what a panel shows: a right-click menu on a plot ("Save as PNG", "Save data as CSV") and
// the CSV writer behind it. Files go to the folder in settings value "export_dir" (default: the working
// directory), named NAME-YYYYMMDD-HHMMSS.png/.csv; the banner says where.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/state.hpp"
#include "core/util/result.hpp"

namespace llada::app::widgets {

// A table for CSV: a header row and columns of numbers (all the same length).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<double>> columns;
};

std::string table_to_csv(const Table& t);
Result<void> write_text_file(const std::string& path, const std::string& text);
// "DIR/NAME-20260523-101500.EXT" with DIR from settings ("export_dir", default ".").
std::string export_path(const AppState& s, const std::string& name, const std::string& ext);

// Call right after a plot (its rectangle is the last item's): a right-click on it opens a menu to save
// it as PNG (the pixels on screen) or its data as CSV (`table` is called only then; may be empty).
void export_menu(AppState& s, const char* name, const std::function<Table()>& table = {});

}  // namespace llada::app::widgets
