// Checkpoints: a model's weights (and optionally its Adam moments) in a small versioned binary file.
//
// Layout (little-endian):
//   "LLADACKP"  8 bytes magic
//   u32 version (kCheckpointVersion)
//   u32 H, then H bytes of header: str model_kind, str tokenizer_id, u64 step,
//       u32 n_config then n_config × (str key, i64 value), u64 n_params, u64 n_m, u64 n_v
//       (str = u32 length + bytes)
//   float32 × (n_params + n_m + n_v)
//   u32 CRC-32 (IEEE, reflected 0xEDB88320) of every byte before it
//
// Writing goes to a fresh temporary file beside PATH (core/util/file.hpp: write_file_atomic) that is
// renamed over PATH, so a crash never leaves a half-written file under the real name. Reading checks
// magic, version, sizes, checksum and that each header field is possible (a known model kind, names of
// printable characters, no field twice, moments absent or as many as the weights; the model's shape is
// checked when a model is built from it: model_config_from_meta) before anything is returned;
// load_checkpoint_into() also checks the model config and tokenizer against the running model and only
// then copies, so a bad file never touches the running model.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/result.hpp"

namespace llada::train {

inline constexpr uint32_t kCheckpointVersion = 1;

struct CheckpointMeta {
  std::string model_kind;                                // "zero-layer", "gpt", "llada"
  std::string tokenizer_id;                              // e.g. "gpt2", "cl100k", "byte"
  uint64_t step = 0;                                     // optimizer steps taken
  std::vector<std::pair<std::string, int64_t>> config;   // the model's shape: V, d, T, n_layer, …
};

struct Checkpoint {
  CheckpointMeta meta;
  std::vector<float> params;
  std::vector<float> m, v;  // Adam moments; empty when the file holds weights only
};

uint32_t crc32(const void* data, size_t n, uint32_t crc = 0);  // crc32("123456789") = 0xCBF43926

Result<void> save_checkpoint(const std::string& path, const CheckpointMeta& meta, std::span<const float> params,
                             std::span<const float> m = {}, std::span<const float> v = {});

// Reads and verifies a whole file (magic, version, sizes, checksum, header fields).
Result<Checkpoint> read_checkpoint(const std::string& path);
// The same from the file's bytes (`path` names it in messages).
Result<Checkpoint> checkpoint_from_bytes(std::string_view bytes, const std::string& path);

// Ok when `file` was written by a model of the same kind, config and tokenizer as `running`.
Result<void> check_compatible(const CheckpointMeta& file, const CheckpointMeta& running, const std::string& path);

// read_checkpoint + check_compatible + size checks, then copies into params (and m, v when the file has
// them and the spans are non-empty). Returns the file's meta. On any error nothing is written.
Result<CheckpointMeta> load_checkpoint_into(const std::string& path, const CheckpointMeta& running,
                                            std::span<float> params, std::span<float> m = {},
                                            std::span<float> v = {});

// The config value named `key`, or `fallback`.
int64_t config_value(const CheckpointMeta& meta, const std::string& key, int64_t fallback = 0);

}  // namespace llada::train
