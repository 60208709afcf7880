// The window's strings (app/i18n): every tr("…") in app/ has its Vietnamese in app/i18n/vi.po, the
// catalogue holds nothing no source uses, translations take the same printf arguments as their English,
// and the .po reader, the locale rule and the lookup behave.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
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

// The source with its comments blanked (newlines kept, so lines still count); string and character
// literals are left as they are.
std::string without_comments(const std::string& src) {
  std::string out = src;
  for (size_t i = 0, n = src.size(); i < n;) {
    if (src[i] == '"' || src[i] == '\'') {  // a literal: skip to its end
      const char q = src[i];
      if (q == '\'' && i > 0 && std::isxdigit((unsigned char)src[i - 1])) { ++i; continue; }  // 1'000
      for (++i; i < n && src[i] != q; ++i)
        if (src[i] == '\\') ++i;
      ++i;
    } else if (src.compare(i, 2, "//") == 0) {
      while (i < n && src[i] != '\n') out[i++] = ' ';
    } else if (src.compare(i, 2, "/*") == 0) {
      const size_t e = std::min(n, src.find("*/", i + 2) == std::string::npos ? n : src.find("*/", i + 2) + 2);
      for (; i < e; ++i)
        if (src[i] != '\n') out[i] = ' ';
    } else {
      ++i;
    }
  }
  return out;
}

// Does the part of a label that reaches the screen hold an English word? The visible part is what
// precedes "##" (ImGui's id suffix); printf conversions are not words. A word is a run of three or more
// ASCII letters with at least two lower-case ones ("step", "Resample"); names and symbols ("GPT",
// "LLaDA", "L%d H%d", "t = %.3f") pass, and so do the mathematical words written as in a formula.
bool holds_english(std::string visible) {
  if (auto cut = visible.find("##"); cut != std::string::npos) visible.resize(cut);
  static const std::set<std::string> formula = {"log", "exp", "softmax", "logit", "cos", "argmax"};
  static const std::set<std::string> keys = {"Ctrl", "Shift", "Alt", "Esc", "Space"};  // key names
  // A file name ("llada.ckpt"): one word with a dot, no space.
  if (visible.find_first_of(" \n") == std::string::npos && visible.find('.') != std::string::npos &&
      visible.find('%') == std::string::npos)
    return false;
  for (size_t i = 0; i < visible.size();) {
    if (visible[i] == '%') {  // a conversion: %-8.3f, %zu, %llu, %%
      ++i;
      while (i < visible.size() && !std::isalpha((unsigned char)visible[i]) && visible[i] != '%') ++i;
      while (i < visible.size() && std::string_view("hljzt").find(visible[i]) != std::string_view::npos) ++i;
      ++i;
      continue;
    }
    if (!std::isalpha((unsigned char)visible[i]) || (unsigned char)visible[i] >= 0x80) { ++i; continue; }
    size_t e = i;
    int lower = 0;
    while (e < visible.size() && std::isalpha((unsigned char)visible[e])) lower += std::islower((unsigned char)visible[e++]) != 0;
    const std::string w = visible.substr(i, e - i);
    const bool in_identifier = (i > 0 && visible[i - 1] == '_') || (e < visible.size() && visible[e] == '_');  // v_true
    if (w.size() >= 3 && lower >= 2 && !formula.count(w) && !keys.count(w) && !in_identifier) return true;
    i = e;
  }
  return false;
}

