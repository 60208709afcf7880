// Where lesson text may break between lines (app/widgets/markdown.cpp draws it; this part knows no ImGui,
// so the tests check it): a formula never splits in the middle.
//  - In a paragraph, a word glued to the one before (no space: "`[MASK]`,"), the words of an inline
//    `code` span, the two sides of an operator standing alone ("t = 1", "1 − t", "V × d"), the digit
//    groups of a number ("50 257") and a number with its "%" ("37.5 %") stay on one line; the line breaks only between such units, unless one
//    unit alone is wider than the whole line.
//  - A formula line (indented by four spaces) is made of parts separated by two spaces or more
//    ("z = W_U · h        z_i = w_i · h"): a part moves whole to the next line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llada::app::widgets {

struct FlowItem {
  std::string text;           // one word (or formula part), without spaces
  int style = 0;              // the caller's style of the span it came from
  bool space_before = false;  // a space separates it from the item before (drawn when on the same line)
  bool bind_before = false;   // no line break between it and the item before
  float width = 0;            // set by the caller: the item's width
  float gap = 0;              // set by the caller: the space before it when on the same line
};

struct FlowSpan {
  int style = 0;
  std::string text;
  bool unbreakable = false;  // inline code: its words stay together
};

// The items of a paragraph's spans, with the breaks allowed between them (rules above).
std::vector<FlowItem> flow_items(const std::vector<FlowSpan>& spans);

// The parts of a formula line: split at runs of two spaces or more, each part bound to nothing
// (space_before tells whether a run preceded it; `spaces` receives each run's length, 0 for the first).
std::vector<FlowItem> formula_parts(std::string_view line, std::vector<int>* spaces = nullptr);

// The words of a formula part (split at single spaces), each item's `style` its bracket depth: how many
// ( [ { are open where it starts.
std::vector<FlowItem> formula_words(std::string_view part);

// Line breaks for a formula part too wide for one line, as a formula is typeset: at the shallowest
// bracket depth that lets every line fit (first line `first` wide, the others `rest`), before an operator
// rather than after it. When no depth fits, the breaks of the deepest one (some line stays too wide).
std::vector<bool> formula_line_breaks(const std::vector<FlowItem>& words, float first, float rest);

// For each item, true when it starts a new line: greedy over the unbreakable units, the first line
// `first` wide and the following ones `rest` wide; a unit wider than `rest` breaks between its items.
std::vector<bool> line_breaks(const std::vector<FlowItem>& items, float first, float rest);

}  // namespace llada::app::widgets
