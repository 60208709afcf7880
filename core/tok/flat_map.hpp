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
class BytesMap {
 public:
  void build(const std::vector<std::string>& pieces, int32_t n_ids) {
    pieces_ = &pieces;
    slots_.assign(table_size_for(size_t(n_ids)), Slot{0, -1});
    mask_ = slots_.size() - 1;
    for (int32_t id = 0; id < n_ids; ++id) {
      const std::string& p = pieces[size_t(id)];
      if (p.empty()) continue;
      uint64_t h = hash_bytes(p);
      for (size_t i = h & mask_;; i = (i + 1) & mask_) {
        if (slots_[i].id < 0) {
          slots_[i] = Slot{h, id};
          break;
        }
        if (slots_[i].hash == h && (*pieces_)[size_t(slots_[i].id)] == p) break;  // duplicate: first wins
      }
    }
  }
  int32_t find(std::string_view s) const {
    if (slots_.empty()) return -1;
    uint64_t h = hash_bytes(s);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& sl = slots_[i];
      if (sl.id < 0) return -1;
      if (sl.hash == h && std::string_view((*pieces_)[size_t(sl.id)]) == s) return sl.id;
    }
  }

 private:
  struct Slot {
    uint64_t hash;
    int32_t id;
  };
  const std::vector<std::string>* pieces_ = nullptr;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace llada::tok