// The string literals written straight into a call that shows them: an ImGui:: function (except those
// whose strings are only ids: PushID, BeginTable, InvisibleButton…), snprintf and generation.cpp's fmt
// (a buffer composed for ImGui), a File menu or Keys entry (RegisterFileAction{{"label", …}}: the label
// is shown through tr(x), so it must be written tr_noop("…")), or a call that makes a message the window shows through tr_message:
// AppState's error( / info( banner, fail( (a Result error a panel or the banner shows), a problem list's
// push_back( and settings.cpp's bad(. Only the call's own arguments count (a literal inside a nested
// call, tr("…") included, is that call's business; std::string("…") is seen through). A shown literal is
// reported in `found` as "file:line \"text\"" when it holds an English word; a message goes to
// `messages` as (file:line, template), one per argument, for tr_message to know.
void scan_shown_literals(const std::string& raw, const std::string& file, std::vector<std::string>& found,
                         std::vector<std::pair<std::string, std::string>>& messages) {
  static const std::set<std::string> ids_only = {
      "PushID", "GetID", "BeginTable", "BeginChild", "InvisibleButton", "OpenPopup", "BeginPopup",
      "BeginPopupModal", "BeginPopupContextItem", "BeginPopupContextWindow", "IsPopupOpen", "BeginTabBar",
      "SetWindowPos", "SetWindowSize", "SetWindowCollapsed", "FindWindowByName", "SetWindowFocus",
      "CalcTextSize", "ImGui_ImplOpenGL3_Init", "LoadIniSettingsFromDisk", "SaveIniSettingsToDisk"};
  const std::string src = without_comments(raw);
  const auto is_ident = [](char c) { return std::isalnum((unsigned char)c) || c == '_'; };
  const auto word_at = [&](size_t at, std::string_view w) {
    return src.compare(at, w.size(), w) == 0 && (at + w.size() >= src.size() || !is_ident(src[at + w.size()]));
  };
  for (size_t at = 0; at < src.size(); ++at) {
    if (src[at] == '"' || (src[at] == '\'' && !(at > 0 && std::isxdigit((unsigned char)src[at - 1])))) {
      const char q = src[at];  // a literal's words are no calls
      for (++at; at < src.size() && src[at] != q; ++at)
        if (src[at] == '\\') ++at;
      continue;
    }
    if (!is_ident(src[at]) || (at > 0 && is_ident(src[at - 1]))) continue;
    const char before = at > 0 ? src[at - 1] : ' ';
    const bool member = before == '.' || (before == '>' && at > 1 && src[at - 2] == '-');
    std::string name;
    size_t i = at;
    bool banner = false;  // a message (one template per argument) rather than a label
    int shown_depth = 0;  // literals this deep inside the call are shown
    if (src.compare(at, 7, "ImGui::") == 0) {
      i = at + 7;
      while (i < src.size() && is_ident(src[i])) name += src[i++];
      if (ids_only.count(name)) continue;
    } else if (!member && (word_at(at, "snprintf") || word_at(at, "fmt"))) {
      name = src[at] == 's' ? "snprintf" : "fmt";
    } else if (!member && (word_at(at, "RegisterFileAction") || word_at(at, "RegisterShortcut"))) {
      name = src[at + 8] == 'F' ? "RegisterFileAction" : "RegisterShortcut";  // a File menu / Keys entry
      i = at + name.size();
      while (i < src.size() && (std::isspace((unsigned char)src[i]) || is_ident(src[i]))) ++i;  // its variable
      if (i < src.size() && src[i] == '{') shown_depth = 1;  // Register…{{"label", …}}: the entry's fields
    } else if (member && (word_at(at, "error") || word_at(at, "info"))) {
      name = src[at] == 'e' ? "error" : "info", banner = true;
    } else if (!member && (word_at(at, "fail") || word_at(at, "bad"))) {
      name = src[at] == 'f' ? "fail" : "bad", banner = true;
    } else if (member && word_at(at, "push_back") && at >= 10 &&
               src.compare(at - (before == '.' ? 9 : 10), 8, "problems") == 0) {
      name = "push_back", banner = true;
    } else {
      continue;
    }
    if (i == at) i = at + name.size();
    while (i < src.size() && std::isspace((unsigned char)src[i])) ++i;
    if (i >= src.size() || (src[i] != '(' && !(shown_depth == 1 && src[i] == '{'))) continue;
    // Shown: each run of adjacent literals on its own. A message: each argument as a template, the
    // literals kept and every other operand written %s ("--lesson: no lesson '%s'\nHINT: …%s").
    int depth = 0;
    std::vector<bool> open;  // the brackets inside the call; true: std::string( … ), seen through
    bool through_next = false;
    std::string joined, tmpl;
    int joined_line = 0;
    bool operand = false, literal_seen = false;
    auto flush = [&] {
      if (!banner && !joined.empty() && holds_english(joined))
        found.push_back(file + ":" + std::to_string(joined_line) + " " + show(joined));
      joined.clear();
    };
    auto finish_argument = [&] {
      if (banner && literal_seen) messages.push_back({file + ":" + std::to_string(joined_line), tmpl});
      tmpl.clear(), operand = literal_seen = false;
    };
    for (++i; i < src.size(); ++i) {
      const char c = src[i];
      if (c == '"') {
        std::string text;
        const size_t start = i;
        for (++i; i < src.size() && src[i] != '"'; ++i) {
          if (src[i] != '\\') { text += src[i]; continue; }
          const char e = src[++i];
          text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        size_t prev = start;  // a literal compared with (== "file") is not shown
        while (prev > 0 && std::isspace((unsigned char)src[prev - 1])) --prev;
        const bool compared = prev >= 2 && src[prev - 1] == '=' && (src[prev - 2] == '=' || src[prev - 2] == '!');
        if (depth <= shown_depth && !compared) {
          if (joined.empty() && !literal_seen) joined_line = 1 + int(std::count(src.begin(), src.begin() + long(start), '\n'));
          joined += text, tmpl += text;
          operand = false, literal_seen = true;
        }
        continue;
      }
      if (std::isspace((unsigned char)c)) continue;
      flush();
      if (depth == 0 && src.compare(i, 11, "std::string") == 0 && !is_ident(src[i + 11])) {
        size_t j = i + 11;
        while (j < src.size() && std::isspace((unsigned char)src[j])) ++j;
        if (j < src.size() && src[j] == '(') {  // std::string("…") + x: the literal is the message's
          through_next = true;
          i = j - 1;
          continue;
        }
      }
      if (depth == 0 && c == ',') finish_argument();
      else if (depth == 0 && c != '+' && c != ')' && !(c == '(' && through_next) && !operand) tmpl += "%s", operand = true;
      if (c == '\'') {
        for (++i; i < src.size() && src[i] != '\''; ++i)
          if (src[i] == '\\') ++i;
      } else if (c == '(' || c == '[' || c == '{') {
        open.push_back(c == '(' && through_next);
        if (!open.back()) ++depth;
        through_next = false;
      } else if (c == ')' || c == ']' || c == '}') {
        if (open.empty()) break;
        if (!open.back()) --depth;
        open.pop_back();
      } else if (c == ';') {
        break;  // never inside a call's arguments (a lambda body would be at depth > 0)
      }
    }
    flush();
    finish_argument();
  }
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

// Literals that reach the screen as they are, on purpose: values the reader types on the command line
// or in a field, and the names of tensors as the lecture notes' code writes them.
const std::set<std::string> kShownAsWritten = {
    "llada", "zero-layer",     // generation.cpp: 'llada-lab train --model %s': the command's own value
    "0:Once, 5:upon",          // generation.cpp: the pins' example, in the sample text's language
    "inputs[%d]", "targets[%d]", "inputs", "targets",  // train_shapes.cpp: the notes' tensor names
    "llada-lab experiment reversal --seeds %llu --facts %d --layers %d --heads %d --d %d --seq %d --batch %d "
    "--steps %d --eval-every %d --lr %g --csv reversal.csv",  // reversal.cpp: the same run on the command line
};

// Files whose messages and composed texts reach only the terminal: --sweep's errors and the timing
// report (frame_stats.cpp), the soak report, --redraw check's findings (partial_redraw.cpp), the catalogue reader's errors (the catalogue is compiled in
// and checked by these tests).
const std::set<std::string> kTerminalOnly = {"app/frame_stats.cpp", "app/soak.cpp", "app/i18n/i18n.cpp",
                                             "app/partial_redraw.cpp"};
// Composed texts that only the log receives.
const std::set<std::string> kNotShown = {
    "%s: CPU %.2f ms, GL %.2f ms (medians of %d) on %s: drawing with %s",  // gl_util.cpp: PathChooser's log line
    "font-missing-%.2f",  // fonts.cpp: the key of a log_once line
    "llada:%s t=%.2f",    // generation_state.cpp: a lane's name in the exported CSV (ASCII, for scripts)
};

// A message template with each %s made a sample value, as the window would receive it.
std::string sample_message(const std::string& tmpl) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl.compare(i, 2, "%s") == 0) out += "x1", ++i;
    else out += tmpl[i];
  }
  return out;
}

