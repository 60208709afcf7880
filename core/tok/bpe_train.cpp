#include "core/tok/bpe_train.hpp"

#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/tok/tokenizer_impl.hpp"

namespace llada {

namespace {

uint64_t pair_key(int32_t a, int32_t b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }

struct Word {
  std::vector<int32_t> symbols;
  int64_t count = 0;
};

// Max-heap order: higher count first; on equal counts the smaller key (left id, then right id).
struct Candidate {
  int64_t count;
  uint64_t key;
  bool operator<(const Candidate& o) const { return count != o.count ? count < o.count : key > o.key; }
};

}  // namespace

Result<std::shared_ptr<const Tokenizer>> train_bpe(std::string_view text, const BpeTrainOptions& opts) {
  if (opts.n_merges < 1 || opts.n_merges > 65536)
    return fail("cannot learn " + std::to_string(opts.n_merges) + " merges", "choose between 1 and 65536 merges");
  if (text.empty()) return fail("no text to learn a vocabulary from", "load a corpus first");

  // 1. Distinct pre-tokenizer pieces and their counts (invalid bytes between matches are pieces too,
  //    as in encoding).
  tok::PreTokenizer pre(tok::Pattern::kGpt2);
  std::unordered_map<std::string_view, int64_t> piece_count;
  {
    tok::PreTokenizer::Cursor cursor(pre);
    size_t pos = 0, b = 0, e = 0;
    while (pos < text.size()) {
      if (!cursor.next(text, pos, b, e)) {
        ++piece_count[text.substr(pos)];
        break;
      }
      if (b > pos) ++piece_count[text.substr(pos, b - pos)];
      ++piece_count[text.substr(b, e - b)];
      pos = e;
    }
  }
  // Words in first-occurrence-independent order (sorted by bytes) so nothing depends on hash order.
  std::vector<std::pair<std::string_view, int64_t>> sorted(piece_count.begin(), piece_count.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<Word> words(sorted.size());
  for (size_t w = 0; w < sorted.size(); ++w) {
    for (char c : sorted[w].first) words[w].symbols.push_back(uint8_t(c));
    words[w].count = sorted[w].second;
  }

  // 2. Pair counts, the words each pair occurs in, and the candidate heap (entries go stale when a
  //    count changes; a popped entry is used only if it still matches the current count).
  std::unordered_map<uint64_t, int64_t> pair_count;
  std::unordered_map<uint64_t, std::vector<int32_t>> where;
  auto add_word_pairs = [&](int32_t w, int64_t sign, std::vector<uint64_t>* changed) {
    const auto& s = words[size_t(w)].symbols;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      uint64_t k = pair_key(s[i], s[i + 1]);
      pair_count[k] += sign * words[size_t(w)].count;
      if (sign > 0) where[k].push_back(w);
      if (changed) changed->push_back(k);
    }
  };
  for (int32_t w = 0; w < int32_t(words.size()); ++w) add_word_pairs(w, +1, nullptr);
  std::priority_queue<Candidate> heap;
  for (const auto& [k, c] : pair_count) heap.push({c, k});

  auto impl = std::make_unique<TokenizerImpl>();
  for (int b = 0; b < 256; ++b) impl->pieces.emplace_back(1, char(b));
  std::unordered_map<std::string, int32_t> id_of;  // merged bytes -> id (to reuse existing tokens)
  for (int b = 0; b < 256; ++b) id_of[impl->pieces[size_t(b)]] = b;

  // 3. Merge.
  std::vector<int32_t> stamp(words.size(), -1);
  std::vector<uint64_t> changed;
  int merges = 0, step = 0;
  while (merges < opts.n_merges && !heap.empty()) {
    if (opts.cancel && opts.cancel->load()) return fail("learning the vocabulary was cancelled");
    Candidate top = heap.top();
    heap.pop();
    auto it = pair_count.find(top.key);
    if (it == pair_count.end() || it->second != top.count) continue;  // stale
    if (top.count < 2) break;  // nothing repeats any more
    const int32_t a = int32_t(top.key >> 32), b = int32_t(top.key & 0xFFFFFFFFu);
    std::string bytes = impl->pieces[size_t(a)] + impl->pieces[size_t(b)];
    int32_t z;
    if (auto found = id_of.find(bytes); found != id_of.end()) {
      z = found->second;
    } else {
      z = int32_t(impl->pieces.size());
      impl->pieces.push_back(bytes);
      id_of.emplace(std::move(bytes), z);
      ++merges;
      if (opts.progress) opts.progress(double(merges) / opts.n_merges);
    }
    changed.clear();
    std::vector<int32_t> affected = std::move(where[top.key]);
    where.erase(top.key);
    ++step;
    for (int32_t w : affected) {
      if (stamp[size_t(w)] == step) continue;  // listed twice
      stamp[size_t(w)] = step;
      auto& s = words[size_t(w)].symbols;
      bool has = false;
      for (size_t i = 0; i + 1 < s.size() && !has; ++i) has = s[i] == a && s[i + 1] == b;
      if (!has) continue;  // an old listing: the pair left this word in an earlier merge
      add_word_pairs(w, -1, &changed);
      size_t out = 0;
      for (size_t i = 0; i < s.size();) {
        if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
          s[out++] = z;
          i += 2;
        } else {
          s[out++] = s[i++];
        }
      }
      s.resize(out);
      add_word_pairs(w, +1, &changed);
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    for (uint64_t k : changed) {
      auto c = pair_count.find(k);
      if (c->second <= 0) {
        pair_count.erase(c);
        where.erase(k);
      } else {
        heap.push({c->second, k});
      }
    }
  }

  impl->name = "bpe-" + std::to_string(merges);
  impl->n_mergeable = int32_t(impl->pieces.size());
  if (std::string bad = impl->finish(); !bad.empty()) return fail("the learned vocabulary is inconsistent: " + bad);
  impl->pre = std::make_unique<tok::PreTokenizer>(tok::Pattern::kGpt2);
  return std::make_shared<const Tokenizer>(std::move(impl));
}

}  // namespace llada
