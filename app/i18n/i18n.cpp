#include "app/i18n/i18n.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

namespace llada::app {

// The .po texts, generated from app/i18n/*.po by app/i18n/embed_po.cmake.
extern const std::string_view kCatalogueVi;

namespace {

std::atomic<Lang> g_lang{Lang::en};

// Unescapes the inside of one "…" of a .po file; false on a bad escape.
bool unescape(std::string_view in, std::string& out) {
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\') {
      out += in[i];
      continue;
    }
    if (++i == in.size()) return false;
    switch (in[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default: return false;
    }
  }
  return true;
}

// The translations of one catalogue, msgid -> msgstr; entries left empty or fuzzy are absent (English
// shows instead). A catalogue that does not parse is empty: the test suite refuses it before it ships.
const std::unordered_map<std::string, std::string>& table(Lang l) {
  static const auto vi = [] {
    std::unordered_map<std::string, std::string> m;
    if (auto entries = parse_po(kCatalogueVi))
      for (auto& e : *entries)
        if (!e.fuzzy && !e.msgstr.empty()) m.emplace(std::move(e.msgid), std::move(e.msgstr));
    return m;
  }();
  static const std::unordered_map<std::string, std::string> none;
  return l == Lang::vi ? vi : none;
}

// A catalogue entry whose msgid has variable parts (only %s conversions): the literal pieces around
// them, for matching a message built by concatenation.
struct Template {
  std::vector<std::string> pieces;  // n + 1 pieces around n %s
  const std::string* msgstr = nullptr;
  size_t literal = 0;  // the pieces' total length: the most specific template wins
};

// Splits at each %s ("%%" is a literal %); nullopt when the text has other conversions or none.
std::optional<std::vector<std::string>> split_template(const std::string& f) {
  std::vector<std::string> pieces(1);
  bool any = false;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') { pieces.back() += f[i]; continue; }
    if (i + 1 < f.size() && f[i + 1] == '%') { pieces.back() += '%'; ++i; continue; }
    if (i + 1 < f.size() && f[i + 1] == 's') { pieces.emplace_back(); ++i; any = true; continue; }
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return pieces;
}

const std::vector<Template>& templates(Lang l) {
  static const auto vi = [] {
    std::vector<Template> out;
    for (const auto& [id, str] : table(Lang::vi))
      if (auto pieces = split_template(id)) {
        Template t{std::move(*pieces), &str, 0};
        for (const auto& p : t.pieces) t.literal += p.size();
        out.push_back(std::move(t));
      }
    std::sort(out.begin(), out.end(), [](const Template& a, const Template& b) { return a.literal > b.literal; });
    return out;
  }();
  static const std::vector<Template> none;
  return l == Lang::vi ? vi : none;
}

// The parts of `line` that the template's %s stand for (each non-empty), or nullopt.
std::optional<std::vector<std::string>> match(const Template& t, std::string_view line) {
  const auto& p = t.pieces;
  if (!line.starts_with(p.front()) || !line.ends_with(p.back())) return std::nullopt;
  if (line.size() < p.front().size() + p.back().size()) return std::nullopt;
  std::vector<std::string> parts;
  size_t at = p.front().size();
  const size_t end = line.size() - p.back().size();
  for (size_t k = 1; k + 1 < p.size(); ++k) {  // each middle piece at its first place after a non-empty part
    const size_t found = line.substr(0, end).find(p[k], at + 1);
    if (found == std::string_view::npos) return std::nullopt;
    parts.emplace_back(line.substr(at, found - at));
    at = found + p[k].size();
  }
  if (end <= at) return std::nullopt;
  parts.emplace_back(line.substr(at, end - at));
  return parts;
}

// Does a variable part read as English prose (three words of letters in a row: "is not part of")? A
// name, a number, a path or a list of values does not.
bool prose(std::string_view part) {
  int run = 0;
  for (size_t i = 0; i <= part.size();) {
    size_t e = part.find(' ', i);
    if (e == std::string_view::npos) e = part.size();
    const std::string_view w = part.substr(i, e - i);
    const bool word = w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) { return std::isalpha((unsigned char)c); }) &&
                      std::any_of(w.begin(), w.end(), [](char c) { return std::islower((unsigned char)c); });
    run = word ? run + 1 : 0;
    if (run >= 3) return true;
    i = e + 1;
  }
  return false;
}

// `text` in `l` (one line, no "HINT: "), or nullopt when neither an entry nor a template knows it. A
// template keeps a variable part it cannot translate; `english` counts those that read as English prose
// (a wrapper such as "%s: skipped" around a message no template knows).
std::optional<std::string> translate_line(std::string_view text, Lang l, int depth, int* english) {
  const auto& t = table(l);
  if (auto it = t.find(std::string(text)); it != t.end()) return it->second;
  if (depth > 2) return std::nullopt;
  for (const Template& tp : templates(l)) {
    auto parts = match(tp, text);
    if (!parts) continue;
    std::string out;
    size_t k = 0;
    const std::string& f = *tp.msgstr;  // the same %s in the same order (the catalogue test checks)
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i] == '%' && i + 1 < f.size() && f[i + 1] == '%') { out += '%'; ++i; continue; }
      if (f[i] == '%' && i + 1 < f.size() && f[i + 1] == 's' && k < parts->size()) {
        const std::string& part = (*parts)[k++];
        auto inner = translate_line(part, l, depth + 1, english);  // "…: " + another message
        out += inner ? *inner : part;
        if (!inner && english && prose(part)) ++*english;
        ++i;
        continue;
      }
      out += f[i];
    }
    return out;
  }
  return std::nullopt;
}

