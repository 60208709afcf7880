// A small open-addressing hash table for the BPE hot loop (internal to core/tok).
//
// std::unordered_map costs a node allocation and a pointer chase per entry; this keeps everything in
// one array, sized to a power of two at most half full, probed linearly. It is built once when a
// tokenizer loads and only read afterwards (so sharing them between threads is safe).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace llada::tok {

// A 64-bit hash of bytes: 8 bytes at a time, multiply-xorshift mixing. Not cryptographic; good spread.
inline uint64_t hash_bytes(std::string_view s) {
  const uint64_t k = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x243F6A8885A308D3ull ^ (s.size() * k);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * k;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w ^ (uint64_t(n) << 59)) * k;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

inline size_t table_size_for(size_t n) {
  size_t cap = 16;
  while (cap < 2 * n + 2) cap *= 2;
  return cap;
}

// bytes -> id, where the bytes of id are pieces[id] (the table stores ids only and compares against the
// pieces it was built from, which must outlive it and stay unchanged).
//
// Most lookups in the merge loop are short (2..8 bytes): those strings are their own key (the bytes
// packed into 64 bits, plus the length), so a probe touches one cache line and never the pieces.
// Longer strings are keyed by their 64-bit hash and confirmed against the piece.
class BytesMap {
 public:
  void build(const std::vector<std::string>& pieces, int32_t n_ids) {
    pieces_ = &pieces;
    slots_.assign(table_size_for(size_t(n_ids)), Slot{0, -1, 0});
    mask_ = slots_.size() - 1;
    for (int32_t id = 0; id < n_ids; ++id) {
      const std::string& p = pieces[size_t(id)];
      if (p.empty() || find(p) >= 0) continue;  // a repeated piece: the first id wins
      uint64_t key = key_of(p);
      for (size_t i = home(key, p.size());; i = (i + 1) & mask_)
        if (slots_[i].id < 0) {
          slots_[i] = Slot{key, id, uint32_t(p.size())};
          break;
        }
    }
  }
  int32_t find(std::string_view s) const {
    if (slots_.empty()) return -1;
    uint64_t key = key_of(s);
    for (size_t i = home(key, s.size());; i = (i + 1) & mask_) {
      const Slot& sl = slots_[i];
      if (sl.id < 0) return -1;
      if (sl.key == key && sl.len == s.size() &&
          (s.size() <= 8 || std::string_view((*pieces_)[size_t(sl.id)]) == s))
        return sl.id;
    }
  }

 private:
  struct Slot {
    uint64_t key;  // the bytes themselves (length <= 8, zero-padded) or hash_bytes
    int32_t id;    // -1: empty
    uint32_t len;
  };
  static uint64_t key_of(std::string_view s) {
    if (s.size() > 8) return hash_bytes(s);
    uint64_t w = 0;
    std::memcpy(&w, s.data(), s.size());
    return w;
  }
  size_t home(uint64_t key, size_t len) const {
    uint64_t h = (key ^ (uint64_t(len) << 56)) * 0x9E3779B97F4A7C15ull;
    return size_t(h ^ (h >> 29)) & mask_;
  }
  const std::vector<std::string>* pieces_ = nullptr;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace llada::tok
