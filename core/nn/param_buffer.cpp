#include "core/nn/param_buffer.hpp"

#include <algorithm>

namespace llada::nn {

ParamBuffer::ParamBuffer(const Layout& layout) {
  size_t offset = 0;
  views_.reserve(layout.size());
  for (const auto& [name, shape] : layout) {
    size_t n = 1;
    for (int s : shape) n *= (size_t)s;
    views_.push_back(TensorView{name, shape, offset, n});
    offset += n;
  }
  data_.assign(offset, 0.0f);
}

const TensorView* ParamBuffer::find(std::string_view name) const {
  for (const auto& v : views_)
    if (v.name == name) return &v;
  return nullptr;
}

float* ParamBuffer::get(std::string_view name) {
  const TensorView* v = find(name);
  return v ? data_.data() + v->offset : nullptr;
}

const float* ParamBuffer::get(std::string_view name) const {
  const TensorView* v = find(name);
  return v ? data_.data() + v->offset : nullptr;
}

void ParamBuffer::zero() { std::fill(data_.begin(), data_.end(), 0.0f); }

ParamBuffer::Layout ParamBuffer::layout() const {
  Layout out;
  out.reserve(views_.size());
  for (const auto& v : views_) out.emplace_back(v.name, v.shape);
  return out;
}

bool ParamBuffer::same_layout(const ParamBuffer& other) const {
  if (views_.size() != other.views_.size()) return false;
  for (size_t i = 0; i < views_.size(); i++)
    if (views_[i].name != other.views_[i].name || views_[i].shape != other.views_[i].shape) return false;
  return true;
}

}  // namespace llada::nn
