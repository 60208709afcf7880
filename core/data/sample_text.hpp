// The built-in sample text: a short lesson in English and Vietnamese that the project wrote itself
// (assets/sample_en_vi.txt), compiled into the program so every panel has text at first launch, even
// without the source tree or any download. NFC, LF line ends, valid UTF-8, ~5 KB; it opens with the
// seeds' example sentences ("Hà Nội là thủ đô của Việt Nam", "Tôi yêu học máy", "AI rất mạnh mẽ",
// "Hôm nay trời đẹp"), each followed by its English translation.
#pragma once

#include <string_view>

namespace llada {

std::string_view sample_text();

}  // namespace llada
