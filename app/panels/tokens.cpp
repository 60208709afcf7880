// Panel "Tokens": what a tokenizer makes of a text, and of a whole corpus.
//
// Top: the tokenizer (byte / gpt2 / cl100k / a BPE trained here); a missing vocabulary shows its error
// and the byte tokenizer stands in. "Text": type or load a text, see one chip per token with its id
// (hover: the bytes in hex and the piece), the token count and characters per token. "Corpus": load
// sample / brown / kjv / a file on a worker thread (progress, Cancel; the window never waits), then the
// share of the vocabulary it uses, the rank–frequency (Zipf) plot on log–log axes, and the most common,
// least common and never-used tokens (the three groups of the rare-token experiment, seed 004).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/widgets/background_job.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/token_chips.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/data/corpus.hpp"
#include "core/data/encode_corpus.hpp"
#include "core/data/sample_text.hpp"
#include "core/data/text.hpp"
#include "core/tok/bpe_train.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "tokens";
constexpr const char* kTitle = tr_noop("Tokens");
constexpr std::size_t kMaxChips = 1500;            // more chips than this are not drawn (the count still is)
constexpr std::uintmax_t kMaxBoxBytes = 1u << 20;  // the text box takes files up to 1 MB
constexpr std::size_t kListRows = 100;             // rows in the common / rare / never-used lists
constexpr std::uint64_t kNeverUsedSeed = 4;        // the never-used group: a seeded draw (token_stats.hpp)
const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);

// What a finished corpus job hands to the UI thread.
struct CorpusView {
  TokenizedCorpus tc;
  std::shared_ptr<const Tokenizer> tok;
  std::vector<double> zx, zy, fx, fy;  // Zipf points (rank, count) and the fitted line's two ends
  ZipfFit fit;
  std::vector<TokenCount> least;
  std::vector<std::int32_t> never;
  double seconds = 0;
};

// Loading + tokenizing + counting a corpus, on a worker thread.
Result<CorpusView> analyse(const std::string& name, std::shared_ptr<const Tokenizer> tok,
                           widgets::BackgroundJob<CorpusView>::Control& ctl) {
  const auto t0 = std::chrono::steady_clock::now();
  TextOptions o;
  o.progress = [&ctl](double f) { ctl.progress = float(f); };
  o.cancel = &ctl.cancel;
  auto r = tokenize_corpus(name, *tok, o);
  if (!r) return std::unexpected(r.error());
  CorpusView v;
  v.tc = std::move(*r);
  v.tok = std::move(tok);
  const auto pts = zipf_points(v.tc.stats, 300);
  for (const auto& p : pts) {
    v.zx.push_back(std::pow(10.0, p.log10_rank));
    v.zy.push_back(std::pow(10.0, p.log10_count));
  }
  v.fit = zipf_fit(pts);
  if (!v.zx.empty()) {
    v.fx = {1.0, v.zx.back()};
    v.fy = {std::pow(10.0, v.fit.intercept), std::pow(10.0, v.fit.intercept - v.fit.exponent * std::log10(v.zx.back()))};
  }
  v.least = least_common(v.tc.stats, kListRows);
  v.never = never_used(v.tc.stats, kListRows, kNeverUsedSeed);
  v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return v;
}

struct TokensState {
  bool initialised = false;
  std::string tokenizer = "gpt2";
  // Text
  std::string text;
  std::string path, path_error;
  std::string enc_text, enc_tokenizer;  // what `ids` were computed from
  bool enc_ready = false;
  std::vector<TokenId> ids;
  std::shared_ptr<const Tokenizer> enc_tok;  // the tokenizer that made `ids` (their pieces, for export)
  std::vector<widgets::Chip> chips;
  // Corpus
  std::string corpus = "sample";
  std::string corpus_path;
  std::string corpus_error;
  std::string running_label;  // "brown with gpt2", while the job runs
  std::unique_ptr<CorpusView> view;
  int list_tab = 0;
  // Training a BPE on the loaded corpus
  int bpe_merges = 1024;
  std::string bpe_error;
};
TokensState g;
// After g, so destroyed first: the workers stop before anything they could touch goes away.
widgets::BackgroundJob<CorpusView> job;
widgets::BackgroundJob<std::shared_ptr<const Tokenizer>> bpe_job;

