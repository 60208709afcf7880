// The forward pass's tensor shapes as the window and `llada-lab math shapes` print them: the seed's Model1
// ([5, 8] → [5, 8, 64] → [5, 8, 100000]) and agreement with what Model::forward really produces.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/models/shapes.hpp"

using namespace llada;

TEST_CASE("seed example: Model1 maps input [5, 8] to [5, 8, 64] and output [5, 8, 100000]") {
  const auto s = forward_shapes(ModelConfig::zero_layer(100000, 64), 5, 8);
  REQUIRE(s.size() == 5);
  CHECK(shape_text(s[0].shape) == "[5, 8]");
  CHECK(s[1].op == "Embedding(V=100000, d=64)");
  CHECK(shape_text(s[1].shape) == "[5, 8, 64]");
  CHECK(s[2].op == "GELU");
  CHECK(s[3].name == "logits");
  CHECK(shape_text(s[3].shape) == "[5, 8, 100000]");
  CHECK(shapes_line(s) == "tokens [5, 8] → Embedding(V=100000, d=64) → embeddings [5, 8, 64] → GELU → activations "
                          "[5, 8, 64] → Linear(d=64, V=100000) → logits [5, 8, 100000] → softmax → "
                          "probabilities [5, 8, 100000]");
  CHECK(targets_text(ModelConfig::zero_layer(100000, 64), 5, 8).starts_with("targets [5, 8] = the inputs shifted by one"));
}

TEST_CASE("the listed logits shape is the one Model::forward fills, for the zero-layer GPT and LLaDA") {
  for (const ModelConfig& cfg : {ModelConfig::zero_layer(37, 16), ModelConfig::llada(37, 1, 2, 16, 8)}) {
    auto m = Model::create(cfg, 7);
    REQUIRE(m.has_value());
    const int B = 3, T = 6;
    std::vector<int32_t> tokens(B * T);
    for (int i = 0; i < B * T; ++i) tokens[i] = i % cfg.vocab;
    REQUIRE(m->forward(tokens.data(), B, T).has_value());
    const auto s = forward_shapes(cfg, B, T);
    const ShapeStep* logits = nullptr;
    for (const auto& st : s)
      if (st.name == "logits") logits = &st;
    REQUIRE(logits != nullptr);
    CHECK(logits->shape == std::vector<std::int64_t>{m->last_B(), m->last_T(), m->vocab()});
    CHECK(s.front().shape == std::vector<std::int64_t>{B, T});
  }
  CHECK(targets_text(ModelConfig::llada(37, 1, 2, 16, 8), 3, 6).find("[MASK]") != std::string::npos);
  CHECK(forward_shapes(ModelConfig::llada(37, 1, 2, 16, 8), 3, 6)[1].op.find("V=38") != std::string::npos);
}
