// The optimizer and loss bookkeeping as backend ops: adamw_step, sum_squares and scale against the
// host reference of core/train/optim.hpp, and whole training sessions against the step as it was
// written before the backend owned its memory (host pointers, the same functions), bit for bit.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/math/mask_rule.hpp"
#include "core/nn/backend.hpp"
#include "core/nn/ops.hpp"
#include "core/train/optim.hpp"
#include "core/train/session.hpp"
#include "tests/fake_backend.hpp"
#include "tests/forwarding_backend.hpp"
#include "tests/temp_dir.hpp"
#include "tests/trainer_fixtures.hpp"

using namespace llada;
using namespace llada::train;

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// The training step as TrainSession ran it on host vectors before section "the backend owns its
// memory": prepare → forward → CE → backward → clip_grad_global_norm → adamw_update_zero_grad with live
// blocks worked out from the moments before the first update.
struct ReferenceRun {
  TrainConfig cfg;
  Model model;
  std::vector<float> m, v;
  std::vector<unsigned char> live;
  bool live_known = false;
  uint64_t step = 0;
  PreparedBatch prep;

  StepResult run(const BatchFn& batch) {
    const int B = cfg.B, T = cfg.T, V = model.vocab();
    const size_t BT = static_cast<size_t>(B) * T;
    std::vector<int32_t> in(BT), tg(BT);
    batch(step, B, T, in.data(), tg.data());
    if (cfg.objective == Objective::Autoregressive) REQUIRE(prepare_autoregressive(in, tg, B, T, prep));
    else REQUIRE(prepare_llada(in, B, T, model.mask_id(), cfg.seed, step * B, cfg.llada, prep));
    auto logits = model.forward(prep.inputs.data(), B, T);
    REQUIRE(logits);
    std::vector<float> losses(BT);
    StepResult r;
    r.loss = static_cast<float>(
        nn::cpu::crossentropy_forward(losses.data(), *logits, prep.targets.data(), prep.weights.data(), (int)BT, V));
    nn::cpu::crossentropy_backward(model.mutable_logits(), model.logits(), prep.targets.data(), prep.weights.data(),
                                   (int)BT, V);
    model.backward(model.logits());
    r.grad_norm = clip_grad_global_norm(model.grads().data(), model.grads().size(), cfg.grad_clip);
    r.lr = lr_at(cfg.lr, static_cast<int>(step));
    const size_t n = model.num_params();
    if (!live_known) {
      live.resize(adam_live_blocks(n));
      adam_live_from_moments(live.data(), m.data(), v.data(), n);
      live_known = true;
    }
    adamw_update_zero_grad(model.params().data(), model.grads().data(), m.data(), v.data(), n, r.lr,
                           static_cast<int>(step + 1), cfg.adam, live.data());
    ++step;
    return r;
  }
};

ReferenceRun reference(const TrainConfig& cfg) {
  auto model = Model::create(cfg.model, cfg.seed);
  REQUIRE(model);
  const size_t n = model->num_params();
  return ReferenceRun{cfg, std::move(*model), std::vector<float>(n), std::vector<float>(n), {}, false, 0, {}};
}

TrainConfig small_config(bool llada) {
  TrainConfig c;
  c.model = llada ? ModelConfig::llada(41, 1, 2, 16, 8) : ModelConfig::zero_layer(300, 16);
  c.objective = llada ? Objective::Llada : Objective::Autoregressive;
  c.B = 3;
  c.T = 8;
  c.seed = 11;
  c.lr = {.lr_max = 0.02f, .lr_min = 0.002f, .warmup = 3, .total = 20};
  c.adam.weight_decay = 0.01f;
  c.grad_clip = 0.5f;  // small enough to clip: the scale op runs
  c.tokenizer_id = "synthetic";
  return c;
}

}  // namespace

