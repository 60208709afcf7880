// core/util/sha256: the FIPS 180-4 test vectors, and chunked updates equal to one update (block edges).
#include <doctest/doctest.h>

#include <string>

#include "core/util/sha256.hpp"

using namespace llada;

TEST_CASE("SHA-256 gives the FIPS 180-4 digests") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 of a text fed in pieces of every size equals the digest of the whole") {
  std::string text;
  for (int i = 0; i < 300; ++i) text += char(i * 7 + 3);
  const std::string whole = sha256_hex(text);
  for (size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 128u}) {
    Sha256 h;
    for (size_t at = 0; at < text.size(); at += piece) h.update(std::string_view(text).substr(at, piece));
    CHECK(to_hex(h.finish()) == whole);
  }
  // Lengths around the padding boundary (55, 56 and 64 bytes need one or two final blocks).
  CHECK(sha256_hex(std::string(55, 'x')) != sha256_hex(std::string(56, 'x')));
}
