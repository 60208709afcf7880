#include "core/util/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace llada {

std::string csv_field(std::string_view s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return std::string(s);
  std::string out(1, '"');
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_number(double v) {
  if (std::isnan(v)) return {};
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back exactly
  return std::string(buf, r.ptr);
}

std::string to_csv(const CsvTable& t) {
  std::string out;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (c) out += ',';
    out += csv_field(t.header[c]);
  }
  out += '\n';
  std::size_t rows = 0;
  for (const auto& col : t.columns) rows = std::max(rows, col.size());
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const CsvColumn& col = t.columns[c];
      if (c) out += ",";
      if (r >= col.size()) continue;
      out += col.is_text ? csv_field(col.texts[r]) : csv_number(col.numbers[r]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace llada
