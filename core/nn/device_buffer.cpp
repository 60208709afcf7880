#include "core/nn/device_buffer.hpp"

#include <string>
#include <utility>
#include <vector>

namespace llada::nn {

Result<DeviceBuffer> DeviceBuffer::allocate(const Backend& backend, size_t bytes) {
  auto p = backend.alloc(bytes);
  if (!p) return std::unexpected(p.error());
  DeviceBuffer b;
  b.backend_ = &backend;
  b.data_ = *p;
  b.bytes_ = bytes;
  return b;
}

DeviceBuffer::DeviceBuffer(DeviceBuffer&& o) noexcept
    : backend_(std::exchange(o.backend_, nullptr)), data_(std::exchange(o.data_, nullptr)), bytes_(std::exchange(o.bytes_, 0)) {}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& o) noexcept {
  if (this != &o) {
    reset();
    backend_ = std::exchange(o.backend_, nullptr);
    data_ = std::exchange(o.data_, nullptr);
    bytes_ = std::exchange(o.bytes_, 0);
  }
  return *this;
}

void DeviceBuffer::reset() {
  if (backend_ && data_) backend_->free(data_);
  data_ = nullptr;
  bytes_ = 0;
}

Result<DeviceBuffer> DeviceBuffer::clone(const Backend* to) const {
  const Backend* be = to ? to : backend_;
  if (!be) return DeviceBuffer{};  // an empty buffer clones to an empty buffer
  auto b = allocate(*be, bytes_);
  if (!b) return b;
  if (auto ok = b->copy_from(*this); !ok) return std::unexpected(ok.error());
  return b;
}

Result<void> DeviceBuffer::check_range(size_t offset, size_t bytes, const char* what) const {
  if (offset > bytes_ || bytes > bytes_ - offset)
    return fail(std::string(what) + " of " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                    " runs past the end of a buffer of " + std::to_string(bytes_) + " bytes",
                "this is a bug in the caller: report it");
  return {};
}

Result<void> DeviceBuffer::upload(const void* host, size_t bytes, size_t offset) {
  if (auto ok = check_range(offset, bytes, "an upload"); !ok) return ok;
  if (bytes == 0) return {};
  return backend_->upload(static_cast<char*>(data_) + offset, host, bytes);
}

Result<void> DeviceBuffer::download(void* host, size_t bytes, size_t offset) const {
  if (auto ok = check_range(offset, bytes, "a download"); !ok) return ok;
  if (bytes == 0) return {};
  return backend_->download(host, static_cast<const char*>(data_) + offset, bytes);
}

Result<void> DeviceBuffer::copy_from(const DeviceBuffer& src) {
  if (src.bytes_ != bytes_)
    return fail("copying a buffer of " + std::to_string(src.bytes_) + " bytes into one of " + std::to_string(bytes_),
                "this is a bug in the caller: report it");
  if (bytes_ == 0) return {};
  if (src.backend_ == backend_) return backend_->copy(data_, src.data_, bytes_);
  // Between two backends, through the host.
  std::vector<unsigned char> host(bytes_);
  if (auto ok = src.download(host.data(), bytes_); !ok) return ok;
  return upload(host.data(), bytes_);
}

Result<void> DeviceBuffer::zero() {
  if (bytes_ == 0) return {};
  return backend_->zero_bytes(data_, bytes_);
}

Result<void> DeviceBuffer::fill(float value) {
  if (bytes_ < sizeof(float)) return {};
  return backend_->fill(f32(), value, bytes_ / sizeof(float));
}

}  // namespace llada::nn