TEST_CASE("catalogue: no English text reaches ImGui or the message banner without a translation") {
  // Every window file of app/ (the command line, app/cli/, prints English by design).
  const fs::path app = fs::path(LLADA_SOURCE_DIR) / "app";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(app))
    if (e.is_regular_file() && (e.path().extension() == ".cpp" || e.path().extension() == ".hpp") &&
        e.path().parent_path().filename() != "cli")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> found;
  std::vector<std::pair<std::string, std::string>> messages;
  for (const auto& f : files) {
    const std::string rel = fs::relative(f, LLADA_SOURCE_DIR).string();
    std::vector<std::pair<std::string, std::string>> m;
    scan_shown_literals(read_file(f), rel, found, m);
    if (!kTerminalOnly.count(rel)) messages.insert(messages.end(), m.begin(), m.end());
  }
  std::string list;
  for (const auto& f : found) {
    const std::string text = f.substr(f.find(" \"") + 2, f.size() - f.find(" \"") - 3);
    if (!kShownAsWritten.count(text) && !kNotShown.count(text) && !kTerminalOnly.count(f.substr(0, f.find(':'))))
      list += "\n  " + f;
  }
  CHECK_MESSAGE(list.empty(), "English shown without tr(): write tr(\"…\") and add the Vietnamese to app/i18n/vi.po" << list);
  // s.error("…" + x + "…"), fail("…", "…"), problems.push_back("…") reach the banner or a panel's error
  // line, which show them through tr_message: each line needs a catalogue entry or a template
  // (app/i18n/messages.cpp).
  REQUIRE(messages.size() > 100);
  std::string untranslated;
  for (const auto& [where, tmpl] : messages)
    if (holds_english(tmpl) && translate_message(sample_message(tmpl), Lang::vi).untranslated > 0) untranslated += "\n  " + where + " " + show(tmpl);
  CHECK_MESSAGE(untranslated.empty(), "banner messages no catalogue entry or template translates (add a template to "
                                      "app/i18n/messages.cpp and its Vietnamese to vi.po, or write tr(\"…\")):" << untranslated);
}

