// Streaming UTF-8 validation + CRLF normalisation (contract in text.hpp).
#include "core/data/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>

namespace llada {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Feeds bytes through a small state machine that survives chunk boundaries: a UTF-8 sequence or a
// CR may be cut by the end of a chunk and completed by the next one.
class Cleaner {
 public:
  Cleaner(std::string& out, bool lossy) : out_(out), lossy_(lossy) {}

  // False at the first invalid byte when not lossy (then error_* describe it).
  bool feed(const unsigned char* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
      const unsigned char b = p[i];
      if (need_ == 0) {
        if (b < 0x80) {
          if (b == '\r') {
            flush_cr();
            cr_ = true;
            ++i;
            continue;
          }
          if (cr_) {
            cr_ = false;
            if (b != '\n') out_.push_back('\r');  // a lone CR stays
          }
          // ASCII run without CR: the common case, appended in one go.
          std::size_t j = i + 1;
          while (j < n && p[j] < 0x80 && p[j] != '\r') ++j;
          out_.append(reinterpret_cast<const char*>(p + i), j - i);
          i = j;
          continue;
        }
        flush_cr();
        seq_start_ = offset(i);
        if (!start_sequence(b)) {
          if (!invalid(b, offset(i))) return false;
          ++i;
          continue;
        }
        ++i;
        continue;
      }
      if (b < lo_ || b > hi_) {
        // The maximal subpart seq_[0..have_) is ill-formed; b is not consumed, it starts afresh.
        if (!invalid(b, offset(i))) return false;
        continue;
      }
      seq_[have_++] = b;
      lo_ = 0x80, hi_ = 0xBF;
      if (--need_ == 0) emit_sequence();
      ++i;
    }
    consumed_ += n;
    return true;
  }

  // End of input: a sequence cut short by the end is invalid; a pending CR is emitted.
  bool finish() {
    if (need_ != 0) {
      if (!lossy_) {
        record_error(seq_start_, true);
        return false;
      }
      out_ += kReplacement;
      need_ = have_ = 0;
    }
    flush_cr();
    return true;
  }

  std::uint64_t error_offset = 0;  // byte offset (in the input) of the start of the bad sequence
  std::string error_bytes;         // the offending bytes, e.g. "0xE1 0x20"
  bool error_at_end = false;       // the input ended inside a sequence

 private:
  std::uint64_t offset(std::size_t i) const { return consumed_ + i; }

  void flush_cr() {
    if (cr_) out_.push_back('\r');
    cr_ = false;
  }

  // Sets how many continuation bytes follow lead byte b and the allowed range of the first one
  // (the ranges exclude overlongs, surrogates and code points above U+10FFFF). False: b cannot lead.
  bool start_sequence(unsigned char b) {
    lo_ = 0x80, hi_ = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) need_ = 1;
    else if (b == 0xE0) need_ = 2, lo_ = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC) need_ = 2;
    else if (b == 0xED) need_ = 2, hi_ = 0x9F;
    else if (b >= 0xEE && b <= 0xEF) need_ = 2;
    else if (b == 0xF0) need_ = 3, lo_ = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) need_ = 3;
    else if (b == 0xF4) need_ = 3, hi_ = 0x8F;
    else return false;
    seq_[0] = b;
    have_ = 1;
    return true;
  }

  void emit_sequence() {
    // A byte-order mark at the very start of the input is dropped.
    const bool bom = seq_start_ == 0 && have_ == 3 && seq_[0] == 0xEF && seq_[1] == 0xBB && seq_[2] == 0xBF;
    if (!bom) out_.append(reinterpret_cast<const char*>(seq_), static_cast<std::size_t>(have_));
    have_ = 0;
  }

  // b (at offset `at`) does not fit: lossy → one U+FFFD for the pending subpart (or for b alone when
  // no sequence was pending and b cannot lead); strict → record and stop.
  bool invalid(unsigned char b, std::uint64_t at) {
    if (!lossy_) {
      if (need_ == 0) {
        seq_[0] = b;
        have_ = 1;
        seq_start_ = at;
      } else {
        seq_[have_++] = b;
      }
      record_error(seq_start_, false);
      return false;
    }
    out_ += kReplacement;
    need_ = have_ = 0;
    return true;
  }

  void record_error(std::uint64_t at, bool at_end) {
    error_offset = at;
    error_at_end = at_end;
    char hex[8];
    for (int k = 0; k < have_; ++k) {
      std::snprintf(hex, sizeof hex, k ? " 0x%02X" : "0x%02X", seq_[k]);
      error_bytes += hex;
    }
  }

  std::string& out_;
  bool lossy_;
  std::uint64_t consumed_ = 0;   // bytes fed in earlier calls
  std::uint64_t seq_start_ = 0;  // offset of the lead byte of the pending sequence
  unsigned char seq_[4] = {};
  int have_ = 0, need_ = 0;
  unsigned char lo_ = 0x80, hi_ = 0xBF;
  bool cr_ = false;
};

