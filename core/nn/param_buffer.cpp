#include "core/nn/param_buffer.hpp"

#include <new>

namespace llada::nn {

namespace {
std::vector<TensorView> make_views(const ParamBuffer::Layout& layout, size_t& total) {
  std::vector<TensorView> views;
  views.reserve(layout.size());
  total = 0;
  for (const auto& [name, shape] : layout) {
    size_t n = 1;
    for (int s : shape) n *= (size_t)s;
    views.push_back(TensorView{name, shape, total, n});
    total += n;
  }
  return views;
}

template <class T> T value_or_throw(Result<T>&& r) {
  if (!r) throw std::bad_alloc();
  return std::move(*r);
}
}  // namespace

Result<ParamBuffer> ParamBuffer::create(const Layout& layout, const Backend& backend) {
  ParamBuffer p;
  p.views_ = make_views(layout, p.size_);
  auto mem = DeviceBuffer::allocate(backend, p.size_ * sizeof(float));
  if (!mem) return std::unexpected(mem.error());
  p.mem_ = std::move(*mem);
  if (auto ok = p.mem_.zero(); !ok) return std::unexpected(ok.error());
  return p;
}

ParamBuffer::ParamBuffer(const Layout& layout) : ParamBuffer(value_or_throw(create(layout, cpu_backend()))) {}

ParamBuffer ParamBuffer::zeros_like(const ParamBuffer& other) { return value_or_throw(create(other.layout(), other.backend())); }

ParamBuffer::ParamBuffer(const ParamBuffer& other) : ParamBuffer(value_or_throw(other.clone())) {}

ParamBuffer& ParamBuffer::operator=(const ParamBuffer& other) {
  if (this != &other) *this = value_or_throw(other.clone());
  return *this;
}

Result<ParamBuffer> ParamBuffer::clone(const Backend* to) const {
  ParamBuffer p;
  p.views_ = views_;
  p.size_ = size_;
  auto mem = mem_.clone(to ? to : &backend());
  if (!mem) return std::unexpected(mem.error());
  p.mem_ = std::move(*mem);
  return p;
}

const TensorView* ParamBuffer::find(std::string_view name) const {
  for (const auto& v : views_)
    if (v.name == name) return &v;
  return nullptr;
}

float* ParamBuffer::get(std::string_view name) {
  const TensorView* v = find(name);
  return v ? data() + v->offset : nullptr;
}

const float* ParamBuffer::get(std::string_view name) const {
  const TensorView* v = find(name);
  return v ? data() + v->offset : nullptr;
}

Result<const TensorView*> ParamBuffer::view_or_error(std::string_view name) const {
  if (const TensorView* v = find(name)) return v;
  std::string names;
  for (size_t i = 0; i < views_.size() && i < 8; ++i) names += (i ? ", " : "") + views_[i].name;
  return fail("the model has no tensor named '" + std::string(name) + "'",
              "use one of its names (" + names + (views_.size() > 8 ? ", …" : "") + ")");
}

Result<std::vector<float>> ParamBuffer::download() const {
  std::vector<float> out(size_);
  if (auto ok = mem_.download(out.data(), size_ * sizeof(float)); !ok) return std::unexpected(ok.error());
  return out;
}

Result<std::vector<float>> ParamBuffer::download(std::string_view name) const {
  auto v = view_or_error(name);
  if (!v) return std::unexpected(v.error());
  return download_rows(name, 0, (*v)->shape.empty() ? 1 : static_cast<size_t>((*v)->shape[0]));
}

Result<std::vector<float>> ParamBuffer::download_rows(std::string_view name, size_t first_row, size_t n_rows) const {
  auto v = view_or_error(name);
  if (!v) return std::unexpected(v.error());
  const TensorView& t = **v;
  const size_t rows = t.shape.empty() ? 1 : static_cast<size_t>(t.shape[0]);
  const size_t row = rows ? t.size / rows : 0;
  if (first_row > rows || n_rows > rows - first_row)
    return fail("rows " + std::to_string(first_row) + "…" + std::to_string(first_row + n_rows) + " of '" + t.name +
                    "' are outside its " + std::to_string(rows) + " rows",
                "ask for rows below " + std::to_string(rows));
  std::vector<float> out(n_rows * row);
  const size_t at = (t.offset + first_row * row) * sizeof(float);
  if (auto ok = mem_.download(out.data(), out.size() * sizeof(float), at); !ok) return std::unexpected(ok.error());
  return out;
}

Result<void> ParamBuffer::upload(std::span<const float> values) {
  if (values.size() != size_)
    return fail("uploading " + std::to_string(values.size()) + " floats into a buffer of " + std::to_string(size_),
                "this is a bug in the caller: report it");
  return mem_.upload(values.data(), size_ * sizeof(float));
}

Result<void> ParamBuffer::upload(std::string_view name, std::span<const float> values) {
  auto v = view_or_error(name);
  if (!v) return std::unexpected(v.error());
  if (values.size() != (*v)->size)
    return fail("uploading " + std::to_string(values.size()) + " floats into '" + (*v)->name + "' of " +
                    std::to_string((*v)->size),
                "this is a bug in the caller: report it");
  return mem_.upload(values.data(), values.size() * sizeof(float), (*v)->offset * sizeof(float));
}

Result<void> ParamBuffer::copy_from(const ParamBuffer& src) { return mem_.copy_from(src.mem_); }

Result<void> ParamBuffer::zero() { return mem_.zero(); }

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
