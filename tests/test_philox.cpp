// Philox4x32-10: known answers, the keying contract, and the float mapping.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/math/philox.hpp"

using namespace llada;

static void check_words(const PhiloxWords& got, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  CHECK(got.w[0] == a);
  CHECK(got.w[1] == b);
  CHECK(got.w[2] == c);
  CHECK(got.w[3] == d);
}

TEST_CASE("philox4x32_10 reproduces Random123's published known-answer vectors") {
  // Random123, tests/kat_vectors, the three "philox4x32 10" lines: CTR (4 words), KEY (2), EXPECTED (4).
  check_words(philox4x32_10(0, 0, 0, 0, 0, 0), 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u);
  check_words(philox4x32_10(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu),
              0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu);
  check_words(philox4x32_10(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u),
              0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u);
}

TEST_CASE("the (seed, stream, index) keying puts seed in the key and block, stream in the counter") {
  // seed = key words (lo, hi); block = counter words 0 and 1 (lo, hi); stream = counter word 2.
  const uint64_t seed = (uint64_t(0x299f31d0u) << 32) | 0xa4093822u;
  const uint64_t block = (uint64_t(0x85a308d3u) << 32) | 0x243f6a88u;
  const PhiloxWords a = philox_block(seed, 0x13198a2eu, block);
  const PhiloxWords b = philox4x32_10(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0, 0xa4093822u, 0x299f31d0u);
  for (int i = 0; i < 4; ++i) CHECK(a.w[i] == b.w[i]);
  // Index i reads word i%4 of block i/4.
  const PhiloxWords z = philox_block(7, stream::mask, 0);
  for (uint64_t i = 0; i < 4; ++i) CHECK(uniform01(7, stream::mask, i) == word_to_unit(z.w[i]));
}

TEST_CASE("uniform01x4 returns the four consecutive uniform01 values of its block") {
  for (uint64_t blk : {uint64_t(0), uint64_t(1), uint64_t(12345), uint64_t(1) << 40}) {
    const Uniform4 u = uniform01x4(42, stream::init, blk);
    for (int r = 0; r < 4; ++r) CHECK(u.u[r] == uniform01(42, stream::init, 4 * blk + r));
  }
}

TEST_CASE("the word to float map is exact and never reaches 1") {
  CHECK(word_to_unit(0u) == 0.0f);
  CHECK(word_to_unit(0xffffffffu) == 1.0f - 1.0f / 16777216.0f);
  CHECK(word_to_unit(0xffffffffu) < 1.0f);
  CHECK(word_to_unit(0x80000000u) == 0.5f);
  CHECK(word_to_unit(0x000000ffu) == 0.0f);  // the low 8 bits are dropped
  CHECK(word_to_unit(0x00000100u) == 1.0f / 16777216.0f);
}

TEST_CASE("different seeds, streams and indices give different numbers") {
  std::set<float> seen;
  for (uint64_t seed = 0; seed < 4; ++seed)
    for (uint32_t s = stream::mask; s <= stream::dropout; ++s)
      for (uint64_t i = 0; i < 8; ++i) seen.insert(uniform01(seed, s, i));
  // 4·6·8 = 192 draws from 2^24 values: a collision has probability ≈ 192²/2/2^24 ≈ 0.1 %, and the
  // fixed seeds make this deterministic; it fails if a key part were ignored (many exact repeats).
  CHECK(seen.size() >= 190);
}

TEST_CASE("uniform01 has mean 1/2 and variance 1/12 over 100k draws") {
  const int n = 100000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = uniform01(2024, stream::shuffle, uint64_t(i));
    s += u;
    s2 += u * u;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  // Standard error of the mean: sqrt(1/12 / n) = 9.1e-4; 5 standard errors = 4.6e-3. Of the variance:
  // sqrt((1/80 − 1/144)/n) = 2.4e-4 → bound 1.2e-3. Fixed seed, so the check is deterministic.
  CHECK(std::abs(mean - 0.5) < 4.6e-3);
  CHECK(std::abs(var - 1.0 / 12.0) < 1.2e-3);
}

TEST_CASE("normal draws are finite with mean 0 and variance 1 over 100k draws") {
  const int n = 100000;
  double s = 0, s2 = 0, mx = 0;
  int not_finite = 0;
  for (int i = 0; i < n; ++i) {
    const double z = normal(99, stream::init, uint64_t(i));
    not_finite += !std::isfinite(z);
    s += z;
    s2 += z * z;
    mx = std::max(mx, std::abs(z));
  }
  CHECK(not_finite == 0);
  const double mean = s / n, var = s2 / n - mean * mean;
  // SE of the mean 1/sqrt(n) = 3.2e-3 → 5 SE = 0.016; SE of the variance sqrt(2/n) = 4.5e-3 → 0.023.
  CHECK(std::abs(mean) < 0.016);
  CHECK(std::abs(var - 1.0) < 0.023);
  CHECK(mx <= 5.78);  // Box–Muller with 24-bit u1 ≥ 2^-24 cannot exceed sqrt(2·24·ln 2) ≈ 5.77
  CHECK(mx > 3.5);    // 100k normals almost surely exceed 3.5 (P(all below) ≈ e^-46)
}
