#include "core/tok/tokenizer.hpp"

#include <algorithm>
#include <cassert>
#include <climits>
#include <queue>

#include "core/tok/tokenizer_impl.hpp"

namespace llada {

// ------------------------------------------------------------------------------------------ tables

std::string TokenizerImpl::finish() {
  if (n_mergeable < 256 || size_t(n_mergeable) > pieces.size()) return "fewer than 256 ordinary tokens";
  special_flag.assign(pieces.size(), 0);
  for (const SpecialToken& s : specials) {
    if (s.id < n_mergeable || size_t(s.id) >= pieces.size()) return "special token id out of range";
    pieces[size_t(s.id)] = s.text;
    special_flag[size_t(s.id)] = 1;
  }
  whole.build(pieces, n_mergeable);
  for (int b = 0; b < 256; ++b) {
    char c = char(b);
    byte_id[size_t(b)] = whole.find(std::string_view(&c, 1));
    if (byte_id[size_t(b)] < 0) return "byte " + std::to_string(b) + " has no token";
  }
  for (int32_t id = 0; id < n_mergeable; ++id)
    if (!pieces[size_t(id)].empty() && whole.find(pieces[size_t(id)]) != id)
      return "token " + std::to_string(id) + " repeats an earlier token's bytes";
  return {};
}

// ------------------------------------------------------------------------------------------ merging

namespace tok {

// The rank of a byte string: its id when it is an ordinary token, else "never merges".
static inline int32_t rank_of(const TokenizerImpl& t, std::string_view bytes) {
  int32_t id = t.whole.find(bytes);
  return id < 0 ? INT32_MAX : id;
}

void bpe_merge_small(const TokenizerImpl& t, std::string_view piece, std::vector<TokenId>& out) {
  // Part i covers bytes [start[i], start[i+1]) and has id ids[i]; rank[i] is the rank of parts i and
  // i+1 together. Adjacent parts are adjacent bytes of the piece, so a pair's bytes are a slice of it.
  constexpr size_t kStack = 256;
  uint32_t start_buf[kStack + 1];
  int32_t ids_buf[kStack], rank_buf[kStack];
  std::vector<uint32_t> start_heap;
  std::vector<int32_t> ids_heap, rank_heap;
  uint32_t* start = start_buf;
  int32_t* ids = ids_buf;
  int32_t* rank = rank_buf;
  size_t m = piece.size();
  if (m > kStack) {
    start_heap.resize(m + 1);
    ids_heap.resize(m);
    rank_heap.resize(m);
    start = start_heap.data();
    ids = ids_heap.data();
    rank = rank_heap.data();
  }
  for (size_t i = 0; i <= m; ++i) start[i] = uint32_t(i);
  for (size_t i = 0; i < m; ++i) ids[i] = t.byte_id[uint8_t(piece[i])];
  auto pair_rank = [&](size_t i) { return rank_of(t, piece.substr(start[i], start[i + 2] - start[i])); };
  for (size_t i = 0; i + 1 < m; ++i) rank[i] = pair_rank(i);
  while (m > 1) {
    size_t best = 0;
    int32_t best_rank = INT32_MAX;
    for (size_t i = 0; i + 1 < m; ++i)
      if (rank[i] < best_rank) {  // strict: the leftmost of equal ranks, as tiktoken
        best_rank = rank[i];
        best = i;
      }
    if (best_rank == INT32_MAX) break;
    ids[best] = best_rank;  // parts best and best+1 become one
    for (size_t i = best + 1; i + 1 < m; ++i) ids[i] = ids[i + 1];
    for (size_t i = best + 1; i < m; ++i) start[i] = start[i + 1];
    for (size_t i = best + 1; i + 2 < m; ++i) rank[i] = rank[i + 1];
    --m;
    if (best + 1 < m) rank[best] = pair_rank(best);
    if (best > 0) rank[best - 1] = pair_rank(best - 1);
  }
  out.insert(out.end(), ids, ids + m);
}

void bpe_merge_heap(const TokenizerImpl& t, std::string_view piece, std::vector<TokenId>& out) {
  // Parts are identified by the byte position where they start (stable under merges), linked by
  // next[]. Heap entries (rank, position) go stale when a neighbour changes: an entry is valid when its
  // part is alive and the pair starting there still has that rank. A rank names one byte string, so
  // equal rank at the same start means the same pair: the check is exact, and popping (rank, position)
  // in order picks the lowest rank, leftmost, as the rescanning version does.
  const int32_t n = int32_t(piece.size());
  std::vector<int32_t> next(piece.size()), prev(piece.size());
  std::vector<uint8_t> alive(piece.size(), 1);
  for (int32_t i = 0; i < n; ++i) {
    next[size_t(i)] = i + 1;  // n = end
    prev[size_t(i)] = i - 1;
  }
  auto pair_rank = [&](int32_t i) {  // parts i and next[i] together; requires next[i] < n
    int32_t j = next[size_t(i)];
    int32_t e = next[size_t(j)];
    return rank_of(t, piece.substr(size_t(i), size_t(e - i)));
  };
  using Entry = std::pair<int32_t, int32_t>;  // (rank, position)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  for (int32_t i = 0; i + 1 < n; ++i)
    if (int32_t r = pair_rank(i); r != INT32_MAX) heap.push({r, i});
  while (!heap.empty()) {
    auto [r, i] = heap.top();
    heap.pop();
    if (!alive[size_t(i)] || next[size_t(i)] >= n || pair_rank(i) != r) continue;
    int32_t j = next[size_t(i)];  // merge part j into part i
    alive[size_t(j)] = 0;
    int32_t k = next[size_t(j)];
    next[size_t(i)] = k;
    if (k < n) {
      prev[size_t(k)] = i;
      if (int32_t rr = pair_rank(i); rr != INT32_MAX) heap.push({rr, i});
    }
    if (int32_t h = prev[size_t(i)]; h >= 0)
      if (int32_t rl = pair_rank(h); rl != INT32_MAX) heap.push({rl, h});
  }
  for (int32_t i = 0; i < n; i = next[size_t(i)]) {
    std::string_view part = piece.substr(size_t(i), size_t(next[size_t(i)] - i));
    out.push_back(part.size() == 1 ? t.byte_id[uint8_t(part[0])] : t.whole.find(part));
  }
}

void encode_piece(const TokenizerImpl& t, std::string_view piece, std::vector<TokenId>& out) {
  if (piece.size() == 1) {
    out.push_back(t.byte_id[uint8_t(piece[0])]);
    return;
  }
  if (int32_t id = t.whole.find(piece); id >= 0) {
    out.push_back(id);
    return;
  }
  if (piece.size() <= 256)
    bpe_merge_small(t, piece, out);
  else
    bpe_merge_heap(t, piece, out);
}

}  // namespace tok

// ------------------------------------------------------------------------------------------ Tokenizer

Tokenizer::Tokenizer(std::unique_ptr<TokenizerImpl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

const std::string& Tokenizer::name() const { return impl_->name; }
int32_t Tokenizer::vocab_size() const { return int32_t(impl_->pieces.size()); }
int32_t Tokenizer::n_mergeable() const { return impl_->n_mergeable; }
const std::vector<SpecialToken>& Tokenizer::specials() const { return impl_->specials; }

void Tokenizer::encode_append(std::string_view text, std::vector<TokenId>& out) const {
  const TokenizerImpl& t = *impl_;
  if (!t.pre) {  // bytes are ids
    for (char c : text) out.push_back(uint8_t(c));
    return;
  }
  tok::PreTokenizer::Cursor cursor(*t.pre);
  size_t pos = 0, b = 0, e = 0;
  while (pos < text.size()) {
    if (!cursor.next(text, pos, b, e)) {  // only invalid bytes remain: one piece
      tok::encode_piece(t, text.substr(pos), out);
      break;
    }
    if (b > pos) tok::encode_piece(t, text.substr(pos, b - pos), out);  // invalid bytes in between
    tok::encode_piece(t, text.substr(b, e - b), out);
    pos = e;
  }
}

std::vector<TokenId> Tokenizer::encode(std::string_view text) const {
  std::vector<TokenId> out;
  out.reserve(text.size() / 3 + 8);
  encode_append(text, out);
  return out;
}

std::vector<TokenId> Tokenizer::encode_with_specials(std::string_view text,
                                                     std::span<const std::string> allowed) const {
  std::vector<const SpecialToken*> use;
  for (const SpecialToken& s : impl_->specials)
    if (allowed.empty() || std::find(allowed.begin(), allowed.end(), s.text) != allowed.end())
      use.push_back(&s);
  std::vector<TokenId> out;
  out.reserve(text.size() / 3 + 8);
  size_t pos = 0;
  while (pos < text.size()) {
    // The earliest allowed special from pos (the longest when two start at the same byte).
    size_t best = std::string_view::npos;
    const SpecialToken* which = nullptr;
    for (const SpecialToken* s : use) {
      size_t at = text.find(s->text, pos);
      if (at < best || (at == best && at != std::string_view::npos && s->text.size() > which->text.size())) {
        best = at;
        which = s;
      }
    }
    if (!which) {
      encode_append(text.substr(pos), out);
      break;
    }
    encode_append(text.substr(pos, best - pos), out);
    out.push_back(which->id);
    pos = best + which->text.size();
  }
  return out;
}

std::string Tokenizer::decode(std::span<const TokenId> ids) const {
  std::string s;
  s.reserve(ids.size() * 4);
  for (TokenId id : ids) s += piece(id);
  return s;
}

std::string_view Tokenizer::piece(TokenId id) const {
  if (id < 0 || size_t(id) >= impl_->pieces.size()) return {};
  return impl_->pieces[size_t(id)];
}

bool Tokenizer::has_token(TokenId id) const { return !piece(id).empty(); }

bool Tokenizer::is_special(TokenId id) const {
  return id >= 0 && size_t(id) < impl_->special_flag.size() && impl_->special_flag[size_t(id)];
}

// ------------------------------------------------------------------------------------------ byte / display

std::shared_ptr<const Tokenizer> byte_tokenizer() {
  static const std::shared_ptr<const Tokenizer> shared = [] {
    auto impl = std::make_unique<TokenizerImpl>();
    impl->name = "byte";
    for (int b = 0; b < 256; ++b) impl->pieces.emplace_back(1, char(b));
    impl->n_mergeable = 256;
    std::string bad = impl->finish();
    assert(bad.empty());
    return std::make_shared<const Tokenizer>(std::move(impl));
  }();
  return shared;
}

// Length of the valid UTF-8 character at s[i], or 0 when the bytes there are not one (overlong forms,
// surrogates and code points above U+10FFFF count as invalid, as in the Unicode standard).
static size_t utf8_char_len(std::string_view s, size_t i) {
  auto u = [&](size_t k) { return uint8_t(s[k]); };
  uint8_t c = u(i);
  size_t n = s.size() - i;
  auto cont = [&](size_t k) { return k < s.size() && (u(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && u(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && u(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && u(i + 1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && u(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

std::string display_piece(std::string_view bytes) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() + 8);
  for (size_t i = 0; i < bytes.size();) {
    uint8_t c = uint8_t(bytes[i]);
    size_t len = utf8_char_len(bytes, i);
    if (len > 1) {
      out.append(bytes.substr(i, len));
      i += len;
      continue;
    }
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\\') out += "\\\\";
    else if (len == 1 && c >= 0x20 && c != 0x7F) out += char(c);
    else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
    ++i;
  }
  return out;
}

}  // namespace llada