TEST_CASE("catalogue: the shown-literal scan finds English labels, tooltips, snprintf formats and messages, and lets ids, symbols and tr() pass") {
  const std::string src =
      "ImGui::Button(\"Resample\");  // ImGui::Text(\"in a comment\")\n"
      "ImGui::SetTooltip(\"%s\", tr(\"translated tooltip\"));\n"
      "ImGui::TextDisabled(\"%s · step %llu\", a, n);\n"
      "ImGui::SliderFloat(\"##t\", &t, 0, 1, \"t = %.3f\"); ImGui::RadioButton(\"GPT\", &k, 0);\n"
      "ImGui::PushID(\"llada_src\"); ImGui::InvisibleButton(\"chip\", sz); ImGui::Text(\"L%d H%d\", l, h);\n"
      "ImGui::InputTextWithHint(\"##path\", llada ? \"model file\" : tr(\"path\"), buf, n);\n"
      "s.error(\"nothing \" + what + \" yet\\nHINT: open \" + std::string(p) + \"\", 1); s.info(tr(\"Saved\"));\n"
      "ImGui::Checkbox(\"show\" \" u_i\", &b); ImGui::Text(\"log q = %.4f\", q); ImGui::Selectable(x, c == \"file\");\n"
      "ImGui::MenuItem(tr(\"Quit\"), \"Ctrl+Q\"); ImGui::InputText(\"##p\", \"gpt.ckpt\"); ImGui::Text(\"+ v_true\");\n"
      "std::snprintf(buf, sizeof buf, \"%d tokens%s\", n, x ? \" (cut)\" : \"\"); std::snprintf(b, n, tr(\"%d ids\"), k);\n"
      "return fail(\"no model \" + name + \" yet\", \"start \" + std::string(\"one\") + \" first\"); x.fail(\"member\");\n"
      "r->problems.push_back(std::string(\"'\") + k + \"' is unknown: skipped\"); other.push_back(\"not a message\");\n"
      "auto q = \"fail(\\\"in a string\\\")\"; bad(\"\\\"x\\\" is not \" + (b ? std::string(\"a\") : \"b\"));\n"
      "RegisterFileAction a{{\"Export it (CSV)\", f, kId}}; RegisterFileAction b{{tr_noop(\"Export ok (PNG)\"), f, kId, "
      "[](AppState&) { return on(\"zipf plot\"); }}}; RegisterShortcut k{{KEY_P, false, \"P\", tr_noop(\"Play it\"), f}};\n";
  std::vector<std::string> found;
  std::vector<std::pair<std::string, std::string>> messages;
  scan_shown_literals(src, "x.cpp", found, messages);
  CHECK(found == std::vector<std::string>{"x.cpp:1 \"Resample\"", "x.cpp:3 \"%s · step %llu\"",
                                          "x.cpp:6 \"model file\"", "x.cpp:8 \"show u_i\"", "x.cpp:10 \"%d tokens%s\"",
                                          "x.cpp:10 \" (cut)\"", "x.cpp:14 \"Export it (CSV)\""});
  using M = std::pair<std::string, std::string>;
  CHECK(messages == std::vector<M>{M{"x.cpp:7", "nothing %s yet\nHINT: open %s"}, M{"x.cpp:11", "no model %s yet"},
                                   M{"x.cpp:11", "start one first"}, M{"x.cpp:12", "'%s' is unknown: skipped"},
                                   M{"x.cpp:13", "\"x\" is not %s"}});
}

