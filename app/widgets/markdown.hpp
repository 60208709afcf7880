// A small Markdown renderer for lesson text, wrapped at the column's width: headings (#, ##, ###),
// paragraphs, *emphasis* / _emphasis_, **bold**, `inline code`, "- " and "1. " lists, and lines indented
// by four spaces (formulas, written as text) in the monospace font. Nothing else of Markdown is needed
// by the lessons; anything else is drawn as plain text.
#pragma once

#include <string_view>

namespace llada::app::widgets {

void markdown(std::string_view text);

// A line of figures whose parts are separated by two spaces or more ("mean L·t = 2.000    σ = 1.000"),
// in the current font and colour: a part that does not fit beside the one before starts a new line, so a
// narrow panel never breaks "= 0.1667" after its decimal point (as ImGui's TextWrapped does); only a part
// wider than the whole line wraps inside.
void text_in_parts(std::string_view text);

}  // namespace llada::app::widgets
