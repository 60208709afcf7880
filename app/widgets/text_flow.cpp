#include "app/widgets/text_flow.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace llada::app::widgets {

namespace {

// A word that is an operator standing alone binds the words on both sides of it.
bool is_operator(std::string_view w) {
  static constexpr std::array<std::string_view, 24> ops = {"=", "≈", "≠", "<",  ">",  "≤",  "≥",  "·",
                                                           "×", "+", "−", "-",  "→",  "←",  "↦",  "|",
                                                           "/", "∝", "±", "==", "<=", ">=", "->", "=>"};
  return std::find(ops.begin(), ops.end(), w) != ops.end();
}

// A word that only closes what comes before it ("%", "%,", ")", ":") stays with the word before it:
// "37.5 %" is one unit.
bool closes_before(std::string_view w) { return !w.empty() && std::string_view("%),.;:!?").find(w[0]) != std::string_view::npos; }

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// "257" or "000," after "50" or "(100": the next digit group of a number written with spaces.
bool digit_group_after(std::string_view prev, std::string_view w) {
  if (w.size() < 3 || !digit(w[0]) || !digit(w[1]) || !digit(w[2]) || (w.size() > 3 && digit(w[3]))) return false;
  size_t n = 0;
  while (n < prev.size() && digit(prev[prev.size() - 1 - n])) ++n;
  return n >= 1 && n <= 3 && (n == prev.size() || !std::isalpha(static_cast<unsigned char>(prev[prev.size() - 1 - n])));
}

}  // namespace

std::vector<FlowItem> flow_items(const std::vector<FlowSpan>& spans) {
  std::vector<FlowItem> out;
  bool space = false, bind_next = false;
  for (const FlowSpan& sp : spans) {
    const std::string& t = sp.text;
    bool first_in_span = true;
    size_t i = 0;
    while (i < t.size()) {
      if (t[i] == ' ') {
        space = true;
        ++i;
        continue;
      }
      size_t j = t.find(' ', i);
      if (j == std::string::npos) j = t.size();
      FlowItem it;
      it.text = t.substr(i, j - i);
      it.style = sp.style;
      it.space_before = space && !out.empty();
      const bool op = is_operator(it.text);
      if (!out.empty()) {
        const FlowItem& prev = out.back();
        it.bind_before = !it.space_before || bind_next || op || (sp.unbreakable && !first_in_span) ||
                         digit_group_after(prev.text, it.text) || closes_before(it.text);
      }
      bind_next = op;
      out.push_back(std::move(it));
      space = false;
      first_in_span = false;
      i = j;
    }
  }
  return out;
}

std::vector<FlowItem> formula_parts(std::string_view line, std::vector<int>* spaces) {
  std::vector<FlowItem> out;
  if (spaces) spaces->clear();
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  int run = 0;
  while (i < line.size()) {
    size_t end = i;
    while (end < line.size() && !(line[end] == ' ' && end + 1 < line.size() && line[end + 1] == ' ')) ++end;
    size_t stop = end;
    while (stop > i && line[stop - 1] == ' ') --stop;  // a single trailing space
    FlowItem it;
    it.text = std::string(line.substr(i, stop - i));
    it.space_before = !out.empty();
    out.push_back(std::move(it));
    if (spaces) spaces->push_back(out.size() == 1 ? 0 : run);
    size_t next = end;
    while (next < line.size() && line[next] == ' ') ++next;
    run = int(next - stop);
    i = next;
  }
  return out;
}

std::vector<FlowItem> formula_words(std::string_view part) {
  std::vector<FlowItem> out;
  int depth = 0;
  size_t i = 0;
  while (i < part.size()) {
    if (part[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = part.find(' ', i);
    if (j == std::string_view::npos) j = part.size();
    FlowItem it;
    it.text = std::string(part.substr(i, j - i));
    it.style = depth;
    it.space_before = !out.empty();
    for (char c : it.text) depth += (c == '(' || c == '[' || c == '{') - (c == ')' || c == ']' || c == '}');
    depth = std::max(depth, 0);
    out.push_back(std::move(it));
    i = j;
  }
  return out;
}

std::vector<bool> formula_line_breaks(const std::vector<FlowItem>& words, float first, float rest) {
  int deepest = 0;
  for (const FlowItem& w : words) deepest = std::max(deepest, w.style);
  const size_t n = words.size();
  std::vector<bool> breaks;
  for (int d = 0; d <= deepest; ++d) {
    auto allowed = [&](size_t i) { return words[i].style <= d && !is_operator(words[i - 1].text); };
    breaks.assign(n, false);
    bool fits = true;
    float avail = first;
    for (size_t start = 0; start < n;) {  // one line: the latest allowed break that keeps it within avail
      float x = words[start].width;
      size_t last = 0, next = n;
      for (size_t i = start + 1; i < n && next == n; ++i) {
        if (allowed(i) && x <= avail) last = i;
        else if (allowed(i)) next = i, fits = false;  // too wide already, and no break before: overflow
        if (next == n) {
          x += words[i].gap + words[i].width;
          if (x > avail && last) next = last;
        }
      }
      if (next == n) {
        fits &= x <= avail;
        break;
      }
      breaks[next] = true, start = next, avail = rest;
    }
    if (fits) break;
  }
  return breaks;
}

std::vector<bool> line_breaks(const std::vector<FlowItem>& items, float first, float rest) {
  std::vector<bool> breaks(items.size(), false);
  float x = 0, avail = first;
  bool line_empty = true;
  for (size_t u = 0; u < items.size();) {
    size_t end = u + 1;  // the unit: u and the items bound to it
    float w = items[u].width;
    while (end < items.size() && items[end].bind_before) w += items[end].gap + items[end].width, ++end;
    if (!line_empty && x + items[u].gap + w > avail) {
      breaks[u] = true, x = 0, avail = rest, line_empty = true;
    }
    if (line_empty && w > avail) {  // wider than a whole line: break inside it, item by item
      for (size_t k = u; k < end; ++k) {
        if (!line_empty && x + items[k].gap + items[k].width > avail) breaks[k] = true, x = 0, avail = rest, line_empty = true;
        x += (line_empty ? 0 : items[k].gap) + items[k].width;
        line_empty = false;
      }
    } else {
      x += (line_empty ? 0 : items[u].gap) + w;
      line_empty = false;
    }
    u = end;
  }
  return breaks;
}

}  // namespace llada::app::widgets
