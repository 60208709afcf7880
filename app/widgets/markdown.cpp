#include "app/widgets/markdown.hpp"

#include <imgui.h>

#include <string>
#include <vector>

#include "app/fonts.hpp"

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

// Draws words one by one, wrapping before a word that would pass the right edge. `indent` is where
// continuation lines start (list items hang under their text, not under the bullet).
void flow(const std::vector<Span>& ss, float indent) {
  const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
  const float space = ImGui::CalcTextSize(" ").x;
  bool first = true, glue = false;  // glue: no space before the next word (punctuation after a span)
  float x = ImGui::GetCursorPosX();
  for (const Span& sp : ss) {
    ImFont* font = sp.style == Style::Code ? fonts().mono : nullptr;
    if (font) ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color_of(sp.style));
    size_t i = 0;
    const std::string& t = sp.text;
    while (i < t.size()) {
      if (t[i] == ' ') {
        glue = false;
        ++i;
        continue;
      }
      size_t j = t.find(' ', i);
      if (j == std::string::npos) j = t.size();
      const std::string word = t.substr(i, j - i);
      const float w = ImGui::CalcTextSize(word.c_str()).x;
      const float gap = glue ? 0.0f : space;
      if (!first && x + gap + w <= right) {
        ImGui::SameLine(0, gap);
        x += gap;
      } else if (!first) {
        ImGui::SetCursorPosX(indent);
        x = indent;
      }
      ImGui::TextUnformatted(word.c_str());
      x += w;
      first = false;
      glue = true;
      i = j;
    }
    ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
  }
}

void paragraph(const std::string& text, float indent) {
  if (text.empty()) return;
  flow(spans(text), indent);
}

}  // namespace

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
      ImGui::SetCursorPosX(left + ImGui::GetFontSize());
      ImGui::PushFont(fonts().mono);
      ImGui::PushStyleColor(ImGuiCol_Text, color_of(Style::Code));
      ImGui::TextWrapped("%.*s", int(body.size()), body.data());
      ImGui::PopStyleColor();
      ImGui::PopFont();
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
