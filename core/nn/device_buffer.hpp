// DeviceBuffer: one allocation of a backend's memory, owned (RAII, move-only), as ggml's backend buffers.
//
// data() is a pointer of the BACKEND's memory: pass it to that backend's ops, never read or write it on
// the host (for the CPU backend it happens to be host memory; for CUDA it is not). Move numbers between
// the host and the buffer with upload/download, between buffers with copy_from. Every transfer names
// its byte range and checks it against the buffer; errors (out of range, a backend that failed) come
// back as Result, and leave the buffer as it was.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/nn/backend.hpp"
#include "core/util/result.hpp"

namespace llada::nn {

class DeviceBuffer {
 public:
  DeviceBuffer() = default;  // empty: no backend, no memory
  // `bytes` of `backend` memory, contents undefined (call zero() for zeros).
  static Result<DeviceBuffer> allocate(const Backend& backend, size_t bytes);
  ~DeviceBuffer() { reset(); }
  DeviceBuffer(DeviceBuffer&& o) noexcept;
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  // A new buffer on `to` (the same backend when null) holding the same bytes.
  Result<DeviceBuffer> clone(const Backend* to = nullptr) const;
  void reset();  // frees the memory; the buffer is empty afterwards

  const Backend* backend() const { return backend_; }
  size_t bytes() const { return bytes_; }
  bool empty() const { return bytes_ == 0; }
  void* data() { return data_; }
  const void* data() const { return data_; }
  float* f32() { return static_cast<float*>(data_); }
  const float* f32() const { return static_cast<const float*>(data_); }
  int32_t* i32() { return static_cast<int32_t*>(data_); }
  const int32_t* i32() const { return static_cast<const int32_t*>(data_); }

  // host → buffer[offset, offset + bytes) and back; offsets and sizes in bytes.
  Result<void> upload(const void* host, size_t bytes, size_t offset = 0);
  Result<void> download(void* host, size_t bytes, size_t offset = 0) const;
  // The whole of `src` (any backend, same size) into this buffer.
  Result<void> copy_from(const DeviceBuffer& src);
  Result<void> zero();
  Result<void> fill(float value);  // every float of the buffer (bytes() / 4 of them)

 private:
  Result<void> check_range(size_t offset, size_t bytes, const char* what) const;
  const Backend* backend_ = nullptr;
  void* data_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace llada::nn
