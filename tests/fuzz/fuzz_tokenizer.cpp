// Fuzz target: every tokenizer round-trips any bytes, decode(encode(x)) == x, and never produces an id
// outside its vocabulary: the byte tokenizer, a BPE learned from a fixed text, and GPT-2 and cl100k when
// their vocabularies are present (the data search order, e.g. LLADA_CACHE).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/tok/bpe_train.hpp"
#include "core/tok/tokenizer.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {
std::vector<std::shared_ptr<const llada::Tokenizer>> tokenizers() {
  std::vector<std::shared_ptr<const llada::Tokenizer>> all;
  for (const char* name : {"byte", "gpt2", "cl100k"})
    if (auto t = llada::load_tokenizer(name)) all.push_back(*t);
  if (auto b = llada::train_bpe("the cat sat on the mat; the dog sat on the log. Việt Nam, Hà Nội!\n", {.n_merges = 40}))
    all.push_back(*b);
  return all;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto all = tokenizers();
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& t : all) {
    for (bool specials : {false, true}) {
      const std::vector<llada::TokenId> ids = specials ? t->encode_with_specials(text) : t->encode(text);
      for (llada::TokenId id : ids) FUZZ_CHECK(id >= 0 && id < t->vocab_size(), "an id outside the vocabulary");
      FUZZ_CHECK(t->decode(ids) == text, "decode(encode(x)) != x");
    }
  }
  return 0;
}
