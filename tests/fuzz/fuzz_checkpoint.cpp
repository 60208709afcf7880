// Fuzz target: the checkpoint reader and the model built from a checkpoint's header. Any bytes give a
// checkpoint or an error with a message; never a crash, an exception or an allocation the file's own
// size does not justify.
#include <cstdint>
#include <string_view>

#include "core/train/checkpoint.hpp"
#include "core/train/session.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto ck = llada::train::checkpoint_from_bytes(bytes, "fuzz.ckpt");
  if (!ck) {
    FUZZ_CHECK(!ck.error().what.empty(), "an error without a message");
    return 0;
  }
  auto model = llada::train::model_from_checkpoint(std::move(*ck), "fuzz.ckpt");
  if (!model) FUZZ_CHECK(!model.error().what.empty(), "an error without a message");
  return 0;
}