// Does the line already hold the language's text? The window writes some messages' leads with tr()
// ("Đã mở cảnh: " + path) before the banner's tr_message sees them: such a line is not left in English.
bool already_translated(std::string_view line, Lang l) {
  if (std::all_of(line.begin(), line.end(), [](char c) { return (unsigned char)c < 0x80; })) return false;
  static const auto pieces = [] {  // each translation's text up to its first conversion or line break
    std::vector<std::string> out;
    for (const auto& [id, str] : table(Lang::vi)) {
      const std::string piece = str.substr(0, str.find_first_of("%\n"));
      if (piece.size() >= 6 && piece != id.substr(0, piece.size())) out.push_back(piece);
    }
    return out;
  }();
  if (l != Lang::vi) return false;
  return std::any_of(pieces.begin(), pieces.end(), [&](const std::string& p) { return line.find(p) != std::string_view::npos; });
}

}  // namespace

Lang language() { return g_lang.load(std::memory_order_relaxed); }
void set_language(Lang l) { g_lang.store(l, std::memory_order_relaxed); }

std::optional<Lang> parse_language(std::string_view code) {
  if (code == "en") return Lang::en;
  if (code == "vi") return Lang::vi;
  return std::nullopt;
}

const char* language_code(Lang l) { return l == Lang::vi ? "vi" : "en"; }
const char* language_name(Lang l) { return l == Lang::vi ? "Tiếng Việt" : "English"; }

Lang language_from_locale(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* v : {lc_all, lc_messages, lang}) {
    if (!v || !*v) continue;
    const std::string_view s(v);
    const bool vi = s.size() >= 2 && std::tolower((unsigned char)s[0]) == 'v' &&
                    std::tolower((unsigned char)s[1]) == 'i' &&
                    (s.size() == 2 || s[2] == '_' || s[2] == '.' || s[2] == '@' || s[2] == '-');
    return vi ? Lang::vi : Lang::en;
  }
  return Lang::en;
}

Lang system_language(std::string* why) {
  const char* names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  const char* vals[3];
  for (int i = 0; i < 3; ++i) vals[i] = std::getenv(names[i]);
  if (why) {
    *why = "no LC_ALL, LC_MESSAGES or LANG";
    for (int i = 0; i < 3; ++i)
      if (vals[i] && *vals[i]) {
        *why = std::string(names[i]) + "=" + vals[i];
        break;
      }
  }
  return language_from_locale(vals[0], vals[1], vals[2]);
}

const char* tr(const char* english) {
  const Lang l = language();
  if (l == Lang::en || !english) return english;
  const auto& t = table(l);
  auto it = t.find(english);
  return it == t.end() ? english : it->second.c_str();
}

const char* tr_id(const char* english, const char* id) {
  // One string per (language, title, id), never changed once made: pointers handed out stay valid.
  static std::mutex mu;
  static std::map<std::string, std::string, std::less<>> made;
  std::string key = std::string(language_code(language())) + '\x1f' + english + '\x1f' + id;
  std::lock_guard lock(mu);
  auto it = made.find(key);
  if (it == made.end()) it = made.emplace(std::move(key), std::string(tr(english)) + "###" + id).first;
  return it->second.c_str();
}

