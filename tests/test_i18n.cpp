// The window's strings (app/i18n): every tr("…") in app/ has its Vietnamese in app/i18n/vi.po, the
// catalogue holds nothing no source uses, translations take the same printf arguments as their English,
// and the .po reader, the locale rule and the lookup behave.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/i18n/i18n.hpp"

using namespace llada::app;
namespace fs = std::filesystem;

namespace {

struct Key {
  std::string text;
  std::string where;  // file:line of its first use
};

// The strings passed as literals to tr( / tr_noop( / tr_id( / window_title( in C++ source, adjacent literals joined, C escapes
// undone; comments, string and character literals are skipped, so the words never match inside them.
void scan_source(const std::string& src, const std::string& file, std::map<std::string, std::string>& keys) {
  size_t i = 0, n = src.size();
  int line = 1;
  auto is_ident = [](char c) { return std::isalnum((unsigned char)c) || c == '_'; };
  auto skip_space = [&] {
    while (i < n) {
      if (src[i] == '\n') ++line, ++i;
      else if (std::isspace((unsigned char)src[i])) ++i;
      else if (src.compare(i, 2, "//") == 0) { while (i < n && src[i] != '\n') ++i; }
      else if (src.compare(i, 2, "/*") == 0) {
        size_t e = src.find("*/", i + 2);
        e = e == std::string::npos ? n : e + 2;
        line += int(std::count(src.begin() + long(i), src.begin() + long(e), '\n'));
        i = e;
      } else break;
    }
  };
  // Reads a "…" literal at i (src[i] == '"'), returns its unescaped text.
  auto literal = [&] {
    std::string out;
    for (++i; i < n && src[i] != '"'; ++i) {
      if (src[i] != '\\') { out += src[i]; continue; }
      char c = src[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
    ++i;
    return out;
  };
  while (i < n) {
    const char c = src[i];
    if (c == '\n') { ++line, ++i; continue; }
    if (c == '/' && i + 1 < n && (src[i + 1] == '/' || src[i + 1] == '*')) { skip_space(); continue; }
    if (c == 'R' && i + 1 < n && src[i + 1] == '"' && (i == 0 || !is_ident(src[i - 1]))) {  // raw string
      const size_t open = src.find('(', i);
      if (open == std::string::npos) break;
      std::string close(1, ')');  // )delim" (built in steps: GCC 12 warns falsely on ")" + string)
      close.append(src, i + 2, open - i - 2).push_back('"');
      const size_t e = src.find(close, open);
      const size_t stop = e == std::string::npos ? n : e + close.size();
      line += int(std::count(src.begin() + long(i), src.begin() + long(stop), '\n'));
      i = stop;
      continue;
    }
    if (c == '"') { literal(); continue; }
    if (c == '\'') {
      for (++i; i < n && src[i] != '\''; ++i)
        if (src[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (std::isdigit((unsigned char)c) && (i == 0 || !is_ident(src[i - 1]))) {  // a number: 1'000'000 is no char
      while (i < n && (is_ident(src[i]) || src[i] == '.' || (src[i] == '\'' && i + 1 < n && is_ident(src[i + 1])))) ++i;
      continue;
    }
    if (is_ident(c) && (i == 0 || !is_ident(src[i - 1]))) {
      size_t e = i;
      while (e < n && is_ident(src[e])) ++e;
      const std::string word = src.substr(i, e - i);
      i = e;
      if (word != "tr" && word != "tr_noop" && word != "tr_id" && word != "window_title") continue;
      skip_space();
      if (i >= n || src[i] != '(') continue;
      ++i;
      skip_space();
      if (i >= n || src[i] != '"') continue;  // tr(variable): checked through its tr_noop
      const int at = line;
      std::string text;
      while (i < n && src[i] == '"') {
        text += literal();
        skip_space();
      }
      keys.try_emplace(text, file + ":" + std::to_string(at));
      continue;
    }
    ++i;
  }
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::map<std::string, std::string> source_keys() {
  std::map<std::string, std::string> keys;
  const fs::path app = fs::path(LLADA_SOURCE_DIR) / "app";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(app))
    if (e.is_regular_file() && (e.path().extension() == ".cpp" || e.path().extension() == ".hpp")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) scan_source(read_file(f), fs::relative(f, LLADA_SOURCE_DIR).string(), keys);
  return keys;
}

std::string show(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return "\"" + out + "\"";
}

}  // namespace

TEST_CASE("catalogue: every tr() string of app/ has a Vietnamese translation, and vi.po has no orphans") {
  const auto keys = source_keys();
  REQUIRE_MESSAGE(keys.size() > 10, "found only " << keys.size() << " tr(\"…\") strings under app/");
  auto parsed = parse_po(embedded_catalogue(Lang::vi));
  REQUIRE_MESSAGE(parsed.has_value(), "app/i18n/vi.po: " << parsed.error().to_string());
  std::map<std::string, const PoEntry*> po;
  std::string duplicates;
  for (const auto& e : *parsed)
    if (!po.emplace(e.msgid, &e).second) duplicates += "\n  vi.po:" + std::to_string(e.line) + " " + show(e.msgid);
  CHECK_MESSAGE(duplicates.empty(), "msgids written twice in app/i18n/vi.po:" << duplicates);

  std::string missing, orphans, formats;
  for (const auto& [text, where] : keys) {
    auto it = po.find(text);
    if (it == po.end() || it->second->msgstr.empty() || it->second->fuzzy)
      missing += "\n  " + where + " " + show(text) +
                 (it == po.end() ? "" : it->second->fuzzy ? " (fuzzy)" : " (empty msgstr)");
  }
  for (const auto& [id, e] : po) {
    if (!keys.count(id)) orphans += "\n  vi.po:" + std::to_string(e->line) + " " + show(id);
    if (!e->msgstr.empty() && printf_conversions(id) != printf_conversions(e->msgstr))
      formats += "\n  vi.po:" + std::to_string(e->line) + " " + show(id) + " -> " + show(e->msgstr);
  }
  CHECK_MESSAGE(missing.empty(), "strings without a Vietnamese translation (add them to app/i18n/vi.po):" << missing);
  CHECK_MESSAGE(orphans.empty(), "msgids of app/i18n/vi.po that no tr(\"…\") in app/ uses (delete them):" << orphans);
  CHECK_MESSAGE(formats.empty(), "translations whose printf conversions differ from the English:" << formats);
}

TEST_CASE("catalogue: tr() translates in Vietnamese, returns the English in English and for unknown text") {
  auto parsed = parse_po(embedded_catalogue(Lang::vi));
  REQUIRE(parsed.has_value());
  REQUIRE(!parsed->empty());
  const PoEntry& e = parsed->front();
  const Lang before = language();
  set_language(Lang::vi);
  CHECK(std::string(tr(e.msgid.c_str())) == e.msgstr);
  const char* unknown = "no such string in any catalogue";
  CHECK(tr(unknown) == unknown);
  const std::string vi_title = window_title(e.msgid.c_str(), "some_id");
  CHECK(vi_title == e.msgstr + "###some_id");
  set_language(Lang::en);
  CHECK(tr(e.msgid.c_str()) == e.msgid.c_str());
  CHECK(std::string(window_title(e.msgid.c_str(), "some_id")) == e.msgid + "###some_id");
  set_language(before);
}

TEST_CASE("catalogue: the .po reader joins continued lines, undoes escapes, skips the header, marks fuzzy") {
  const char* text =
      "# a comment\n"
      "msgid \"\"\n"
      "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\n"
      "msgid \"Loss\"\n"
      "msgstr \"Mất mát\"\n"
      "\n"
      "#, fuzzy\n"
      "msgid \"two \"\n"
      "\"lines\\n\\\"q\\\"\"\n"
      "msgstr \"hai \"\n"
      "\"dòng\"\n";
  auto r = parse_po(text);
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0].msgid == "Loss");
  CHECK((*r)[0].msgstr == "Mất mát");
  CHECK((*r)[0].line == 5);
  CHECK(!(*r)[0].fuzzy);
  CHECK((*r)[1].msgid == "two lines\n\"q\"");
  CHECK((*r)[1].msgstr == "hai dòng");
  CHECK((*r)[1].fuzzy);
}

TEST_CASE("catalogue: the .po reader refuses broken entries and names the line") {
  auto no_str = parse_po("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n");
  REQUIRE(!no_str.has_value());
  CHECK(no_str.error().what.find("line 1") != std::string::npos);
  auto bad_line = parse_po("msgid \"a\"\nmsgstr \"b\"\nmsgid_plural \"c\"\n");
  REQUIRE(!bad_line.has_value());
  CHECK(bad_line.error().what.find("line 3") != std::string::npos);
  CHECK(!parse_po("msgid \"a\\q\"\nmsgstr \"b\"\n").has_value());
  CHECK(!parse_po("msgid a\nmsgstr \"b\"\n").has_value());
}

TEST_CASE("catalogue: printf conversions are compared by argument, not by wording") {
  CHECK(printf_conversions("t = %.3f, %d of %zu (100%%)") == std::vector<std::string>{"f", "d", "zu"});
  CHECK(printf_conversions("%*d %-8s") == std::vector<std::string>{"*", "d", "s"});
  CHECK(printf_conversions("%d %s") != printf_conversions("%s %d"));
  CHECK(printf_conversions("no arguments, 5%%").empty());
}

TEST_CASE("catalogue: the language follows LC_ALL, then LC_MESSAGES, then LANG") {
  CHECK(language_from_locale(nullptr, nullptr, "vi_VN.UTF-8") == Lang::vi);
  CHECK(language_from_locale(nullptr, nullptr, "vi") == Lang::vi);
  CHECK(language_from_locale(nullptr, nullptr, "en_US.UTF-8") == Lang::en);
  CHECK(language_from_locale(nullptr, nullptr, nullptr) == Lang::en);
  CHECK(language_from_locale("", "", "") == Lang::en);
  CHECK(language_from_locale("C", nullptr, "vi_VN.UTF-8") == Lang::en);     // LC_ALL wins
  CHECK(language_from_locale("", "vi_VN", "en_GB.UTF-8") == Lang::vi);      // empty LC_ALL is unset
  CHECK(language_from_locale(nullptr, "en_US", "vi_VN.UTF-8") == Lang::en);
  CHECK(language_from_locale(nullptr, nullptr, "vim") == Lang::en);         // not a Vietnamese locale
  CHECK(parse_language("vi") == Lang::vi);
  CHECK(parse_language("en") == Lang::en);
  CHECK(!parse_language("fr").has_value());
}

TEST_CASE("catalogue: the source scan finds tr() literals, joins them, and skips comments, chars and numbers") {
  const std::string src =
      "// tr(\"in a comment\")\n"
      "int n = 1'000'000; char q = '\"';\n"
      "/* tr(\"in a block\") */ auto a = tr(\"one\");\n"
      "auto b = app::tr(\"two \"\n  \"lines\\n\");\n"
      "auto c = tr(variable); auto d = \"tr(\\\"in a string\\\")\";\n"
      "constexpr auto e = tr_noop(\"noop\"); auto f = window_title(\"Title\", kId); auto g = tr_id(\"Tab\", \"t\");\n"
      "auto h = str(\"not tr\"); auto r = R\"x(tr(\"raw\"))x\";\n";
  std::map<std::string, std::string> keys;
  scan_source(src, "x.cpp", keys);
  std::set<std::string> found;
  for (const auto& [k, where] : keys) found.insert(k);
  CHECK(found == std::set<std::string>{"one", "two lines\n", "noop", "Title", "Tab"});
  CHECK(keys["one"] == "x.cpp:3");
  CHECK(keys["two lines\n"] == "x.cpp:4");
}
