// The backend owns its memory: DeviceBuffer and ParamBuffer round trips, RAII, transfers between two
// backends, and the host reads of a Model (download_params / download_rows / download_logits).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <vector>

#include "core/models/model.hpp"
#include "core/nn/device_buffer.hpp"
#include "core/nn/param_buffer.hpp"
#include "tests/fake_backend.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

using namespace llada;
using nn::DeviceBuffer;
using nn::ParamBuffer;

namespace {
std::vector<float> iota_floats(size_t n, float start = 0.5f) {
  std::vector<float> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}
}  // namespace

TEST_CASE("a DeviceBuffer uploads, downloads, fills and zeroes exactly the bytes asked for") {
  auto b = DeviceBuffer::allocate(nn::cpu_backend(), 10 * sizeof(float));
  REQUIRE(b);
  CHECK(b->bytes() == 40);
  CHECK(b->backend() == &nn::cpu_backend());
  const auto src = iota_floats(10);
  REQUIRE(b->upload(src.data(), 40));
  std::vector<float> back(10, -1.0f);
  REQUIRE(b->download(back.data(), 40));
  CHECK(back == src);
  // A part: floats 3..5 from offset 12 bytes.
  std::vector<float> part(3);
  REQUIRE(b->download(part.data(), 12, 12));
  CHECK(part == std::vector<float>{3.5f, 4.5f, 5.5f});
  const float two[2] = {-7.0f, -8.0f};
  REQUIRE(b->upload(two, 8, 4));
  REQUIRE(b->download(back.data(), 40));
  CHECK(back[0] == 0.5f);
  CHECK(back[1] == -7.0f);
  CHECK(back[2] == -8.0f);
  CHECK(back[3] == 3.5f);
  REQUIRE(b->fill(2.25f));
  REQUIRE(b->download(back.data(), 40));
  CHECK(back == std::vector<float>(10, 2.25f));
  REQUIRE(b->zero());
  REQUIRE(b->download(back.data(), 40));
  for (float x : back) CHECK(std::signbit(x) == false);
  CHECK(back == std::vector<float>(10, 0.0f));
}

TEST_CASE("the CPU backend's memory is 64-byte aligned and ends at the size asked for (ASan sees one byte past)") {
  const nn::Backend& cpu = nn::cpu_backend();
  for (size_t bytes : {size_t(1), size_t(40), size_t(64), size_t(100)}) {
    auto p = cpu.alloc(bytes);
    REQUIRE(p);
    REQUIRE(*p);
    CHECK(reinterpret_cast<uintptr_t>(*p) % 64 == 0);
#if defined(__SANITIZE_ADDRESS__)
    const auto* c = static_cast<const char*>(*p);
    CHECK_FALSE(__asan_address_is_poisoned(c + bytes - 1));
    CHECK(__asan_address_is_poisoned(c + bytes));  // no rounding up hides an overrun
#endif
    cpu.free(*p);
  }
}

TEST_CASE("a transfer past the end of a DeviceBuffer is refused and changes nothing") {
  auto b = DeviceBuffer::allocate(nn::cpu_backend(), 16);
  REQUIRE(b);
  const float v[4] = {1, 2, 3, 4};
  REQUIRE(b->upload(v, 16));
  const float big[5] = {9, 9, 9, 9, 9};
  auto r = b->upload(big, 20);
  REQUIRE_FALSE(r);
  CHECK(r.error().what.find("past the end") != std::string::npos);
  CHECK_FALSE(b->upload(big, 8, 12));
  CHECK_FALSE(b->upload(big, 1, SIZE_MAX));  // an offset that would wrap around
  float out[4] = {};
  CHECK_FALSE(b->download(out, 8, 9));
  REQUIRE(b->download(out, 16));
  CHECK(out[3] == 4.0f);
}

TEST_CASE("DeviceBuffers free their memory once, when the last owner goes (moves hand it over)") {
  test::FakeBackend fake;
  {
    auto a = DeviceBuffer::allocate(fake, 64);
    REQUIRE(a);
    CHECK(fake.live_allocs == 1);
    DeviceBuffer moved = std::move(*a);
    CHECK(a->empty());
    CHECK(fake.live_allocs == 1);
    auto c = moved.clone();
    REQUIRE(c);
    CHECK(fake.live_allocs == 2);
    DeviceBuffer d;
    d = std::move(*c);
    CHECK(fake.live_allocs == 2);
    d = std::move(moved);  // d's own memory is freed first
    CHECK(fake.live_allocs == 1);
    d.reset();
    CHECK(fake.live_allocs == 0);
    CHECK(d.empty());
  }
  CHECK(fake.live_allocs == 0);
  test::FakeBackend counted;  // outlives the model below
  {
    auto m = Model::create(ModelConfig::llada(17, 1, 2, 8, 6), 3, &counted);
    REQUIRE(m);
    REQUIRE(m->reserve(2, 6));
    CHECK(counted.live_allocs > 0);
    { Model copy = *m; }
    auto gone = std::move(*m);
    (void)gone;
  }
  CHECK(counted.live_allocs == 0);
}

