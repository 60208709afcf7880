// Files: reading a whole file's bytes exactly as stored (no text cleaning: see core/data/text.hpp for
// that), writing one so that it is either wholly there or not changed at all, and checking output paths
// before a long job starts (so a bad --save path fails in a second, not after an hour of training).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace llada {

// The file's bytes; an Error naming the path when it cannot be opened or read (a folder, no permission).
// max_bytes guards against /dev/zero and the like: a longer input is an error, not an endless read.
Result<std::string> read_file_bytes(const std::filesystem::path& path, size_t max_bytes = size_t(1) << 30);

// Writes `bytes` to `path` atomically: into a fresh temporary file beside it (PATH.tmp-XXXXXX, a name no
// one else uses, removed on every failure), flushed to disk, then renamed over PATH. Every write is
// checked: a full disk is an error naming the path, and PATH keeps its old content.
// `what` names the file for people ("checkpoint", "CSV file").
// PATH must be a regular file or absent (a device or a pipe cannot be replaced by a rename).
Result<void> write_file_atomic(const std::string& path, std::string_view bytes, const std::string& what = "file");

// Removes the temporary file of a write_file_atomic in progress, if any. Async-signal-safe: for a signal
// handler that is about to end the process (a second Ctrl-C during a save leaves no PATH.tmp-XXXXXX).
void remove_unfinished_temp_file();

// Checks, before a job starts, that `path` can be written as an output: not empty, not a folder, its
// folder exists and is writable, and an existing file there is writable. Nothing is created.
Result<void> check_output_path(const std::string& path, const std::string& what);

// Whether two paths name the same file (the same inode when both exist, the same normalised path
// otherwise).
bool same_file(const std::string& a, const std::string& b);

// check_output_path for each output, then: no output may be one of the inputs, and no two outputs the
// same file. Names are (what, path) pairs: {"--csv", "run.csv"}; leave out outputs that were not asked
// for (an empty output path is an error); inputs with an empty path are skipped.
struct NamedPath {
  std::string what, path;
  bool replaced = false;  // written by write_file_atomic: an existing non-regular file is refused
};
Result<void> check_outputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

}  // namespace llada
