// ParamBuffer: many named tensors living in ONE float allocation (llm.c style).
//
// Parameters, their gradients and the AdamW moments are each one ParamBuffer with the same layout, so an
// optimizer can walk data()[0..size()) as one flat array, and a checkpoint can walk views() by name.
// Tensors are packed back to back in the order given, without padding: size() == sum of view sizes.
// The buffer is a value type (copying it copies the floats): "keep the last good weights" is a copy.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llada::nn {

struct TensorView {
  std::string name;        // e.g. "wte", "h0.attn.qkv.w", "unembed.b"
  std::vector<int> shape;  // row-major, e.g. {V, C}
  size_t offset = 0;       // in floats, from data()
  size_t size = 0;         // product of shape
};

class ParamBuffer {
 public:
  using Layout = std::vector<std::pair<std::string, std::vector<int>>>;

  ParamBuffer() = default;
  explicit ParamBuffer(const Layout& layout);        // all zeros
  static ParamBuffer zeros_like(const ParamBuffer& other) { return ParamBuffer(other.layout()); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  size_t size() const { return data_.size(); }

  const std::vector<TensorView>& views() const { return views_; }
  const TensorView* find(std::string_view name) const;  // nullptr when absent
  float* get(std::string_view name);                    // nullptr when absent
  const float* get(std::string_view name) const;

  void zero();
  Layout layout() const;
  bool same_layout(const ParamBuffer& other) const;  // same names, shapes and order

 private:
  std::vector<float> data_;
  std::vector<TensorView> views_;
};

}  // namespace llada::nn