TEST_CASE("an allocation the backend cannot satisfy is an error with its size, not a crash") {
  test::FakeBackend small;
  small.max_alloc = 1000;
  auto b = DeviceBuffer::allocate(small, 4000);
  REQUIRE_FALSE(b);
  CHECK(b.error().what.find("out of memory") != std::string::npos);
  auto m = Model::create(ModelConfig::zero_layer(500, 16), 1, &small);  // 500×16 floats: 32 000 bytes
  REQUIRE_FALSE(m);
  CHECK(m.error().what.find("out of memory") != std::string::npos);
  CHECK(small.live_allocs == 0);  // what was allocated before the failure is freed
}

TEST_CASE("copy_from moves the bytes between two backends through the host, and clone changes backend") {
  test::FakeBackend fake;
  auto a = DeviceBuffer::allocate(nn::cpu_backend(), 12);
  auto b = DeviceBuffer::allocate(fake, 12);
  REQUIRE(a);
  REQUIRE(b);
  const float v[3] = {1.5f, -2.5f, 3.0f};
  REQUIRE(a->upload(v, 12));
  REQUIRE(b->copy_from(*a));
  float out[3] = {};
  REQUIRE(b->download(out, 12));
  CHECK(std::memcmp(out, v, 12) == 0);
  auto c = b->clone(&nn::cpu_backend());
  REQUIRE(c);
  CHECK(c->backend() == &nn::cpu_backend());
  REQUIRE(c->download(out, 12));
  CHECK(std::memcmp(out, v, 12) == 0);
  auto wrong = DeviceBuffer::allocate(fake, 8);
  REQUIRE(wrong);
  CHECK_FALSE(wrong->copy_from(*a));  // sizes differ
}

TEST_CASE("a ParamBuffer downloads and uploads whole, by name and by rows; unknown names are errors") {
  test::FakeBackend fake;
  auto p = ParamBuffer::create({{"a", {2, 3}}, {"b", {4}}}, fake);
  REQUIRE(p);
  CHECK(p->size() == 10);
  CHECK(&p->backend() == &fake);
  auto zeros = p->download();
  REQUIRE(zeros);
  CHECK(*zeros == std::vector<float>(10, 0.0f));
  const auto all = iota_floats(10);
  REQUIRE(p->upload(all));
  CHECK(*p->download() == all);
  CHECK(*p->download("b") == std::vector<float>{6.5f, 7.5f, 8.5f, 9.5f});
  CHECK(*p->download_rows("a", 1, 1) == std::vector<float>{3.5f, 4.5f, 5.5f});
  CHECK(p->download_rows("a", 0, 0)->empty());
  auto bad_rows = p->download_rows("a", 1, 2);
  REQUIRE_FALSE(bad_rows);
  CHECK(bad_rows.error().what.find("outside") != std::string::npos);
  auto missing = p->download("c");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().what.find("'c'") != std::string::npos);
  CHECK(missing.error().hint.find("a, b") != std::string::npos);
  REQUIRE(p->upload("b", std::vector<float>{-1, -2, -3, -4}));
  CHECK(*p->download("a") == std::vector<float>(all.begin(), all.begin() + 6));
  CHECK(*p->download("b") == std::vector<float>{-1, -2, -3, -4});
  CHECK_FALSE(p->upload("b", std::vector<float>{1, 2}));
  CHECK_FALSE(p->upload(std::vector<float>(3)));
  // A host copy on the CPU, and a copy (same backend) that does not share the floats.
  auto host = p->clone(&nn::cpu_backend());
  REQUIRE(host);
  CHECK(&host->backend() == &nn::cpu_backend());
  CHECK(host->same_layout(*p));
  CHECK(*host->download() == *p->download());
  ParamBuffer copy = *p;
  CHECK(&copy.backend() == &fake);
  REQUIRE(copy.zero());
  CHECK(*p->download("b") == std::vector<float>{-1, -2, -3, -4});
}

TEST_CASE("a Model's host reads return exactly its weights and the logits of its last forward") {
  const int V = 23;
  auto m = Model::create(ModelConfig::gpt(V, 1, 2, 8, 6), 4);
  REQUIRE(m);
  const nn::TensorView* wte = m->params().find("wte");
  REQUIRE(wte);
  auto all = m->params().download();
  REQUIRE(all);
  auto table = m->download_params("wte");
  REQUIRE(table);
  CHECK(*table == std::vector<float>(all->begin() + wte->offset, all->begin() + wte->offset + wte->size));
  auto rows = m->download_rows("wte", 5, 2);
  REQUIRE(rows);
  CHECK(*rows == std::vector<float>(table->begin() + 5 * 8, table->begin() + 7 * 8));
  CHECK(std::string(m->unembedding_name()) == "unembed.w");
  const std::vector<int32_t> tok = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK_FALSE(m->download_logits(0, 1));  // no forward yet
  auto out = m->forward(tok.data(), 2, 5);
  REQUIRE(out);
  std::vector<float> direct(*out, *out + 10 * V);  // the CPU backend's memory is host memory
  auto logits = m->download_logits(0, 10);
  REQUIRE(logits);
  CHECK(*logits == direct);
  auto row7 = m->download_logits(7, 1);
  REQUIRE(row7);
  CHECK(*row7 == std::vector<float>(direct.begin() + 7 * V, direct.begin() + 8 * V));
  CHECK_FALSE(m->download_logits(9, 2));
  // Weights written from the host come back as they were.
  std::vector<float> w = *all;
  w[3] = 42.0f;
  REQUIRE(m->upload_params(w));
  CHECK(*m->params().download() == w);
}
