// Tables as CSV text (RFC 4180), for the window's "Export CSV" and anything else that writes tables:
// a header row, then one row per index; each column holds numbers or text.
//
//   CsvTable t{{"step", "loss", "token"}, {steps, losses, pieces}};   // vectors of double or of string
//   std::string text = to_csv(t);
//
// Numbers are written in the shortest form that reads back to the same double ("0.1", not
// "0.10000000000000001"); NaN is an empty cell (a value that does not exist). A column shorter than
// the others leaves empty cells at the end (curves of different lengths side by side). Fields holding a
// comma, a double quote, CR, LF or a leading/trailing space are quoted, with quotes doubled, so a
// spreadsheet reads a token such as " the" or "," back exactly. Rows end with "\n".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llada {

struct CsvColumn {
  std::vector<double> numbers;     // a column of numbers…
  std::vector<std::string> texts;  // …or of text (is_text)
  bool is_text = false;

  CsvColumn() = default;
  CsvColumn(std::vector<double> v) : numbers(std::move(v)) {}  // implicit: {xs, ys} builds a table
  CsvColumn(std::vector<std::string> v) : texts(std::move(v)), is_text(true) {}
  std::size_t size() const { return is_text ? texts.size() : numbers.size(); }
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvColumn> columns;
};

// One field as CSV writes it: as is, or quoted with inner quotes doubled when it needs to be.
std::string csv_field(std::string_view s);
// One number: shortest round-trip form; NaN → "" (an empty cell).
std::string csv_number(double v);
std::string to_csv(const CsvTable& t);

}  // namespace llada