std::string hex_bytes(std::string_view b) {
  std::string s;
  char buf[4];
  for (unsigned char c : b) std::snprintf(buf, sizeof buf, "%s%02X", s.empty() ? "" : " ", c), s += buf;
  return s;
}

std::string grouped(long long v) { return widgets::group_digits(static_cast<unsigned long long>(v)); }

void encode_text(const widgets::TokenizerChoice& c) {
  if (g.enc_text == g.text && g.enc_tokenizer == c.tok->name() && g.enc_ready == c.ready) return;
  g.enc_text = g.text, g.enc_tokenizer = c.tok->name(), g.enc_ready = c.ready;
  g.ids = c.tok->encode(g.text);
  g.enc_tok = c.tok;
  g.chips.clear();
  // Neighbouring chips alternate between a few muted hues so token boundaries stand out.
  static constexpr ImU32 hues[] = {IM_COL32(52, 96, 150, 255), IM_COL32(120, 80, 140, 255),
                                   IM_COL32(50, 120, 100, 255), IM_COL32(140, 100, 50, 255)};
  char buf[64];
  for (std::size_t i = 0; i < g.ids.size() && i < kMaxChips; ++i) {
    const TokenId id = g.ids[i];
    const std::string_view piece = c.tok->piece(id);
    widgets::Chip chip;
    chip.text = widgets::token_label(piece);
    std::snprintf(buf, sizeof buf, "%d", id);
    chip.below = buf;
    chip.fill = hues[i % 4];
    char head[160];
    std::snprintf(head, sizeof head, tr("token %zu   id %d\nbytes (%zu): "), i + 1, id, piece.size());
    chip.tooltip = head + hex_bytes(piece) + tr("\npiece: \"") + display_piece(piece) + "\"" +
                   (clean_text(piece, TextOptions{.min_chars = 0}) ? "" : tr("\n(not valid UTF-8 on its own: part of a character)"));
    g.chips.push_back(std::move(chip));
  }
}

// The text's tokens, all of them (also those past the chips drawn): position, id, the bytes in hex,
// and the piece as the chips write it (display_piece: \xNN for bytes that are not text on their own).
widgets::Table token_table() {
  std::vector<double> pos, id;
  std::vector<std::string> hex, piece;
  for (std::size_t i = 0; i < g.ids.size() && g.enc_tok; ++i) {
    const std::string_view b = g.enc_tok->piece(g.ids[i]);
    pos.push_back(double(i + 1)), id.push_back(g.ids[i]), hex.push_back(hex_bytes(b)), piece.push_back(display_piece(b));
  }
  return widgets::Table{{"position", "id", "bytes_hex", "piece"}, {pos, id, hex, piece}};
}

// A list of (id, count) rows as CSV: rank in the list, id, count, share of the corpus, piece.
widgets::Table count_table(const CorpusView& v, const std::vector<TokenCount>& rows) {
  std::vector<double> rank, id, count, share;
  std::vector<std::string> piece;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rank.push_back(double(i + 1)), id.push_back(rows[i].id), count.push_back(double(rows[i].count));
    share.push_back(v.tc.stats.total ? double(rows[i].count) / double(v.tc.stats.total) : 0.0);
    piece.push_back(display_piece(v.tok->piece(rows[i].id)));
  }
  return widgets::Table{{"rank", "id", "count", "share", "piece"}, {rank, id, count, share, piece}};
}

// The rank–frequency data behind the Zipf plot: every used token, most common first (the plot draws
// at most 300 of them).
widgets::Table zipf_table() {
  if (!g.view) return {};
  return count_table(*g.view, g.view->tc.stats.by_rank);
}

// The list shown under the tab (most common, least common, never used).
widgets::Table list_table(const CorpusView& v) {
  const auto& by_rank = v.tc.stats.by_rank;
  if (g.list_tab == 0) return count_table(v, {by_rank.begin(), by_rank.begin() + long(std::min(kListRows, by_rank.size()))});
  if (g.list_tab == 1) return count_table(v, v.least);
  std::vector<TokenCount> never;
  for (std::int32_t id : v.never) never.push_back({id, 0});
  return count_table(v, never);
}