Result<std::vector<PoEntry>> parse_po(std::string_view text) {
  std::vector<PoEntry> out;
  PoEntry cur;
  enum class Field { none, id, str } field = Field::none;
  bool have_id = false, have_str = false, next_fuzzy = false;
  auto finish = [&]() -> Result<void> {
    if (!have_id && !have_str) return {};
    if (!have_id || !have_str)
      return fail("catalogue line " + std::to_string(cur.line) + ": a msgid without its msgstr (or the reverse)",
                  "write each entry as msgid \"English\" then msgstr \"translation\"");
    if (!cur.msgid.empty()) out.push_back(cur);  // msgid "" is the header
    cur = {};
    have_id = have_str = false;
    field = Field::none;
    return {};
  };
  int line_no = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    const std::string where = "catalogue line " + std::to_string(line_no);
    if (line.empty()) {
      if (auto r = finish(); !r) return std::unexpected(r.error());
      continue;
    }
    if (line[0] == '#') {
      if (auto r = finish(); !r) return std::unexpected(r.error());
      if (line.starts_with("#,") && line.find("fuzzy") != std::string_view::npos) next_fuzzy = true;
      continue;
    }
    std::string_view rest;
    if (line.starts_with("msgid ")) {
      if (auto r = finish(); !r) return std::unexpected(r.error());
      field = Field::id, have_id = true, cur.line = line_no, cur.fuzzy = next_fuzzy, next_fuzzy = false;
      rest = line.substr(6);
    } else if (line.starts_with("msgstr ")) {
      if (!have_id || have_str) return fail(where + ": msgstr without a msgid before it", "start the entry with msgid \"…\"");
      field = Field::str, have_str = true;
      rest = line.substr(7);
    } else if (line[0] == '"') {
      if (field == Field::none) return fail(where + ": a \"…\" line outside an entry", "continue a msgid or msgstr only");
      rest = line;
    } else {
      return fail(where + ": '" + std::string(line.substr(0, 20)) + "' is not a .po line",
                  "this catalogue takes # comments, msgid, msgstr and \"…\" continuation lines (no plurals, no msgctxt)");
    }
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"')
      return fail(where + ": the text must be one \"…\" string", "quote the text; write \\\" for a quote inside it");
    std::string& dst = field == Field::id ? cur.msgid : cur.msgstr;
    if (!unescape(rest.substr(1, rest.size() - 2), dst))
      return fail(where + ": unknown escape in the text", "use \\n, \\t, \\\" or \\\\");
  }
  if (auto r = finish(); !r) return std::unexpected(r.error());
  return out;
}

MessageTranslation translate_message(std::string_view english, Lang l) {
  MessageTranslation r;
  if (l == Lang::en) {
    r.text = english;
    return r;
  }
  constexpr std::string_view kHint = "HINT: ";
  for (size_t pos = 0; pos <= english.size();) {
    size_t end = english.find('\n', pos);
    if (end == std::string_view::npos) end = english.size();
    std::string_view line = english.substr(pos, end - pos);
    if (pos > 0) r.text += '\n';
    pos = end + 1;
    if (line.starts_with(kHint)) {
      r.text += table(l).count("HINT: ") ? table(l).at("HINT: ") : std::string(kHint);
      line.remove_prefix(kHint.size());
    } else if (line.starts_with("- ")) {  // an item of a list of problems (a scene's)
      r.text += "- ";
      line.remove_prefix(2);
    }
    if (line.empty()) continue;
    // A place before the message ("lessons/x.md:12: …", "settings.json: …"): one word, no space, kept.
    const size_t colon = line.find(": ");
    const bool placed = colon != std::string_view::npos && colon > 0 &&
                        line.substr(0, colon).find(' ') == std::string_view::npos;
    int english = 0;
    if (auto t = translate_line(line, l, 0, &english)) {
      r.text += *t;
    } else if (auto rest = placed ? translate_line(line.substr(colon + 2), l, 0, &english) : std::nullopt) {
      r.text.append(line.substr(0, colon + 2)).append(*rest);
    } else if (already_translated(line, l)) {
      r.text += line;
    } else {
      r.text += line;
      ++r.untranslated;
      r.left.emplace_back(line);
      continue;
    }
    if (english > 0) {  // translated around a part still in English
      ++r.untranslated;
      r.left.emplace_back(line);
    }
  }
  return r;
}

std::string tr_message(std::string_view english) {
  const Lang l = language();
  if (l == Lang::en || english.empty()) return std::string(english);
  // Messages stay on the screen for many frames: each is translated once.
  static std::mutex mu;
  static std::map<std::string, std::string, std::less<>> done;
  std::lock_guard lock(mu);
  std::string key = std::string(language_code(l)) + '\x1f' + std::string(english);
  if (auto it = done.find(key); it != done.end()) return it->second;
  if (done.size() > 512) done.clear();
  MessageTranslation t = translate_message(english, l);
  static std::set<std::string, std::less<>> reported;  // each line once per run
  for (const auto& line : t.left)
    if (reported.size() < 256 && reported.insert(line).second)
      std::fprintf(stderr, "llada-lab: i18n: no %s for a line of a message shown: %s\n", language_code(l), line.c_str());
  return done.emplace(std::move(key), std::move(t.text)).first->second;
}

std::string_view embedded_catalogue(Lang l) { return l == Lang::vi ? kCatalogueVi : std::string_view{}; }

std::vector<std::string> printf_conversions(std::string_view f) {
  std::vector<std::string> out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (++i < f.size() && f[i] == '%') continue;
    while (i < f.size() && std::string_view("-+ #0").find(f[i]) != std::string_view::npos) ++i;  // flags
    auto width = [&] {
      if (i < f.size() && f[i] == '*') out.push_back("*"), ++i;
      while (i < f.size() && std::isdigit((unsigned char)f[i])) ++i;
    };
    width();
    if (i < f.size() && f[i] == '.') ++i, width();
    std::string conv;
    while (i < f.size() && std::string_view("hljztL").find(f[i]) != std::string_view::npos) conv += f[i++];
    if (i < f.size()) conv += f[i];
    out.push_back(conv);
  }
  return out;
}

}  // namespace llada::app
