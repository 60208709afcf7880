#include "app/fonts.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <backends/imgui_impl_opengl3.h>
#include <stb_truetype.h>  // the implementation is in libstb

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include "app/i18n/i18n.hpp"
#include "app/lessons/library.hpp"
#include "core/util/file.hpp"
#include "core/util/log.hpp"

namespace llada::app {

namespace {

Fonts g_fonts;
ImGuiStyle g_base_style;  // the unscaled style; every rescale starts from it
bool g_have_base_style = false;

// Known locations of the fonts Debian's fonts-noto-core and fonts-dejavu-core install (and a few other
// distributions' spellings). LLADA_FONT overrides the text font.
std::string find_font(std::initializer_list<const char*> candidates) {
  std::error_code ec;
  for (const char* p : candidates)
    if (std::filesystem::is_regular_file(p, ec)) return p;
  return {};
}

// Whether stb_truetype (which ImGui builds its atlas with) takes the file as a font: ImGui asserts, and the
// window aborted, when LLADA_FONT named a file of another kind.
bool is_font_file(const char* path) {
  auto bytes = read_file_bytes(path, size_t(1) << 28);
  if (!bytes || bytes->size() < 12) return false;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
  const int offset = stbtt_GetFontOffsetForIndex(data, 0);
  stbtt_fontinfo info;
  return offset >= 0 && size_t(offset) < bytes->size() && stbtt_InitFont(&info, data, offset) != 0;
}

std::string text_font_path() {
  if (const char* env = std::getenv("LLADA_FONT"); env && *env) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(env, ec))
      log_once("font-env", std::string("LLADA_FONT='") + env + "' is not a file; looking for Noto Sans instead");
    else if (!is_font_file(env))
      log_once("font-env", std::string("LLADA_FONT='") + env + "' is not a TrueType or OpenType font; looking for Noto Sans "
                           "instead (HINT: name a .ttf or .otf file, e.g. from fc-list)");
    else
      return env;
  }
  return find_font({"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
                    "/usr/share/fonts/google-noto/NotoSans-Regular.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/TTF/DejaVuSans.ttf"});
}

std::string dejavu_path() {
  return find_font({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/TTF/DejaVuSans.ttf"});
}

std::string mono_font_path() {
  return find_font({"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                    "/usr/share/fonts/dejavu/DejaVuSansMono.ttf", "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
                    "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf"});
}

// Vietnamese text plus the symbols the lessons write: ImGui's Vietnamese set (Latin + the precomposed
// letters it lists), all of Latin Extended Additional (ạ…ỹ live there), combining diacritics (text typed
// in decomposed form), Greek (θ, σ, Σ), punctuation (— …), sub/superscripts, arrows, math operators.
const ImWchar* text_ranges() {
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesVietnamese());
    static const ImWchar extra[] = {0x0300, 0x036F, 0x0370, 0x03FF, 0x1E00, 0x1EFF, 0x2000, 0x206F,
                                    0x2070, 0x209F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0};
    b.AddRanges(extra);
    b.BuildRanges(&ranges);
  }
  return ranges.Data;
}

// The letters of `text` that `font` cannot draw (it would show its fallback box), each once, in order.
std::string missing_glyphs(const ImFont* font, std::string_view text) {
  std::string missing;
  std::vector<unsigned> seen;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    const char* start = p;
    p += n > 0 ? n : 1;
    if (c < 0x20 || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
    seen.push_back(c);
    if (!font->FindGlyphNoFallback(ImWchar(c))) missing.append(start, p);
  }
  return missing;
}

}  // namespace

const Fonts& fonts() { return g_fonts; }

void apply_ui_scale(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  const bool backend_ready = io.BackendRendererUserData != nullptr;
  if (backend_ready) ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();

  const float text_px = 16.0f * scale, mono_px = 15.0f * scale;
  Fonts f;
  f.scale = scale;
  f.text_path = text_font_path();
  if (!f.text_path.empty()) {
    ImFontConfig cfg;
    // Glyphs on whole pixels, 1:1 with the atlas (no horizontal oversampling, advances rounded): crisp
    // text, and the window samples the atlas nearest, which a software renderer draws a third faster.
    cfg.OversampleH = 1;
    cfg.PixelSnapH = true;
    f.text = io.Fonts->AddFontFromFileTTF(f.text_path.c_str(), text_px, &cfg, text_ranges());
    // Fill what the text font lacks (some math symbols in Noto Sans) from DejaVu Sans: merged glyphs
    // never overwrite ones the first font has.
    std::string dv = dejavu_path();
    if (f.text && !dv.empty() && dv != f.text_path) {
      ImFontConfig merge;
      merge.MergeMode = true;
      merge.OversampleH = 1;
      merge.PixelSnapH = true;
      io.Fonts->AddFontFromFileTTF(dv.c_str(), text_px, &merge, text_ranges());
    }
  }
  if (!f.text) {
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * scale;
    f.text = io.Fonts->AddFontDefault(&cfg);
    log_once("font", "font: no Noto Sans or DejaVu Sans found; using ImGui's built-in font, which has no "
                     "Vietnamese letters. HINT: install fonts-noto-core (apt-get install fonts-noto-core)");
    f.text_path.clear();
  } else {
    log_once("font", "font: " + f.text_path);
  }
  std::string mono = mono_font_path();
  if (!mono.empty()) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.PixelSnapH = true;
    f.mono = io.Fonts->AddFontFromFileTTF(mono.c_str(), mono_px, &cfg, text_ranges());
    // DejaVu Sans Mono lacks some Vietnamese letters (ế, ở, …): the text font fills them, so a formula
    // or inline code in Vietnamese never shows "?".
    if (f.mono && !f.text_path.empty() && f.text_path != mono) {
      ImFontConfig merge;
      merge.MergeMode = true;
      merge.OversampleH = 1;
      merge.PixelSnapH = true;
      io.Fonts->AddFontFromFileTTF(f.text_path.c_str(), mono_px, &merge, text_ranges());
    }
  }
  if (!f.mono) f.mono = f.text;
  io.Fonts->Build();
  g_fonts = f;
  // Every letter of the interface's catalogue and of the built-in lessons must exist in both fonts at
  // this size (a missing one is drawn as a box or "?"): checked on each rebuild, i.e. at every UI scale,
  // and said once per scale.
  if (!f.text_path.empty()) {
    std::string all(embedded_catalogue(Lang::vi));
    for (const auto& l : builtin_lessons()) all += l.text;
    const std::string text_miss = missing_glyphs(f.text, all), mono_miss = missing_glyphs(f.mono, all);
    if (!text_miss.empty() || !mono_miss.empty()) {
      char key[32];
      std::snprintf(key, sizeof key, "font-missing-%.2f", double(scale));
      log_once(key, "font: the fonts lack letters of the interface or the lessons at UI scale " + std::to_string(scale) +
                        ": text font (" + f.text_path + ") '" + text_miss + "', monospace font '" + mono_miss +
                        "'\nHINT: install fonts-noto-core and fonts-dejavu-core, or set LLADA_FONT");
    }
  }

  ImGuiStyle& style = ImGui::GetStyle();
  if (!g_have_base_style) {
    g_base_style = style;
    g_have_base_style = true;
  }
  style = g_base_style;
  style.ScaleAllSizes(scale);
  if (backend_ready) ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace llada::app
