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

// A file written piece by piece that replaces PATH only when it is finished, for outputs that grow during a
// long job (a training curve's CSV): the pieces go into a fresh temporary file beside PATH
// (PATH.tmp-XXXXXX, as write_file_atomic), every write checked; commit() puts it on disk and renames it
// over PATH. A job that fails, or a writer destroyed without commit(), removes the temporary file and
// leaves PATH as it was, so a failed run never destroys the person's old file.
// A PATH that is not an ordinary file (/dev/stdout, a pipe, a device) cannot be replaced by a rename and
// has no old content to lose: it is written directly.
//
//   auto f = AtomicFileWriter::open("run.csv", "CSV file");
//   f->write("step,loss\n"); …; f->commit();
class AtomicFileWriter {
 public:
  static Result<AtomicFileWriter> open(const std::string& path, const std::string& what = "file");
  AtomicFileWriter(AtomicFileWriter&& o) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();  // without commit(): the temporary file is removed, PATH unchanged

  Result<void> write(std::string_view bytes);  // an error names PATH (a full disk says so)
  Result<void> commit();                       // fsync + rename over PATH; once
  // Where the bytes go until commit(): the temporary file, or PATH itself when written directly.
  const std::string& temp_path() const { return tmp_; }

 private:
  AtomicFileWriter(std::string path, std::string tmp, std::string what, int fd, bool direct);
  Result<void> failure(int err, const std::string& during) const;
  void discard();
  std::string path_, tmp_, what_;
  int fd_ = -1;
  bool direct_ = false;    // PATH is not an ordinary file: written in place
  bool guarded_ = false;   // registered for remove_unfinished_temp_file
};

// Removes the temporary file of a write_file_atomic or AtomicFileWriter in progress, if any. Async-signal-safe: for a signal
// handler that is about to end the process (a second Ctrl-C during a save leaves no PATH.tmp-XXXXXX).
void remove_unfinished_temp_file();

// Checks, before a job starts, that `path` can be written as an output: not empty, not a folder, its
// folder exists and a file can be created in it (a probe file is made and removed at once), and an
// existing file there is writable.
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
