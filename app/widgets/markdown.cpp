#include "app/widgets/markdown.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "app/fonts.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/text_flow.hpp"

namespace llada::app::widgets {

namespace {

enum class Style { Plain, Em, Bold, Code };

struct Span {
  Style style;
  std::string text;
};

// Splits a paragraph into styled spans: `code` first (nothing inside it is markup), then ** and * / _.
std::vector<Span> spans(std::string_view s) {
  std::vector<Span> out;
  std::string cur;
  Style st = Style::Plain;
  auto flush = [&] {
    if (!cur.empty()) out.push_back({st, std::move(cur)});
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '`') {
      flush();
      st = st == Style::Code ? Style::Plain : Style::Code;
      continue;
    }
    if (st != Style::Code && c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
      flush();
      st = st == Style::Bold ? Style::Plain : Style::Bold;
      ++i;
      continue;
    }
    // A single * or _ toggles emphasis when it hugs a word (not "a * b", not snake_case inside a word).
    if (st != Style::Code && (c == '*' || c == '_')) {
      const bool opens = st == Style::Plain && i + 1 < s.size() && s[i + 1] != ' ' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(');
      const bool closes = st == Style::Em && i > 0 && s[i - 1] != ' ' &&
                          (i + 1 == s.size() || !std::isalnum(static_cast<unsigned char>(s[i + 1])));
      if (opens || closes) {
        flush();
        st = opens ? Style::Em : Style::Plain;
        continue;
      }
    }
    cur += c;
  }
  flush();
  return out;
}

ImVec4 color_of(Style st) {
  switch (st) {
    case Style::Em: return ImVec4(0.65f, 0.85f, 1.0f, 1.0f);
    case Style::Bold: return ImVec4(1.0f, 0.92f, 0.6f, 1.0f);
    case Style::Code: return ImVec4(1.0f, 0.72f, 0.45f, 1.0f);
    case Style::Plain: break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

ImFont* font_of(Style st) { return st == Style::Code ? fonts().mono : ImGui::GetFont(); }

// Draws the items where text_flow.hpp allows the lines to break. The first line starts at the cursor,
// the next ones at `indent` (list items hang under their text, not under the bullet).
void flow(std::vector<FlowItem> items, float indent) {
  if (items.empty()) return;
  const float x0 = ImGui::GetCursorPosX(), right = x0 + ImGui::GetContentRegionAvail().x;
  for (FlowItem& it : items) {
    ImFont* f = font_of(Style(it.style));
    it.width = f->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0, it.text.c_str()).x;
    it.gap = it.space_before ? f->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0, " ").x : 0;
  }
  const std::vector<bool> breaks = line_breaks(items, right - x0, right - indent);
  for (size_t i = 0; i < items.size(); ++i) {
    if (breaks[i]) ImGui::SetCursorPosX(indent);
    else if (i > 0) ImGui::SameLine(0, items[i].gap);
    const Style st = Style(items[i].style);
    if (st == Style::Code) ImGui::PushFont(fonts().mono);
    ImGui::PushStyleColor(ImGuiCol_Text, color_of(st));
    ImGui::TextUnformatted(items[i].text.c_str());
    ImGui::PopStyleColor();
    if (st == Style::Code) ImGui::PopFont();
  }
}

// A part of a formula line drawn over several lines, broken where formula_line_breaks says, the
// continuation lines indented a little more.
void formula_broken(const std::string& part, float indent, float avail) {
  std::vector<FlowItem> words = formula_words(part);
  const float space = ImGui::CalcTextSize(" ").x, hang = 2 * space;
  for (FlowItem& w : words) w.width = ImGui::CalcTextSize(w.text.c_str()).x, w.gap = w.space_before ? space : 0;
  const std::vector<bool> breaks = formula_line_breaks(words, avail, avail - hang);
  for (size_t i = 0; i < words.size(); ++i) {
    if (breaks[i]) ImGui::SetCursorPosX(indent + hang);
    else if (i > 0) ImGui::SameLine(0, words[i].gap);
    else ImGui::SetCursorPosX(indent);
    ImGui::TextUnformatted(words[i].text.c_str());
  }
}

// A formula line: its parts (separated by two spaces or more) move whole to the next line; a part wider
// than the column is drawn a little smaller (down to 3/4: the font atlas is sampled nearest, so a
// smaller size drops the rows of thin strokes such as "_"), else broken over lines as a formula is
// typeset, at its shallowest bracket depth.
void formula(std::string_view body, float indent) {
  ImGui::SetCursorPosX(indent);
  ImGui::PushFont(fonts().mono);
  ImGui::PushStyleColor(ImGuiCol_Text, color_of(Style::Code));
  const float avail = std::max(1.0f, ImGui::GetContentRegionAvail().x), space = ImGui::CalcTextSize(" ").x;
  std::vector<int> runs;
  std::vector<FlowItem> parts = formula_parts(body, &runs);
  for (size_t i = 0; i < parts.size(); ++i) {
    parts[i].width = std::min(avail, ImGui::CalcTextSize(parts[i].text.c_str()).x);
    parts[i].gap = float(runs[i]) * space;
  }
  const std::vector<bool> breaks = line_breaks(parts, avail, avail);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (breaks[i]) ImGui::SetCursorPosX(indent);
    else if (i > 0) ImGui::SameLine(0, parts[i].gap);
    const char* t = parts[i].text.c_str();
    const float w = ImGui::CalcTextSize(t).x, scale = avail / w;
    if (w <= avail) {
      ImGui::TextUnformatted(t);
    } else if (scale >= 0.75f) {
      const float size = ImGui::GetFontSize() * scale;
      ImGui::GetWindowDrawList()->AddText(fonts().mono, size, ImGui::GetCursorScreenPos(),
                                          ImGui::GetColorU32(ImGuiCol_Text), t);
      ImGui::Dummy(ImVec2(w * scale, ImGui::GetTextLineHeight() * scale));
    } else {
      formula_broken(parts[i].text, indent, avail);
    }
  }
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void paragraph(const std::string& text, float indent) {
  if (text.empty()) return;
  std::vector<FlowSpan> fs;
  for (Span& sp : spans(text)) fs.push_back({int(sp.style), std::move(sp.text), sp.style == Style::Code});
  flow(flow_items(fs), indent);
}

}  // namespace

void text_in_parts(std::string_view text) {
  std::vector<int> runs;
  const std::vector<FlowItem> parts = formula_parts(text, &runs);
  const float space = ImGui::CalcTextSize(" ").x;
  for (size_t i = 0; i < parts.size(); ++i) {
    const char* t = parts[i].text.c_str();
    const float w = ImGui::CalcTextSize(t).x;
    if (i > 0) same_line_if_fits(w, float(runs[i]) * space);
    if (w <= ImGui::GetContentRegionAvail().x) ImGui::TextUnformatted(t);
    else ImGui::TextWrapped("%s", t);
  }
}

void markdown(std::string_view text) {
  const float left = ImGui::GetCursorPosX();
  // The block being gathered: a paragraph, or a list item (its mark drawn in the margin), whose lines are
  // joined and wrapped at the column's width.
  std::string para, mark;
  auto end_para = [&] {
    if (para.empty()) return;
    if (mark.empty()) {
      ImGui::SetCursorPosX(left);
      paragraph(para, left);
    } else {
      const float indent = left + 1.5f * ImGui::GetFontSize();
      ImGui::SetCursorPosX(indent - ImGui::CalcTextSize(mark.c_str()).x - ImGui::CalcTextSize(" ").x);
      ImGui::TextUnformatted(mark.c_str());
      ImGui::SameLine(indent);
      paragraph(para, indent);
    }
    para.clear(), mark.clear();
  };
  bool gap = false;  // a blank line before the next block
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(at, nl - at);
    at = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t lead = 0;
    while (lead < line.size() && line[lead] == ' ') ++lead;
    const std::string_view body = line.substr(lead);
    if (body.empty()) {
      end_para();
      gap = true;
      continue;
    }
    const bool bullet = body.starts_with("- ") || body.starts_with("* ");
    const size_t dot = body.find(". ");
    const bool numbered = dot != std::string_view::npos && dot >= 1 && dot <= 3 &&
                          body.substr(0, dot).find_first_not_of("0123456789") == std::string_view::npos;
    if (lead >= 4 && !(lead < 6 && !mark.empty())) {  // a formula or code line: monospace, as written
      end_para();
      if (gap) ImGui::Spacing();
      gap = false;
      formula(body, left + ImGui::GetFontSize());
    } else if (body.starts_with("#")) {
      end_para();
      size_t level = 0;
      while (level < body.size() && body[level] == '#') ++level;
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.55f, 0.8f, 1.0f, 1.0f));
      ImGui::SetCursorPosX(left);
      paragraph(std::string(body.substr(std::min(body.size(), level + 1))), left);
      ImGui::PopStyleColor();
      if (level <= 2) ImGui::Separator();
      gap = false;
    } else if (bullet || numbered) {
      end_para();
      if (gap) ImGui::Spacing();
      gap = false;
      mark = bullet ? "•" : std::string(body.substr(0, dot + 1));
      para = std::string(body.substr(bullet ? 2 : dot + 2));
    } else {
      if (para.empty() && gap) ImGui::Spacing();
      gap = false;
      para += (para.empty() ? "" : " ") + std::string(body);
    }
  }
  end_para();
}

}  // namespace llada::app::widgets
