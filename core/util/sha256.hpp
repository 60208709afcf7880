// SHA-256 (FIPS 180-4), to check the pinned data files (the GPT-2 vocabulary, the cl100k ranks, the
// Brown corpus) against the digests of the versions the lab was tested with: a one-character edit of a
// vocabulary would otherwise load silently and change token ids.
//
//   sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace llada {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::array<uint8_t, 32> finish();  // the digest; the object is then spent

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t fill_ = 0;
  uint64_t bytes_ = 0;
};

std::string to_hex(const std::array<uint8_t, 32>& digest);
std::string sha256_hex(std::string_view bytes);

}  // namespace llada
