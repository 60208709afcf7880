// core/util/csv: the text behind every "Export CSV" of the window.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "core/util/csv.hpp"

using llada::CsvTable;
using llada::csv_field;
using llada::csv_number;
using llada::to_csv;

TEST_CASE("a CSV table is its header row then one row per index, columns in order") {
  CsvTable t{{"step", "loss"}, {std::vector<double>{0, 10, 20}, std::vector<double>{5.5, 4.25, 3}}};
  CHECK(to_csv(t) == "step,loss\n0,5.5\n10,4.25\n20,3\n");
}

TEST_CASE("a table with no rows is its header alone, and an empty table is one empty line") {
  CHECK(to_csv(CsvTable{{"a", "b"}, {std::vector<double>{}, std::vector<double>{}}}) == "a,b\n");
  CHECK(to_csv(CsvTable{}) == "\n");
}

TEST_CASE("a shorter column leaves empty cells at the end, keeping every row's field count") {
  CsvTable t{{"gpt_step", "llada_step"}, {std::vector<double>{1, 2, 3}, std::vector<double>{1}}};
  CHECK(to_csv(t) == "gpt_step,llada_step\n1,1\n2,\n3,\n");
}

TEST_CASE("text columns sit between number columns, and NaN is an empty cell") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CsvTable t{{"id", "piece", "p"},
             {std::vector<double>{464, 50256}, std::vector<std::string>{"The", "<|endoftext|>"}, std::vector<double>{0.5, nan}}};
  CHECK(to_csv(t) == "id,piece,p\n464,The,0.5\n50256,<|endoftext|>,\n");
}

TEST_CASE("fields with a comma, quote, line break or edge space are quoted, inner quotes doubled") {
  CHECK(csv_field("the") == "the");
  CHECK(csv_field("") == "");
  CHECK(csv_field(",") == "\",\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("\n") == "\"\n\"");
  CHECK(csv_field("a\r") == "\"a\r\"");
  CHECK(csv_field(" the") == "\" the\"");  // GPT-2's leading-space tokens keep their space in a spreadsheet
  CHECK(csv_field("Việt Nam") == "Việt Nam");  // UTF-8 passes through untouched
  // Headers are fields too.
  CHECK(to_csv(CsvTable{{"masked at t=0.5, L=8"}, {}}) == "\"masked at t=0.5, L=8\"\n");
}

TEST_CASE("numbers are written in the shortest form that reads back to the same double") {
  CHECK(csv_number(0.1) == "0.1");
  CHECK(csv_number(3) == "3");
  CHECK(csv_number(-10.824905) == "-10.824905");
  CHECK(csv_number(std::numeric_limits<double>::quiet_NaN()) == "");
  for (double v : {1.0 / 3.0, 2.0 / 7.0 * 1e-300, 6.02214076e23, double(0.7f)}) {
    const std::string s = csv_number(v);
    CHECK(std::strtod(s.c_str(), nullptr) == v);
  }
}