// "line 3, column 17, after «…Hà Nội l»": where in the text the error is, from the clean output so far
// (it holds exactly the input before the error, CRLF already folded, so its LF count is the line).
std::string describe_position(const std::string& out) {
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
  const std::size_t nl = out.rfind('\n');
  const std::size_t line_start = nl == std::string::npos ? 0 : nl + 1;
  std::string tail = out.substr(line_start);
  std::string where = "line " + std::to_string(line) + ", column " + std::to_string(utf8_length(tail) + 1);
  if (tail.size() > 40) {
    std::size_t cut = tail.size() - 40;
    while (cut < tail.size() && (static_cast<unsigned char>(tail[cut]) & 0xC0) == 0x80) ++cut;
    tail = "…" + tail.substr(cut);
  }
  if (!tail.empty()) where += ", after \"" + tail + "\"";
  return where;
}

Error utf8_error(const Cleaner& c, const std::string& out, std::string_view source) {
  std::string what = std::string(source) + " is not valid UTF-8: " +
                     (c.error_at_end ? "the text ends inside a character (" : "invalid byte sequence ") +
                     c.error_bytes + (c.error_at_end ? ")" : "") + " at byte offset " +
                     std::to_string(c.error_offset) + " (" + describe_position(out) + ")";
  return Error{what, "re-save the file as UTF-8 or use the lossy option (invalid bytes become U+FFFD)"};
}

Result<std::string> check_length(std::string text, const TextOptions& opts, std::string_view source) {
  if (opts.min_chars == 0) return text;
  const bool blank = std::all_of(text.begin(), text.end(), [](char ch) {
    return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == '\v';
  });
  const std::string need = "at least " + std::to_string(opts.min_chars) + " characters";
  if (blank) return fail(std::string(source) + " is empty", "choose a text with " + need);
  const std::size_t n = utf8_length(text);
  if (n < opts.min_chars)
    return fail(std::string(source) + " is too short: " + std::to_string(n) + " characters, " + need +
                    " are needed",
                "choose a longer text (" + need + ")");
  return text;
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Result<std::string> clean_text(std::string_view bytes, const TextOptions& opts, std::string_view source) {
  std::string out;
  out.reserve(bytes.size());
  Cleaner c(out, opts.lossy);
  if (!c.feed(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) || !c.finish())
    return std::unexpected(utf8_error(c, out, source));
  return check_length(std::move(out), opts, source);
}

Result<std::string> load_text_file(const std::filesystem::path& path, const TextOptions& opts) {
  namespace fs = std::filesystem;
  std::string source = path.string();  // quoted; built this way because GCC 12 warns on "'" + string
  source.insert(source.begin(), '\'');
  source.push_back('\'');
  std::error_code ec;
  if (!fs::exists(path, ec))
    return fail("cannot open " + source + ": no such file", "check the path (relative paths start at " +
                                                                fs::current_path(ec).string() + ")");
  if (fs::is_directory(path, ec)) return fail(source + " is a folder, not a text file", "choose a file");
  const std::uintmax_t size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in || ec) return fail("cannot read " + source, "check that the file is readable");

  std::string out;
  out.reserve(static_cast<std::size_t>(size));
  Cleaner c(out, opts.lossy);
  std::vector<unsigned char> buf(std::max<std::size_t>(opts.chunk_bytes, 1));
  std::uint64_t done = 0;
  for (;;) {
    if (opts.cancel && opts.cancel->load(std::memory_order_relaxed))
      return fail("loading " + source + " was cancelled");
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    const std::size_t got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    if (!c.feed(buf.data(), got)) return std::unexpected(utf8_error(c, out, source));
    done += got;
    if (opts.progress && size > 0) opts.progress(std::min(1.0, double(done) / double(size)));
    if (got < buf.size()) break;
  }
  if (in.bad()) return fail("reading " + source + " failed", "check the disk and the file");
  if (!c.finish()) return std::unexpected(utf8_error(c, out, source));
  if (opts.progress) opts.progress(1.0);
  return check_length(std::move(out), opts, source);
}

}  // namespace llada
