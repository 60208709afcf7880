// Where lesson text may break between lines (app/widgets/text_flow.hpp): at every column width, a
// formula never splits in the middle — operators keep their sides, numbers their digit groups, inline
// code its words, a formula line its parts — and a unit wider than the whole line still breaks.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/widgets/text_flow.hpp"

using namespace llada::app::widgets;

namespace {

// One unit of width per character (UTF-8 continuation bytes do not count), one per space.
float chars(const std::string& s) {
  float n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<FlowItem> measured(std::vector<FlowItem> items, const std::vector<int>* runs = nullptr) {
  for (size_t i = 0; i < items.size(); ++i) {
    items[i].width = chars(items[i].text);
    items[i].gap = runs ? float((*runs)[i]) : items[i].space_before ? 1.0f : 0.0f;
  }
  return items;
}

// The lines as text, items joined by one space.
std::vector<std::string> lines(const std::vector<FlowItem>& items, float width) {
  const std::vector<bool> br = line_breaks(items, width, width);
  std::vector<std::string> out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i == 0 || br[i]) out.emplace_back();
    else out.back() += items[i].space_before ? " " : "";
    out.back() += items[i].text;
  }
  return out;
}

// The lines of a formula part broken by formula_line_breaks, the first `width` wide, the others 2 less.
std::vector<std::string> lines_of(const std::vector<FlowItem>& words, float width) {
  const std::vector<bool> br = formula_line_breaks(words, width, width - 2);
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i == 0 || br[i]) out.emplace_back();
    else out.back() += " ";
    out.back() += words[i].text;
  }
  return out;
}

bool breaks_before(const std::vector<FlowItem>& items, float width, const std::string& word) {
  const std::vector<bool> br = line_breaks(items, width, width);
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].text == word && br[i]) return true;
  return false;
}

}  // namespace

TEST_CASE("text flow: an operator keeps both its sides on one line at every width") {
  const auto items = measured(flow_items({{0, "At t = 0 nothing is hidden; at t = 1 everything is, and 1 − t is kept.", false}}));
  for (float w = 6; w <= 80; w += 1) {
    CAPTURE(w);
    const std::vector<bool> br = line_breaks(items, w, w);
    for (size_t i = 0; i < items.size(); ++i) {
      const bool op = items[i].text == "=" || items[i].text == "−";
      if (op) CHECK_FALSE(br[i]);                                // not before the operator
      if (op && i + 1 < items.size()) CHECK_FALSE(br[i + 1]);    // nor after it
    }
  }
  // Somewhere the plain words did break: the test is not vacuous.
  CHECK(lines(items, 20).size() > 2);
  bool whole = false;
  for (const auto& l : lines(items, 20)) whole |= l.find("t = 1") != std::string::npos;
  CHECK(whole);
}

TEST_CASE("text flow: a number's digit groups and its %, inline code and glued punctuation stay together") {
  std::vector<FlowSpan> spans = {{0, "the tokenizer has about 100 000 tokens, shapes 37.5 % and ", false},
                                 {3, "[5, 8, 64]", true},
                                 {0, ", and ", false},
                                 {3, "[MASK]", true},
                                 {0, ", done", false}};
  const auto items = measured(flow_items(spans));
  for (float w = 11; w <= 70; w += 1) {
    CAPTURE(w);
    CHECK_FALSE(breaks_before(items, w, "000"));
    CHECK_FALSE(breaks_before(items, w, "%"));
    CHECK_FALSE(breaks_before(items, w, "8,"));
    CHECK_FALSE(breaks_before(items, w, "64]"));
    CHECK_FALSE(breaks_before(items, w, ","));  // the comma after [5, 8, 64] and after [MASK]
  }
  // "2 words" is not a number: "2" and "words" may part.
  const auto plain = measured(flow_items({{0, "xxxxxxxx 2 words", false}}));
  CHECK(breaks_before(plain, 10, "words"));
}

TEST_CASE("text flow: a formula line moves its parts whole to the next line") {
  std::vector<int> runs;
  const auto parts = measured(formula_parts("z = W_U · h        z_i = w_i · h        (W_U has one row w_i per token: V × d)", &runs),
                              &runs);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].text == "z = W_U · h");
  CHECK(parts[1].text == "z_i = w_i · h");
  CHECK(parts[2].text == "(W_U has one row w_i per token: V × d)");
  CHECK(runs == std::vector<int>{0, 8, 8});
  CHECK(lines(parts, 200).size() == 1);                                     // wide: as written
  CHECK(lines(parts, 40) == std::vector<std::string>{"z = W_U · h z_i = w_i · h", "(W_U has one row w_i per token: V × d)"});
  CHECK(lines(parts, 20).size() == 3);                                      // narrow: one part a line
  CHECK(formula_parts("    Embedding(V, 64) → GELU → Linear(64, V)").size() == 1);  // single spaces: one part
}

TEST_CASE("text flow: a unit wider than the whole line breaks inside, and nothing is lost") {
  const auto items = measured(flow_items({{3, "a b c d e f g h i j k l m n o p", true}}));
  const auto ls = lines(items, 7);
  CHECK(ls.size() > 2);
  std::string joined;
  for (const auto& l : ls) {
    CHECK(chars(l) <= 7);
    joined += (joined.empty() ? "" : " ") + l;
  }
  CHECK(joined == "a b c d e f g h i j k l m n o p");
}

TEST_CASE("text flow: a formula too wide for the column breaks at its shallowest bracket depth, before an operator") {
  const auto words = formula_words("L(θ) = −E[ (1/t) · Σ_i ]");
  REQUIRE(words.size() == 7);
  CHECK(words[0].style == 0);  // L(θ)
  CHECK(words[2].style == 0);  // −E[
  CHECK(words[3].style == 1);  // (1/t), inside E[ ]
  CHECK(words[6].style == 1);  // ]

  const auto depth = measured(formula_words("aaaa + bbbb + ( cc + dd )"));
  CHECK(lines_of(depth, 15) == std::vector<std::string>{"aaaa + bbbb", "+ ( cc + dd )"});

  const auto loss = measured(formula_words("L(θ) = −E[ (1/t) · Σ_i 1[x_t^i = M] · log p_θ(x_0^i | x_t) ]"));
  CHECK(lines_of(loss, 200).size() == 1);
  for (float w = 30; w <= 56; w += 1) {
    CAPTURE(w);
    const auto ls = lines_of(loss, w);
    CHECK(ls.size() >= 2);
    for (size_t i = 0; i < ls.size(); ++i) {
      CHECK(chars(ls[i]) <= (i == 0 ? w : w - 2));
      const std::string& l = ls[i];
      for (const char* op : {" =", " ·", " −", " |"}) CHECK_FALSE(l.ends_with(op));  // an operator starts the next line
    }
  }
}
