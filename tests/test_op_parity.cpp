// The op-parity harness (tests/op_parity.hpp) on every machine: the CPU backend against the CPU
// reference through backend memory (upload, op, download: every comparison well within its
// tolerance), and the harness itself: an output a few percent off, or a causal mask that leaks, must
// be flagged on that op and on no other. tests/gpu/ runs the same harness on the CUDA backend.
#include <doctest/doctest.h>

#include <string>

#include "core/nn/backend.hpp"
#include "tests/emulated_cuda_backend.hpp"
#include "tests/op_parity.hpp"

TEST_CASE("the op-parity harness passes the CPU backend against its own reference, every op and shape") {
  parity::Harness h(llada::nn::cpu_backend());
  h.run_all(false);
  CHECK(h.results.size() > 60);
  for (const parity::Check& c : h.results) {
    CHECK_MESSAGE(c.ok(), c.str());
    // The same code on the same numbers; only the alignment of the buffers differs (the backend's are
    // 64-byte aligned, the reference's vectors are not), which moves where the vectorised loops start and
    // so can move a result by an ulp. One ulp of an AdamW parameter near 1 (1.19e-7) is 0.108 of its
    // tolerance (1e-7 + 1e-6·|p|): 0.25 admits two ulps and still flags anything larger.
    CHECK_MESSAGE(c.excess <= 0.25, c.str());
  }
}

TEST_CASE("the op-parity harness flags a gradient 5 % off and a leaking causal mask, and only those") {
  auto tamper = [](const std::string& op, std::vector<float>& out) {
    if (op == "layernorm_backward dweight" && !out.empty()) out[0] *= 1.05f;
    if (op == "attention_forward att" && out.size() > 1) out[1] += 1e-3f;  // row 0 sees only key 0: entry 1 is masked
  };
  parity::Harness h(llada::nn::cpu_backend(), tamper);
  h.run_all(false);
  int flagged_ln = 0, flagged_att = 0, flagged_other = 0;
  for (const parity::Check& c : h.results) {
    if (c.ok()) continue;
    if (c.op == "layernorm_backward dweight") ++flagged_ln;
    else if (c.op == "attention_forward att") ++flagged_att;
    else ++flagged_other;
  }
  CHECK(flagged_ln == 4);   // every LayerNorm shape
  CHECK(flagged_att == 4);  // every attention shape with T > 1 (causal: a masked entry; bidirectional: a probability)
  CHECK(flagged_other == 0);
}

TEST_CASE("the op-parity tolerances admit the CUDA kernels' order of summation, wide rows included") {
  // The emulated backend rounds as the kernels do (tests/emulated_cuda_backend.hpp); every comparison
  // the GPU will face must pass here, with room to spare for the device's erff/expf ulps.
  const emu::EmulatedCudaBackend emulated;
  parity::Harness h(emulated);
  h.run_all(true);
  parity::Check worst;
  for (const parity::Check& c : h.results) {
    CHECK_MESSAGE(c.ok(), c.str());
    if (c.excess >= worst.excess) worst = c;
  }
  CHECK_MESSAGE(worst.excess <= 0.5, worst.str());
}