void load_into_box() {
  g.path_error.clear();
  std::error_code ec;
  const auto size = std::filesystem::file_size(g.path, ec);
  if (!ec && size > kMaxBoxBytes) {
    char msg[512];
    std::snprintf(msg, sizeof msg, tr("'%s' is %llu MB; the text box takes up to 1 MB\nHINT: load it as a corpus below (choose \"a text file…\")"),
                  g.path.c_str(), (unsigned long long)(size >> 20));
    g.path_error = msg;
    return;
  }
  auto t = load_text_file(g.path, TextOptions{.min_chars = 1});
  if (!t) g.path_error = t.error().to_string();
  else g.text = std::move(*t);
}

void draw_text_section(AppState& s, const widgets::TokenizerChoice& c) {
  if (!classroom_hides(s, kId, "text")) {  // classroom mode folds away what a lesson step does not set
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextMultiline("##text", &g.text, ImVec2(-FLT_MIN, 5.5f * ImGui::GetTextLineHeightWithSpacing()));
    ImGui::SetNextItemWidth(-6.0f * ImGui::GetFontSize());
    const bool enter = ImGui::InputTextWithHint("##path", tr("path of a UTF-8 text file"), &g.path,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button(tr("Load")) || enter) load_into_box();
  }
  if (!g.path_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", tr_message(g.path_error).c_str());
    ImGui::PopStyleColor();
  }

  encode_text(c);
  const std::size_t chars = utf8_length(g.text);
  const double per = g.ids.empty() ? 0.0 : double(chars) / double(g.ids.size());
  ImGui::TextWrapped(tr("%s tokens   %s characters   %s bytes   %.2f characters per token"), grouped(long(g.ids.size())).c_str(),
              grouped(long(chars)).c_str(), grouped(long(g.text.size())).c_str(), per);
  if (g.ids.size() > kMaxChips) ImGui::TextDisabled(tr("(showing the first %zu tokens)"), kMaxChips);
  const float h = std::clamp(ImGui::GetContentRegionAvail().y * 0.35f, 6.0f * ImGui::GetFontSize(), 20.0f * ImGui::GetFontSize());
  if (ImGui::BeginChild("##chips_box", ImVec2(0, h), true)) widgets::token_chips("##chips", g.chips);
  ImGui::EndChild();
  widgets::export_buttons(s, "tokens", token_table);
  const char* hint = tr("(CSV: every token of the text, with its id and bytes)");
  widgets::same_line_if_fits(ImGui::CalcTextSize(hint).x);  // else below the buttons, wrapped
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", hint);
  ImGui::PopStyleColor();
}

