// The window's strings in English and Vietnamese, switchable while the program runs.
//
// Gettext's model: the English text written in the source is the key (gettext's msgid), and each other
// language has one catalogue, a .po file translators know, compiled into the program (app/i18n/vi.po;
// CMake embeds it, so the program works from any folder). English needs no catalogue: it is the source.
//
// HOW TO ADD A STRING (every string the window shows: menus, titles, labels, tooltips, messages):
//   1. Write it in English through tr():
//        ImGui::Button(tr("Resample"));
//        ImGui::Text(tr("%d of %d tokens masked"), m, L);   // printf formats: GCC checks the arguments
//      A string kept in a table and shown later (a panel title, a File menu or Keys entry) is marked
//      where it is written with tr_noop("…") (it stays English there) and shown with tr(x).
//   2. Add its Vietnamese to app/i18n/vi.po, as a Vietnamese ML lecturer writes it:
//        msgid "Resample"
//        msgstr "Lấy mẫu lại"
//      Same printf conversions in the same order (%d, %.3f, %s…); "\n" and "\"" as in C.
//   3. Build and run `llada_tests -tc="*catalogue*"`: it fails naming each tr("…") in app/ that vi.po
//      lacks (or leaves empty or fuzzy), each msgid no source uses any more, and each translation whose
//      conversions differ from the English.
//   The scan reads tr("…"), tr_noop("…"), tr_id("…", …) and window_title("…", …) with string literals (adjacent literals are joined); tr(x) of a
//   variable is looked up at run time but only checked through its tr_noop("…").
//   A second scan (`-tc="*shown*"`) fails on English written straight into ImGui calls, snprintf / fmt
//   formats and File menu / Keys entries, and on messages (s.error / s.info, fail(…), problems.push_back,
//   settings' bad(…)) whose lines no catalogue entry or template (app/i18n/messages.cpp) translates.
//   At run time tr_message logs each message line it leaves in English ("i18n: no vi for a line of a
//   message shown"), and tests/cli/gui_language.sh fails on it.
//
// Panel windows: ImGui::Begin(window_title(kTitle, kId), …) gives "Quá trình thuận###forward": ImGui
// keys the window (and imgui.ini its place) by what follows "###", so the layout survives a switch.
// Labels of widgets with state (tabs, tree nodes, collapsing headers) likewise take tr_id("Corpus",
// "corpus") so their state survives a switch; buttons and sliders do not care. Two labels whose
// Vietnamese happens to coincide in one window need tr_id too (ImGui would see one id twice).
// Not translated: export file names and CSV headers (ASCII, stable for scripts), command-line output,
// log lines, settings keys, --file-action names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace llada::app {

enum class Lang { en, vi };

// The language tr() translates into now. Set from the UI thread (View > Language, start-up); read from any.
Lang language();
void set_language(Lang l);

// "en" / "vi" (as stored in settings.json and given to --lang); nullopt for anything else.
std::optional<Lang> parse_language(std::string_view code);
const char* language_code(Lang l);
// The language's own name for the menu: "English", "Tiếng Việt".
const char* language_name(Lang l);

// POSIX precedence for messages: LC_ALL, then LC_MESSAGES, then LANG (the first set and non-empty one
// decides); "vi", "vi_VN.UTF-8", "vi_VN@…" mean Vietnamese, anything else (or nothing) English.
Lang language_from_locale(const char* lc_all, const char* lc_messages, const char* lang);
// The same, read from the environment; `why` (optional) receives e.g. "LANG=vi_VN.UTF-8".
Lang system_language(std::string* why = nullptr);

// The current language's text for `english` (English itself when in English or when the catalogue lacks
// it). The pointer stays valid for the program's life. format_arg: GCC checks printf arguments against
// the English literal, as it would without tr().
[[gnu::format_arg(1)]] const char* tr(const char* english);
// Marks a literal for the catalogue check without translating it (tables shown later through tr()).
constexpr const char* tr_noop(const char* english) { return english; }

// tr(english) + "###" + id: a label whose ImGui id stays `id` in every language (a tab, a tree node, a
// collapsing header keeps its state when the language changes). The pointer stays valid for the
// program's life.
const char* tr_id(const char* english, const char* id);
// The same for ImGui::Begin: the window keeps its id, and imgui.ini its place, in every language.
inline const char* window_title(const char* english, const char* id) { return tr_id(english, id); }

// A message the window did not write: a core Result error ("what\nHINT: hint"), a trainer's message,
// built in English with variable parts (paths, numbers, names) spliced in. Each line is translated on
// its own: first as a whole through the catalogue (tr), else through a catalogue template, an msgid
// whose variable parts are written %s ("checkpoint '%s' is corrupt (checksum mismatch)"): the line
// must start and end as the template does and hold its other pieces in order; the parts the %s stand
// for are kept (and translated in turn when they are themselves a known message). "HINT: " becomes the
// language's own lead; a list item's "- " and a place before the message ("lessons/x.md:12: ", one word
// without spaces) are kept. A line no template matches stays in English, so a message is never lost.
// The templates the window knows are listed in app/i18n/messages.cpp (tr_noop), and tests/test_i18n.cpp
// produces the core's real messages (missing file, damaged checkpoint, invalid UTF-8, out of memory,
// divergence…) and checks that none of their lines stays English.
// A line tr_message leaves in English is also written once to stderr ("llada-lab: i18n: no vi for a line
// of a message shown: …"): the window tests in Vietnamese fail on it (tests/cli/gui_language.sh).
std::string tr_message(std::string_view english);
struct MessageTranslation {
  std::string text;
  int untranslated = 0;           // lines left in English (no catalogue entry or template matched)
  std::vector<std::string> left;  // those lines
};
MessageTranslation translate_message(std::string_view english, Lang l);
// The templates of app/i18n/messages.cpp (English), for tests.
const std::vector<const char*>& message_templates();

// One entry of a .po catalogue.
struct PoEntry {
  std::string msgid, msgstr;
  int line = 0;        // where its msgid starts
  bool fuzzy = false;  // "#, fuzzy": a guess a translator has not confirmed (treated as missing)
};
// Parses gettext .po text: comments, msgid / msgstr with continued "…" lines, C escapes. Skips the header
// (msgid ""). Errors name the line. Plural forms and msgctxt are not supported (refused with a message).
Result<std::vector<PoEntry>> parse_po(std::string_view text);

// The catalogue compiled into the program for `l` (empty for English, the source language).
std::string_view embedded_catalogue(Lang l);

// The arguments a printf format consumes, in order: each conversion's length and type ("%d" → "d",
// "%.3f" → "f", "%zu" → "zu", a "*" width or precision → "*"; "%%" consumes none), for checking that a
// translation takes the same arguments as its English.
std::vector<std::string> printf_conversions(std::string_view format);

}  // namespace llada::app