TEST_CASE("the backend's adamw_step, sum_squares and scale equal the host optimizer bit for bit") {
  const size_t n = 9 * kAdamBlock + 13;
  std::vector<float> p(n), g(n, 0.0f), m(n, 0.0f), v(n, 0.0f);
  for (size_t i = 0; i < n; ++i) p[i] = std::sin(0.3f * i);
  for (size_t i = kAdamBlock; i < 3 * kAdamBlock; ++i) g[i] = std::cos(0.7f * i);  // two blocks seen
  for (size_t i = 5 * kAdamBlock; i < 6 * kAdamBlock; ++i) m[i] = 0.01f, v[i] = 0.002f;
  auto p2 = p, g2 = g, m2 = m, v2 = v;
  std::vector<unsigned char> live(adam_live_blocks(n)), live2;
  adam_live_from_moments(live.data(), m.data(), v.data(), n);
  live2 = live;
  const AdamWConfig cfg{.beta1 = 0.8f, .beta2 = 0.99f, .eps = 1e-7f, .weight_decay = 0.05f};
  const nn::Backend& be = nn::cpu_backend();
  for (int t = 1; t <= 3; ++t) {
    auto gg = g, gg2 = g;
    adamw_update_zero_grad(p.data(), gg.data(), m.data(), v.data(), n, 0.01f, t, cfg, live.data());
    be.adamw_step(p2.data(), gg2.data(), m2.data(), v2.data(), live2.data(), n,
                  nn::AdamWStep{.lr = 0.01f, .beta1 = 0.8f, .beta2 = 0.99f, .eps = 1e-7f, .weight_decay = 0.05f, .t = t});
    CHECK(gg2 == std::vector<float>(n, 0.0f));
  }
  CHECK(same_bits(p2, p));
  CHECK(same_bits(m2, m));
  CHECK(same_bits(v2, v));
  CHECK(live2 == live);
  CHECK(live2[0] == 0);  // never seen: still skipped
  CHECK(live2[1] == 1);
  // The norm: sqrt of the backend's sum equals grad_global_norm to the bit; scale is a multiply.
  std::vector<float> x(5000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.01f * i) * 3.0f;
  CHECK(static_cast<float>(std::sqrt(be.sum_squares(x.data(), x.size()))) == grad_global_norm(x.data(), x.size()));
  auto y = x;
  be.scale(y.data(), 0.25f, y.size());
  for (size_t i = 0; i < x.size(); ++i) REQUIRE(y[i] == x[i] * 0.25f);
  CHECK(be.synchronize());
}

TEST_CASE("a training session gives the losses, norms and weights of the host-memory step, bit for bit") {
  for (bool llada : {false, true}) {
    CAPTURE(llada);
    const TrainConfig cfg = small_config(llada);
    auto s = TrainSession::create(cfg);
    REQUIRE(s);
    ReferenceRun ref = reference(cfg);
    BatchFn batch = llada ? BatchFn(test::cyclic_batch<41>) : BatchFn(test::cyclic_batch<300>);
    int clipped = 0;
    for (int i = 0; i < 15; ++i) {
      auto r = s->step(batch);
      REQUIRE(r);
      const StepResult want = ref.run(batch);
      REQUIRE(std::memcmp(&r->loss, &want.loss, sizeof(float)) == 0);
      REQUIRE(std::memcmp(&r->grad_norm, &want.grad_norm, sizeof(float)) == 0);
      CHECK(r->lr == want.lr);
      clipped += r->grad_norm > cfg.grad_clip;
    }
    CHECK(clipped > 0);
    CHECK(same_bits(*s->model().params().download(), *ref.model.params().download()));
    auto state = s->download_state();
    REQUIRE(state);
    CHECK(same_bits(state->m, ref.m));
    CHECK(same_bits(state->v, ref.v));
    CHECK(state->step == 15);
  }
}