// `bottom`: the screen y the list may reach (the bottom of its table cell).
void draw_list(AppState& st, const CorpusView& v, float bottom) {
  const auto& s = v.tc.stats;
  if (ImGui::BeginTabBar("##lists")) {
    int tab = -1;
    if (ImGui::BeginTabItem(tr_id("Most common", "most"))) tab = 0, ImGui::EndTabItem();
    if (ImGui::BeginTabItem(tr_id("Least common", "least"))) tab = 1, ImGui::EndTabItem();
    if (ImGui::BeginTabItem(tr_id("Never used", "never"))) tab = 2, ImGui::EndTabItem();
    ImGui::EndTabBar();
    if (tab >= 0) g.list_tab = tab;
  }
  widgets::export_csv_button(st, "token-list", [&] { return list_table(v); });
  ImGui::SameLine();
  if (g.list_tab == 2)
    ImGui::TextDisabled(tr("%zu of %s unused ids, drawn with seed %llu"), v.never.size(), grouped(long(s.unused.size())).c_str(),
                        (unsigned long long)kNeverUsedSeed);
  else
    ImGui::TextDisabled(g.list_tab == 0 ? tr("the %zu most common of %s used ids") : tr("the %zu least common of %s used ids"),
                        std::min(kListRows, s.by_rank.size()), grouped(s.used).c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
  const float h = std::max(3 * ImGui::GetFrameHeight(), bottom - ImGui::GetCursorScreenPos().y);
  if (!ImGui::BeginTable("##tokens_table", 4, flags, ImVec2(0, h))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(tr("token"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(tr("count"), ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  auto row = [&](std::size_t i, std::int32_t id, long long count) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%zu", i + 1);
    ImGui::TableNextColumn();
    ImGui::Text("%d", id);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(widgets::token_label(v.tok->piece(id)).c_str());
    ImGui::TableNextColumn();
    if (count > 0) ImGui::Text("%s (%.2f%%)", grouped(count).c_str(), 100.0 * double(count) / double(s.total));
    else ImGui::TextDisabled("0");
  };
  if (g.list_tab == 0)
    for (std::size_t i = 0; i < std::min(kListRows, s.by_rank.size()); ++i) row(i, s.by_rank[i].id, s.by_rank[i].count);
  if (g.list_tab == 1)
    for (std::size_t i = 0; i < v.least.size(); ++i) row(i, v.least[i].id, v.least[i].count);
  if (g.list_tab == 2)
    for (std::size_t i = 0; i < v.never.size(); ++i) row(i, v.never[i], 0);
  ImGui::EndTable();
}

// Learn a BPE vocabulary from the loaded corpus (core/tok/bpe_train.hpp) on a worker thread; when it
// is done it becomes the tokenizer "bpe" of every panel, and this panel switches to it.
void draw_bpe_row(const CorpusView& v) {
  if (auto r = bpe_job.take()) {
    if (*r) {
      widgets::set_trained_tokenizer(**r);
      g.tokenizer = "bpe";
      g.bpe_error.clear();
    } else {
      g.bpe_error = r->error().to_string();
    }
  }
  const bool running = bpe_job.running();
  ImGui::BeginDisabled(running || job.running());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("Train a BPE tokenizer on this corpus:"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(12.0f * ImGui::GetFontSize());
  ImGui::SliderInt("##merges", &g.bpe_merges, 64, 8192, tr("%d merges"), ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  if (ImGui::Button(tr("Train BPE"))) {
    const int merges = g.bpe_merges;
    // The text is copied: the view may be replaced by another load while the trainer runs.
    bpe_job.start([text = v.tc.corpus.text, merges](auto& ctl) {
      BpeTrainOptions o;
      o.n_merges = merges;
      o.progress = [&ctl](double f) { ctl.progress = float(f); };
      o.cancel = &ctl.cancel;
      return train_bpe(text, o);
    });
  }
  ImGui::EndDisabled();
  if (running) {
    ImGui::SameLine();
    if (ImGui::Button(tr_id("Cancel", "cancel_bpe"))) bpe_job.cancel();
    ImGui::SameLine();
    ImGui::ProgressBar(bpe_job.progress(), ImVec2(-FLT_MIN, 0), tr("learning merges"));
  }
  if (!g.bpe_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", tr_message(g.bpe_error).c_str());
    ImGui::PopStyleColor();
  }
}

void draw_corpus_results(AppState& st, const CorpusView& v) {
  const auto& s = v.tc.stats;
  const auto& c = v.tc.corpus;
  ImGui::TextWrapped(tr("%s: %s bytes, %s lines → %s tokens with %s (%.2f bytes per token), in %.2f s"), tr(c.title.c_str()),
                     grouped(long(c.text.size())).c_str(), grouped(long(c.lines)).c_str(), grouped(s.total).c_str(),
                     v.tc.tokenizer.c_str(), s.total ? double(c.text.size()) / double(s.total) : 0.0, v.seconds);
  ImGui::Text(tr("Vocabulary used: %s of %s tokens = %.1f%%"), grouped(s.used).c_str(), grouped(s.vocab_tokens).c_str(),
              100.0 * s.coverage);
  ImGui::SameLine();
  ImGui::ProgressBar(float(s.coverage), ImVec2(-FLT_MIN, 0), "");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("%s ids never occur in this corpus: a model trained on it only ever\n"
                         "learns to push their probabilities down (the rare-token experiment)."),
                      grouped(long(s.unused.size())).c_str());
  draw_bpe_row(v);

  // At least 10 lines tall: in a short panel (large UI scale) the panel scrolls rather than squashing the plot.
  const float cols_h = std::max(ImGui::GetContentRegionAvail().y, 10.0f * ImGui::GetFontSize());
  if (ImGui::BeginTable("##corpus_cols", 2, ImGuiTableFlags_Resizable, ImVec2(0, cols_h))) {
    ImGui::TableNextColumn();
    char fit[96];
    std::snprintf(fit, sizeof fit, tr("fit: count ∝ rank^-%.2f (R² %.3f)"), v.fit.exponent, v.fit.r2);
    widgets::LinePlot p;
    p.id = "##zipf";
    // Inside a table cell the available height is the window's, not the cell's: measure from the top.
    const float bottom = ImGui::GetCursorScreenPos().y + cols_h - ImGui::GetStyle().CellPadding.y * 2;
    p.size = ImVec2(0, bottom - ImGui::GetCursorScreenPos().y - ImGui::GetTextLineHeightWithSpacing());
    p.log_x = p.log_y = true;
    p.x_label = tr("rank");
    p.y_label = tr("count");
    p.series = {{v.zx, v.zy, widgets::colors::simulated, tr("tokens"), true},
                {v.fx, v.fy, widgets::colors::exact, fit}};
    widgets::line_plot(p);
    widgets::export_buttons(st, "zipf", zipf_table);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("Zipf: count ∝ 1/rank"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Zipf's law: the n-th most common token occurs about 1/n as often as the first."));
    ImGui::TableNextColumn();
    draw_list(st, v, bottom);
    ImGui::EndTable();
  }
}

void start_corpus_job(const widgets::TokenizerChoice& c) {
  const std::string name = g.corpus == "file" ? g.corpus_path : g.corpus;
  g.corpus_error.clear();
  g.running_label = (name.empty() ? std::string(tr("(no path)")) : name) + tr(" with ") + c.tok->name();
  job.start([name, tok = c.tok](auto& ctl) { return analyse(name, tok, ctl); });
}

void draw_corpus_section(AppState& s, const widgets::TokenizerChoice& c) {
  // Take a finished job's result.
  if (auto r = job.take()) {
    if (*r) g.view = std::make_unique<CorpusView>(std::move(**r));
    else g.corpus_error = r->error().to_string();
  }
  const bool running = job.running();
  const bool corpus_shown = !classroom_hides(s, kId, "corpus");
  ImGui::BeginDisabled(running);
  auto label = [](const std::string& n) {
    for (const auto& info : named_corpora())
      if (info.name == n) return std::string(tr(info.title.c_str()));
    return std::string(tr("a text file…"));
  };
  if (corpus_shown) {
    const float button = ImGui::CalcTextSize(tr("Load and count")).x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(std::clamp(ImGui::GetContentRegionAvail().x - button - ImGui::GetStyle().ItemSpacing.x,
                                       6.0f * ImGui::GetFontSize(), 18.0f * ImGui::GetFontSize()));
    if (ImGui::BeginCombo("##corpus", label(g.corpus).c_str())) {
      for (const auto& info : named_corpora())
        if (ImGui::Selectable(tr(info.title.c_str()), g.corpus == info.name)) g.corpus = info.name;
      if (ImGui::Selectable(tr("a text file…"), g.corpus == "file")) g.corpus = "file";
      ImGui::EndCombo();
    }
    if (g.corpus == "file") {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(-8.0f * ImGui::GetFontSize());
      ImGui::InputTextWithHint("##corpus_path", tr("path of a UTF-8 text file"), &g.corpus_path);
    }
    widgets::same_line_if_fits(button);
    ImGui::BeginDisabled(c.loading);
    if (ImGui::Button(tr("Load and count"))) start_corpus_job(c);
    ImGui::EndDisabled();
  }
  ImGui::EndDisabled();
  if (running) {
    if (corpus_shown) ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) job.cancel();
    const float f = job.progress();
    const char* stage = f < 0.4f ? tr("reading") : f < 0.95f ? tr("tokenizing") : tr("counting");
    char overlay[160];
    std::snprintf(overlay, sizeof overlay, "%s %s: %.0f%%", stage, g.running_label.c_str(), 100.0 * f);
    ImGui::ProgressBar(f, ImVec2(-FLT_MIN, 0), overlay);
  }
  if (!g.corpus_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", tr_message(g.corpus_error).c_str());
    ImGui::PopStyleColor();
  }
  if (g.view) {
    if (g.view->tc.tokenizer != c.tok->name() && !running)
      ImGui::TextDisabled(tr("(counted with %s; press Load and count to recount with %s)"), g.view->tc.tokenizer.c_str(),
                          c.tok->name().c_str());
    draw_corpus_results(s, *g.view);
  } else if (!running && g.corpus_error.empty()) {
    ImGui::TextDisabled("%s", tr("Choose a corpus and press Load and count."));
  }
}

void draw(AppState& s) {
  if (!g.initialised) {
    g.initialised = true;
    if (g.text.empty()) {  // the opening lines of the built-in sample: the seeds' sentences and translations
      const std::string_view sample = sample_text();
      std::size_t cut = 0;
      for (int lines = 0; lines < 8 && cut != std::string_view::npos; ++lines) cut = sample.find('\n', cut + 1);
      g.text = std::string(sample.substr(0, cut == std::string_view::npos ? sample.size() : cut + 1));
    }
  }
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  const bool tokenizer_shown = !classroom_hides(s, kId, "tokenizer");
  if (tokenizer_shown) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Tokenizer"));
    ImGui::SameLine();
    // At a large UI scale the combo leaves room for the vocabulary size beside it.
    ImGui::SetNextItemWidth(std::clamp(ImGui::GetContentRegionAvail().x - 9.0f * ImGui::GetFontSize(),
                                       6.0f * ImGui::GetFontSize(), 20.0f * ImGui::GetFontSize()));
    // "bpe" is not remembered: a trained tokenizer lives only as long as the session.
    widgets::tokenizer_combo("##tokenizer", g.tokenizer);
  }
  const widgets::TokenizerChoice c = widgets::get_tokenizer(g.tokenizer);
  if (c.tok) {
    if (tokenizer_shown) ImGui::SameLine();
    ImGui::TextDisabled(tr("%s: %s ids"), c.tok->name().c_str(), grouped(c.tok->vocab_size()).c_str());
  }
  widgets::tokenizer_status(c, g.tokenizer);
  // The first corpus count starts by itself once the tokenizer is settled (loaded, or failed → bytes).
  static bool auto_started = false;
  if (!auto_started && !c.loading) {
    auto_started = true;
    start_corpus_job(c);
  }

  if (ImGui::CollapsingHeader(tr_id("Text", "text"), ImGuiTreeNodeFlags_DefaultOpen)) draw_text_section(s, c);
  if (ImGui::CollapsingHeader(tr_id("Corpus", "corpus"), ImGuiTreeNodeFlags_DefaultOpen)) draw_corpus_section(s, c);
  ImGui::End();
}

void file_tokens_csv(AppState& s) { widgets::export_csv(s, "tokens", token_table()); }
void file_zipf_csv(AppState& s) {
  if (!g.view) return s.error(tr("no corpus counted yet\nHINT: press Load and count in the Tokens panel"));
  widgets::export_csv(s, "zipf", zipf_table());
}
void file_zipf_png(AppState& s) { widgets::export_plot_png(s, "zipf"); }

RegisterFileAction file_entries[] = {
    RegisterFileAction{{tr_noop("Export the text's tokens: ids and bytes (CSV)"), file_tokens_csv, kId}},
    RegisterFileAction{{tr_noop("Export the corpus rank-frequency data (CSV)"), file_zipf_csv, kId,
                        [](AppState&) { return bool(g.view); }}},
    RegisterFileAction{{tr_noop("Export the Zipf plot (PNG)"), file_zipf_png, kId,
                        [](AppState&) { return widgets::plot_on_screen("zipf"); }}}};
RegisterPanel reg{{kId, kTitle, 30, false, {0.5f, 0.0f, 0.5f, 1.0f}, draw}};
std::vector<std::string> corpus_names() {
  std::vector<std::string> out;
  for (const auto& c : named_corpora()) out.push_back(c.name);
  return out;
}
RegisterParams params{kId, {
    Param::choice("tokenizer", &g.tokenizer, {"byte", "gpt2", "cl100k"}, "the tokenizer of the text and the corpus"),
    Param::text("text", &g.text, "the text shown as token chips"),
    Param::choice("corpus", &g.corpus, corpus_names(), "the corpus Load and count reads")}};

}  // namespace

}  // namespace llada::app