TEST_CASE("catalogue: a core message is translated line by line through templates, keeping its variable parts") {
  const std::string english = "checkpoint 'runs/a b.ckpt' is corrupt (checksum mismatch)\n"
                              "HINT: the file is damaged or was cut short; use another checkpoint or train again";
  const MessageTranslation vi = translate_message(english, Lang::vi);
  CHECK(vi.untranslated == 0);
  CHECK(vi.text.find("'runs/a b.ckpt'") != std::string::npos);   // the path kept as it was
  CHECK(vi.text.find("checksum mismatch") == std::string::npos);  // the English gone
  CHECK(vi.text.find('\n') != std::string::npos);                 // still two lines
  CHECK(vi.text.find("HINT") == std::string::npos);
  // A variable part that is itself a message is translated too; a line nothing knows stays English.
  const MessageTranslation nested =
      translate_message("cannot read checkpoint: cannot open 'x.ckpt' (No such file or directory)\nsomething else", Lang::vi);
  CHECK(nested.untranslated == 1);
  CHECK(nested.text.find("No such file") == std::string::npos);
  CHECK(nested.text.ends_with("\nsomething else"));
  CHECK(nested.left == std::vector<std::string>{"something else"});
  // A list item's "- " and a place before the message are kept; a line the window already wrote in
  // Vietnamese (a lead through tr() and a path) is not English; the English lead with a path is.
  const MessageTranslation items = translate_message("- lessons/a.md:3: checkpoint 'x' is corrupt (checksum mismatch)", Lang::vi);
  CHECK(items.untranslated == 0);
  CHECK(items.text.starts_with("- lessons/a.md:3: "));
  CHECK(items.text.find("checksum") == std::string::npos);
  CHECK(translate_message("Đã mở cảnh: /tmp/scene.json", Lang::vi).untranslated == 0);
  CHECK(translate_message("Scene opened: /tmp/scene.json", Lang::vi).untranslated == 1);
  CHECK(translate_message("Hà Nội is lovely", Lang::vi).untranslated == 1);
  // English is left alone, and a template needs each of its parts non-empty.
  CHECK(translate_message(english, Lang::en).text == english);
  CHECK(translate_message(english, Lang::en).untranslated == 0);
  CHECK(translate_message("checkpoint '' is corrupt (checksum mismatch)", Lang::vi).untranslated == 1);
  // Every template of app/i18n/messages.cpp is in the catalogue and translates a message of its shape.
  for (const char* t : message_templates())
    CHECK_MESSAGE(translate_message(sample_message(t), Lang::vi).untranslated == 0, t);
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