TEST_CASE("a session on another backend trains identically, and its checkpoint loads on the CPU") {
  test::FakeBackend fake;
  TrainConfig cfg = small_config(true);
  TrainConfig on_fake = cfg;
  on_fake.backend = &fake;
  auto cpu = TrainSession::create(cfg);
  auto dev = TrainSession::create(on_fake);
  REQUIRE(cpu);
  REQUIRE(dev);
  CHECK(std::string(dev->backend().name()) == "fake");
  CHECK(&dev->model().params().backend() == &fake);
  for (int i = 0; i < 6; ++i) {
    auto a = cpu->step(test::cyclic_batch<41>);
    auto b = dev->step(test::cyclic_batch<41>);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->loss == b->loss);
  }
  test::TempDir dir("devckp");
  const std::string path = (dir.path() / "fake.ckp").string();
  REQUIRE(dev->save(path));
  auto fresh = TrainSession::create(cfg);  // CPU, untrained
  REQUIRE(fresh);
  REQUIRE(fresh->load(path));
  CHECK(fresh->steps_done() == 6);
  CHECK(same_bits(*fresh->model().params().download(), *dev->model().params().download()));
  // The next step of both is the same: moments came across too.
  auto a = fresh->step(test::cyclic_batch<41>);
  auto b = dev->step(test::cyclic_batch<41>);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->loss == b->loss);
  CHECK(same_bits(*fresh->model().params().download(), *dev->model().params().download()));
  // And a CPU checkpoint into a model built on the fake device, for generation.
  REQUIRE(fresh->save(path));
  auto loaded = load_model_checkpoint(path, &fake);
  REQUIRE(loaded);
  CHECK(&loaded->model.backend() == &fake);
  CHECK(same_bits(*loaded->model.params().download(), *fresh->model().params().download()));
}

TEST_CASE("an error reported by the backend fails the step, and move_to carries the host state to the CPU") {
  test::FakeBackend fake;
  TrainConfig cfg = small_config(false);
  cfg.backend = &fake;
  auto s = TrainSession::create(cfg);
  REQUIRE(s);
  for (int i = 0; i < 4; ++i) REQUIRE(s->step(test::cyclic_batch<300>));
  auto good = s->download_state();
  REQUIRE(good);
  fake.fail_from_sync = fake.syncs.load();
  auto r = s->step(test::cyclic_batch<300>);
  REQUIRE_FALSE(r);
  CHECK(r.error().what.find("fake device lost") != std::string::npos);
  REQUIRE(s->move_to(nn::cpu_backend(), *good));
  CHECK(&s->backend() == &nn::cpu_backend());
  CHECK(s->steps_done() == 4);
  CHECK(same_bits(*s->model().params().download(), good->params));
  // It trains on, exactly as a CPU session that never left would.
  TrainConfig on_cpu = cfg;
  on_cpu.backend = nullptr;
  auto ref = TrainSession::create(on_cpu);
  REQUIRE(ref);
  for (int i = 0; i < 4; ++i) REQUIRE(ref->step(test::cyclic_batch<300>));
  auto a = s->step(test::cyclic_batch<300>);
  auto b = ref->step(test::cyclic_batch<300>);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->loss == b->loss);
  CHECK(fake.live_allocs == 0);  // everything on the lost device was freed
}

namespace {
// A device without its own llada_mask kernel: the base class's host round trip through download/upload.
struct RoundTripBackend final : test::ForwardingBackend {
  const char* name() const override { return "round-trip"; }
};
}  // namespace

TEST_CASE("the backend's llada_mask writes exactly the inputs, targets and weights of prepare_llada") {
  const int B = 5, L = 13, MASK = 50;
  RoundTripBackend round_trip;
  for (const nn::Backend* be : {&nn::cpu_backend(), static_cast<const nn::Backend*>(&round_trip)}) {
    CAPTURE(be->name());
    std::vector<int32_t> x0(B * L);
    for (size_t i = 0; i < x0.size(); ++i) x0[i] = static_cast<int32_t>((i * 7) % 50);
    for (bool inverse_t : {true, false}) {
      CAPTURE(inverse_t);
      const LladaObjectiveOptions opt{.eps = 1e-3f, .inverse_t = inverse_t};
      PreparedBatch want;
      REQUIRE(prepare_llada(x0, B, L, MASK, 21, 300, opt, want));
      std::vector<int32_t> inputs(B * L), targets(B * L);
      std::vector<float> weights(B * L, -1.0f);
      const double sum = be->llada_mask(inputs.data(), targets.data(), weights.data(), x0.data(), B, L, MASK, 21, 300,
                                        opt.eps, inverse_t);
      double want_sum = 0;  // the rows' count·w in row order (backend.hpp), which is exact
      for (int b = 0; b < B; ++b) {
        int count = 0;
        for (int i = 0; i < L; ++i) count += want.masked[size_t(b) * L + i];
        want_sum += double(count) * double(llada_weight(B, L, want.t[b], inverse_t));
      }
      CHECK(sum == want_sum);
      CHECK(inputs == want.inputs);
      CHECK(targets == want.targets);
      CHECK(same_bits(weights, want.weights));
      int masked = 0;
      for (uint8_t m : want.masked) masked += m;
      CHECK(masked > 0);
      CHECK(masked < B * L);
    }
  }
}

