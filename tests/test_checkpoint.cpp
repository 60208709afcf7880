#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "core/train/checkpoint.hpp"
#include "core/train/session.hpp"

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

TEST_CASE("a checkpoint with a valid checksum but an impossible header is refused field by field") {
  // Every case below is written by save_checkpoint, so its checksum is right: only the header's
  // meaning is wrong, which used to crash (an unknown model kind reached the attention with no op).
  auto path = scratch("header.ckpt");
  const llada::ModelConfig cfg = llada::ModelConfig::gpt(5, 1, 1, 4, 4);
  auto model = llada::Model::create(cfg, 1);
  REQUIRE(model);
  const std::span<const float> w(model->params().data(), model->params().size());
  auto refused = [&](const CheckpointMeta& meta, std::span<const float> params, const char* says) {
    REQUIRE(save_checkpoint(path.string(), meta, params));
    auto r = load_model_checkpoint(path.string());
    REQUIRE_FALSE(r.has_value());
    CHECK_MESSAGE(r.error().what.find(says) != std::string::npos, r.error().what);
    CHECK_FALSE(r.error().hint.empty());
  };
  const CheckpointMeta good = checkpoint_meta(cfg, "byte", 3);
  REQUIRE(save_checkpoint(path.string(), good, w));
  REQUIRE(load_model_checkpoint(path.string()).has_value());
  auto with = [&](const char* key, int64_t value) {
    CheckpointMeta m = good;
    for (auto& [k, v] : m.config)
      if (k == key) v = value;
    return m;
  };
  SUBCASE("unknown model kind") { refused(with("kind", 7), w, "kind = 7"); }
  SUBCASE("unknown activation") { refused(with("act", 9), w, "act = 9"); }
  SUBCASE("a width that wraps when cast to int") { refused(with("d", int64_t(1) << 32), w, "d = 4294967296"); }
  SUBCASE("negative vocabulary") { refused(with("V", -5), w, "V = -5"); }
  SUBCASE("causal neither 0 nor 1") { refused(with("causal", 2), w, "causal = 2"); }
  SUBCASE("a model name that is not one of ours") {
    CheckpointMeta m = good;
    m.model_kind = "banana";
    refused(m, w, "unknown model kind 'banana'");
  }
  SUBCASE("a model name that contradicts its fields") {
    CheckpointMeta m = good;
    m.model_kind = "llada";  // causal = 1 says gpt
    refused(m, w, "says model 'llada'");
  }
  SUBCASE("a missing field") {
    CheckpointMeta m = good;
    std::erase_if(m.config, [](auto& kv) { return kv.first == "n_layer"; });
    refused(m, w, "lacks the model field 'n_layer'");
  }
  SUBCASE("a field given twice") {
    CheckpointMeta m = good;
    m.config.push_back({"d", 4});
    refused(m, w, "appears twice");
  }
  SUBCASE("a tokenizer name with control bytes") {
    CheckpointMeta m = good;
    m.tokenizer_id = std::string("by\0te", 5);
    refused(m, w, "is not a name");
  }
  SUBCASE("a name at the length limit is kept, one character longer is refused") {
    // Names are at most 64 printable characters: the boundary itself, on both sides.
    CheckpointMeta m = good;
    m.tokenizer_id = std::string(64, 'b');
    REQUIRE(save_checkpoint(path.string(), m, w));
    auto kept = read_checkpoint(path.string());
    REQUIRE(kept.has_value());
    CHECK(kept->meta.tokenizer_id == m.tokenizer_id);
    m.tokenizer_id = std::string(65, 'b');
    refused(m, w, "is not a name");
  }
  SUBCASE("a field name with a space in it") {
    // The space is the first character refused (a name is printable and has no blanks).
    CheckpointMeta m = good;
    m.config.push_back({"n head", 1});
    refused(m, w, "a model field is named 'n head'");
  }
  SUBCASE("first moments without second moments") {
    // m and v are both there or both absent; a file with only m would resume Adam from v = 0.
    std::vector<float> m1(w.size(), 0.0f);
    REQUIRE(save_checkpoint(path.string(), good, w, m1, {}));
    auto r = read_checkpoint(path.string());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("Adam moments") != std::string::npos);
  }
  SUBCASE("moments of another size than the weights") {
    std::vector<float> half(w.size() / 2, 0.0f);
    REQUIRE(save_checkpoint(path.string(), good, w, half, half));
    auto r = read_checkpoint(path.string());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("Adam moments") != std::string::npos);
  }
  SUBCASE("weights of another count than the fields describe") {
    std::vector<float> fewer(w.begin(), w.end() - 1);
    refused(good, fewer, "weights");
  }
}

