#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/train/checkpoint.hpp"

using namespace llada::train;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("llada_ckpt_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

CheckpointMeta meta_small() {
  return CheckpointMeta{"zero-layer", "byte", 42, {{"V", 4}, {"d", 2}, {"T", 8}}};
}

std::vector<unsigned char> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& p, const std::vector<unsigned char>& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

}  // namespace

TEST_CASE("crc32 gives the standard check value for '123456789'") {
  CHECK(crc32("123456789", 9) == 0xCBF43926u);
}

TEST_CASE("a checkpoint round-trips weights, moments, step and config, and leaves no temp file") {
  auto path = scratch("round.ckpt");
  std::vector<float> p = {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f, -9.5f, 1e-7f};
  std::vector<float> m(8, 0.25f), v(8, 0.5f);
  REQUIRE(save_checkpoint(path.string(), meta_small(), p, m, v));
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
  std::vector<float> p2(8, 0.0f), m2(8), v2(8);
  auto meta = load_checkpoint_into(path.string(), meta_small(), p2, m2, v2);
  REQUIRE(meta);
  CHECK(meta->step == 42);
  CHECK(config_value(*meta, "T") == 8);
  CHECK(p2 == p);
  CHECK(m2 == m);
  CHECK(v2 == v);
}

TEST_CASE("loading a corrupt, truncated or mismatched checkpoint fails clearly and leaves the model untouched") {
  auto path = scratch("bad.ckpt");
  std::vector<float> saved(8, 1.0f);
  REQUIRE(save_checkpoint(path.string(), meta_small(), saved));
  const auto good = slurp(path);
  const std::vector<float> running_weights(8, -3.0f);
  std::vector<float> model = running_weights;

  SUBCASE("a flipped bit in the weights is caught by the checksum") {
    auto b = good;
    b[b.size() - 8] ^= 0x10;
    spit(path, b);
    auto r = load_checkpoint_into(path.string(), meta_small(), model);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("corrupt") != std::string::npos);
    CHECK_FALSE(r.error().hint.empty());
  }
  SUBCASE("a file cut short is reported as truncated") {
    auto b = good;
    b.resize(b.size() - 10);
    spit(path, b);
    auto r = load_checkpoint_into(path.string(), meta_small(), model);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("truncated") != std::string::npos);
  }
  SUBCASE("a file cut inside the header is reported as truncated") {
    auto b = good;
    b.resize(20);
    spit(path, b);
    auto r = load_checkpoint_into(path.string(), meta_small(), model);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("truncated") != std::string::npos);
  }
  SUBCASE("a different model config is refused, naming both") {
    auto other = meta_small();
    other.config[1].second = 3;  // d=3
    auto r = load_checkpoint_into(path.string(), other, model);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("different model") != std::string::npos);
    CHECK(r.error().what.find("d=2") != std::string::npos);
  }
  SUBCASE("a different tokenizer is refused with the one to choose") {
    auto other = meta_small();
    other.tokenizer_id = "gpt2";
    auto r = load_checkpoint_into(path.string(), other, model);
    REQUIRE_FALSE(r);
    CHECK(r.error().hint.find("--tokenizer byte") != std::string::npos);
  }
  SUBCASE("a file that is not a checkpoint at all") {
    spit(path, {'h', 'e', 'l', 'l', 'o'});
    auto r = load_checkpoint_into(path.string(), meta_small(), model);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("not a LLaDA Lab checkpoint") != std::string::npos);
  }
  CHECK(model == running_weights);
}