TEST_CASE("a training step of each model moves its batch up and no buffer down (snapshots aside)") {
  // The batch must go up (the data live on the host); the loss, the gradient norm and Σ weights come
  // back as the ops' return values. A step that downloaded any buffer (logits, x0, a row of weights)
  // or uploaded more than its batch would exceed these bounds by at least B·T·4 bytes.
  constexpr uint64_t kScalars = 32;
  const int B = 3, T = 8;
  const uint64_t ids = uint64_t(B) * T * sizeof(int32_t);
  struct Case {
    const char* name;
    ModelConfig model;
    Objective objective;
    uint64_t batch_bytes;  // AR: inputs and targets; LLaDA: x0 (times, masks and targets drawn on the backend)
  };
  ModelConfig onehot = ModelConfig::zero_layer(300, 16);
  onehot.onehot_embedding = true;  // its (B·T, V) one-hot rows are built on the backend from the ids
  for (const Case& c : {Case{"zero-layer", ModelConfig::zero_layer(300, 16), Objective::Autoregressive, 2 * ids},
                        Case{"zero-layer one-hot", onehot, Objective::Autoregressive, 2 * ids},
                        Case{"gpt", ModelConfig::gpt(41, 1, 2, 16, 8), Objective::Autoregressive, 2 * ids},
                        Case{"llada", ModelConfig::llada(41, 1, 2, 16, 8), Objective::Llada, ids}}) {
    CAPTURE(c.name);
    test::FakeBackend fake;
    TrainConfig cfg = small_config(c.objective == Objective::Llada);
    cfg.model = c.model;
    cfg.objective = c.objective;
    cfg.B = B;
    cfg.T = T;
    cfg.backend = &fake;
    auto s = TrainSession::create(cfg);
    REQUIRE(s);
    REQUIRE(s->step(test::cyclic_batch<41>));  // the first step sizes its buffers
    for (int k = 0; k < 3; ++k) {
      const nn::Backend::Traffic before = fake.traffic();
      auto r = s->step(test::cyclic_batch<41>);
      REQUIRE(r);
      CHECK_FALSE(r->diverged);
      const nn::Backend::Traffic after = fake.traffic();
      CHECK(after.d2h_bytes - before.d2h_bytes <= kScalars);
      CHECK(after.h2d_bytes - before.h2d_bytes >= c.batch_bytes);
      CHECK(after.h2d_bytes - before.h2d_bytes <= c.batch_bytes + kScalars);
    }
  }
  // The bound catches a step that takes a buffer to the host: the LLaDA objective's host round trip
  // (a device without the kernel) downloads x0 and uploads three B·T buffers.
  RoundTripBackend round_trip;
  TrainConfig cfg = small_config(true);
  cfg.B = B;
  cfg.T = T;
  cfg.backend = &round_trip;
  auto s = TrainSession::create(cfg);
  REQUIRE(s);
  REQUIRE(s->step(test::cyclic_batch<41>));
  const nn::Backend::Traffic before = round_trip.traffic();
  REQUIRE(s->step(test::cyclic_batch<41>));
  const nn::Backend::Traffic after = round_trip.traffic();
  CHECK(after.d2h_bytes - before.d2h_bytes == ids);
  CHECK(after.h2d_bytes - before.h2d_bytes == 4 * ids);
}
