// A small Markdown renderer for lesson text, wrapped at the column's width: headings (#, ##, ###),
// paragraphs, *emphasis* / _emphasis_, **bold**, `inline code`, "- " and "1. " lists, and lines indented
// by four spaces (formulas, written as text) in the monospace font. Nothing else of Markdown is needed
// by the lessons; anything else is drawn as plain text.
#pragma once

#include <string_view>

namespace llada::app::widgets {

void markdown(std::string_view text);

}  // namespace llada::app::widgets