TEST_CASE("a checkpoint cut at any byte of its header is reported as truncated inside its header") {
  // Every prefix, read from the full file's memory so a read one byte past the cut finds real bytes
  // (the bounds check of each read, at its exact edge, is what refuses them).
  auto path = scratch("cut.ckpt");
  REQUIRE(save_checkpoint(path.string(), meta_small(), std::vector<float>(8, 1.0f)));
  const auto bytes = slurp(path);
  const std::string_view all(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  uint32_t header_len = 0;
  std::memcpy(&header_len, bytes.data() + 12, sizeof header_len);  // after the magic and the version
  const size_t header_end = 16 + header_len;
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    CAPTURE(cut);
    auto r = checkpoint_from_bytes(all.substr(0, cut), "cut.ckpt");
    REQUIRE_FALSE(r.has_value());
    if (cut < 8) CHECK(r.error().what.find("not a LLaDA Lab checkpoint") != std::string::npos);
    else if (cut < header_end) CHECK(r.error().what.find("truncated inside its header") != std::string::npos);
    else CHECK(r.error().what.find("truncated or has extra bytes") != std::string::npos);
  }
  CHECK(checkpoint_from_bytes(all, "cut.ckpt").has_value());
}

TEST_CASE("a header string whose length runs one byte past the header is refused as malformed") {
  // The file ends where the header ends, in a buffer of exactly its size, so a read of the one byte
  // too many would leave the allocation (AddressSanitizer reports it; the release build must refuse).
  for (uint32_t extra : {1u, 2u, 1000u}) {
    CAPTURE(extra);
    const uint32_t header_len = 4 + 6;  // a length field and six bytes of name
    std::vector<char> b = {'L', 'L', 'A', 'D', 'A', 'C', 'K', 'P'};
    auto put = [&](uint32_t x) {
      const char* p = reinterpret_cast<const char*>(&x);
      b.insert(b.end(), p, p + 4);
    };
    put(kCheckpointVersion);
    put(header_len);
    put(6 + extra);  // the model kind's length: past the header's end
    for (char c : std::string("gptgpt")) b.push_back(c);
    auto r = checkpoint_from_bytes(std::string_view(b.data(), b.size()), "short.ckpt");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().what.find("malformed header") != std::string::npos);
  }
}

TEST_CASE("a folder given as a checkpoint is an error naming it, not an exception") {
  auto dir = scratch("a_folder");
  fs::create_directories(dir);
  auto r = read_checkpoint(dir.string());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("folder") != std::string::npos);
}

TEST_CASE("check_compatible names the file's model and tokenizer first and the running one second") {
  const CheckpointMeta file = meta_small();
  CheckpointMeta running = meta_small();
  CHECK(check_compatible(file, running, "f.ckpt"));
  running.config[1].second = 3;  // d=3
  auto d = check_compatible(file, running, "f.ckpt");
  REQUIRE_FALSE(d);
  const std::string& what = d.error().what;
  const size_t split = what.find("the running model is");
  REQUIRE(split != std::string::npos);
  CHECK(what.find("d=2") < split);
  CHECK(what.find("d=3") > split);
  running = meta_small();
  running.tokenizer_id = "gpt2";
  auto t = check_compatible(file, running, "f.ckpt");
  REQUIRE_FALSE(t);
  CHECK(t.error().what.find("trained with tokenizer 'byte'") != std::string::npos);
  CHECK(t.error().what.find("uses 'gpt2'") != std::string::npos);
}

TEST_CASE("a checkpoint of another model kind with the same fields and tokenizer is refused") {
  // The config alone does not tell a GPT from a LLaDA of the same shape; the kind must match too.
  CheckpointMeta running = meta_small();
  running.model_kind = "gpt";
  auto r = check_compatible(meta_small(), running, "k.ckpt");
  REQUIRE_FALSE(r);
  CHECK(r.error().what.find("different model") != std::string::npos);
  CHECK(r.error().what.find("zero-layer") != std::string::npos);
}

TEST_CASE("load_checkpoint_into refuses a weight count other than the model's, on either side, untouched") {
  auto path = scratch("count.ckpt");
  REQUIRE(save_checkpoint(path.string(), meta_small(), std::vector<float>(8, 1.0f)));
  for (size_t n : {7u, 9u}) {
    CAPTURE(n);
    std::vector<float> model(n, -3.0f);
    auto r = load_checkpoint_into(path.string(), meta_small(), model);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("8 weights") != std::string::npos);
    CHECK(model == std::vector<float>(n, -3.0f));
  }
}

TEST_CASE("load_checkpoint_into takes moments only into moment buffers given, and restarts them from a weights-only file") {
  auto path = scratch("moments.ckpt");
  const std::vector<float> w(8, 2.0f), m(8, 0.25f), v(8, 0.5f);
  REQUIRE(save_checkpoint(path.string(), meta_small(), w, m, v));
  std::vector<float> p(8, 0.0f);
  REQUIRE(load_checkpoint_into(path.string(), meta_small(), p));  // the file's moments, no buffers for them
  CHECK(p == w);
  REQUIRE(save_checkpoint(path.string(), meta_small(), w));  // weights only
  std::vector<float> p2(8, 0.0f), m2(8, 9.0f), v2(8, 9.0f);
  REQUIRE(load_checkpoint_into(path.string(), meta_small(), p2, m2, v2));
  CHECK(p2 == w);
  CHECK(m2 == std::vector<float>(8, 0.0f));
  CHECK(v2 == std::vector<float>(8, 0.0f));
}
