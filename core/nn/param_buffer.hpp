// ParamBuffer: many named tensors living in ONE allocation of a backend's memory (llm.c style).
//
// Parameters, their gradients and the AdamW moments are each one ParamBuffer with the same layout, so an
// optimizer can walk data()[0..size()) as one flat array, and a checkpoint can walk views() by name.
// Tensors are packed back to back in the order given, without padding: size() == sum of view sizes.
//
// The views (names, shapes, offsets) live on the host; the floats live in the backend's memory
// (a DeviceBuffer): data() and get() are pointers for that backend's ops, never for reading on the host.
// To read numbers on the host, download just what is needed:
//   download()                      every float, in layout order
//   download("wte")                 one tensor
//   download_rows("wte", r0, n)     rows r0 … r0+n-1 of a tensor (a row = the product of shape[1..])
// and write them back with upload(…). On the CPU backend these are plain copies.
//
// Copying a ParamBuffer copies its floats into a new allocation on the same backend (throws
// std::bad_alloc if that backend is out of memory, as a std::vector would); clone() returns the failure
// as a Result and may change the backend (e.g. to the CPU: a host copy of the weights).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/nn/backend.hpp"
#include "core/nn/device_buffer.hpp"
#include "core/util/result.hpp"

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
  explicit ParamBuffer(const Layout& layout);  // on the CPU, all zeros (throws std::bad_alloc when out of memory)
  // On `backend`, all zeros; an error when its memory is short.
  static Result<ParamBuffer> create(const Layout& layout, const Backend& backend);
  static ParamBuffer zeros_like(const ParamBuffer& other);  // same layout and backend, all zeros

  ParamBuffer(const ParamBuffer& other);
  ParamBuffer& operator=(const ParamBuffer& other);
  ParamBuffer(ParamBuffer&&) noexcept = default;
  ParamBuffer& operator=(ParamBuffer&&) noexcept = default;
  // The same layout and floats on `to` (this buffer's backend when null).
  Result<ParamBuffer> clone(const Backend* to = nullptr) const;

  // Backend memory (see above). The backend is the CPU's for a default-constructed, empty buffer.
  float* data() { return mem_.f32(); }
  const float* data() const { return mem_.f32(); }
  size_t size() const { return size_; }
  const Backend& backend() const { return mem_.backend() ? *mem_.backend() : cpu_backend(); }

  const std::vector<TensorView>& views() const { return views_; }
  const TensorView* find(std::string_view name) const;  // nullptr when absent
  float* get(std::string_view name);                    // backend memory; nullptr when absent
  const float* get(std::string_view name) const;

  // Host copies of the floats (errors: an unknown name, rows out of range, a failing backend).
  Result<std::vector<float>> download() const;
  Result<std::vector<float>> download(std::string_view name) const;
  Result<std::vector<float>> download_rows(std::string_view name, size_t first_row, size_t n_rows) const;
  // Host floats into the buffer: every float (values.size() == size()) or one tensor.
  Result<void> upload(std::span<const float> values);
  Result<void> upload(std::string_view name, std::span<const float> values);
  // Every float of `src` (same size, any backend).
  Result<void> copy_from(const ParamBuffer& src);

  Result<void> zero();
  Layout layout() const;
  bool same_layout(const ParamBuffer& other) const;  // same names, shapes and order

 private:
  Result<const TensorView*> view_or_error(std::string_view name) const;
  std::vector<TensorView> views_;
  size_t size_ = 0;
  DeviceBuffer mem_;
};

}  // namespace llada::nn
