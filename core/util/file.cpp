#include "core/util/file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace llada {

namespace fs = std::filesystem;

namespace {
// 'path' for messages (built by insert: GCC 12 gives a false -Wrestrict warning on "'" + string).
std::string quoted(const fs::path& p) {
  std::string s = p.string();
  s.insert(s.begin(), '\'');
  s.push_back('\'');
  return s;
}
}  // namespace

Result<std::string> read_file_bytes(const fs::path& path, size_t max_bytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return fail(quoted(path) + " is a folder, not a file", "give the path of a file inside it");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f)
    return fail("cannot open " + quoted(path) + " (" + std::strerror(errno) + ")",
                "check that the file exists and is readable");
  std::string data;
  char buf[1 << 16];
  size_t n;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (data.size() + n > max_bytes) {
      too_big = true;
      break;
    }
    data.append(buf, n);
  }
  bool err = std::ferror(f);
  std::fclose(f);
  if (too_big)
    return fail(quoted(path) + " is larger than " + std::to_string(max_bytes >> 20) + " MiB",
                "give a smaller file (or split it)");
  if (err) return fail("error reading " + quoted(path), "check that it is a readable file, not a folder");
  return data;
}

namespace {
// The temporary file being written, for remove_unfinished_temp_file (a signal handler may read it while
// this thread writes, so it is published only once complete, through the flag).
char g_tmp_path[4096];
std::atomic<bool> g_tmp_live{false};

bool register_temp(const std::string& p) {
  if (p.size() >= sizeof g_tmp_path) return false;
  std::memcpy(g_tmp_path, p.c_str(), p.size() + 1);
  g_tmp_live = true;
  return true;
}

Result<void> regular_or_absent(const std::string& path, const std::string& what) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!ec && fs::exists(st) && !fs::is_regular_file(st))
    return fail(what + " '" + path + "' exists and is not an ordinary file (a folder, a device or a pipe)",
                "choose the name of a new or ordinary file");
  return {};
}
}  // namespace

void remove_unfinished_temp_file() {
  if (g_tmp_live.exchange(false)) ::unlink(g_tmp_path);
}

AtomicFileWriter::AtomicFileWriter(std::string path, std::string tmp, std::string what, int fd, bool direct)
    : path_(std::move(path)), tmp_(std::move(tmp)), what_(std::move(what)), fd_(fd), direct_(direct) {
  if (!direct_) guarded_ = register_temp(tmp_);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& o) noexcept
    : path_(std::move(o.path_)), tmp_(std::move(o.tmp_)), what_(std::move(o.what_)), fd_(o.fd_), direct_(o.direct_),
      guarded_(o.guarded_) {
  o.fd_ = -1;
  o.guarded_ = false;
  o.tmp_.clear();
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (fd_ >= 0) ::close(fd_);
  if (fd_ >= 0 && !direct_) ::unlink(tmp_.c_str());
  fd_ = -1;
  if (guarded_) g_tmp_live = false;
  guarded_ = false;
}

Result<void> AtomicFileWriter::failure(int err, const std::string& during) const {
  return fail("cannot write " + what_ + " '" + path_ + "'" + during + " (" + std::strerror(err) + ")",
              err == ENOSPC || err == EDQUOT ? "free some disk space or choose another disk"
                                             : "choose a path in a folder you may write to");
}

Result<AtomicFileWriter> AtomicFileWriter::open(const std::string& path, const std::string& what) {
  if (path.empty()) return fail("no file name for the " + what, "give a path");
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!ec && fs::is_directory(st))
    return fail(what + " '" + path + "' is a folder", "give a file name inside it, e.g. " + path + "/out");
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {  // a device or a pipe: nothing to replace
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      return fail("cannot write " + what + " '" + path + "' (" + std::strerror(errno) + ")",
                  "choose a path you may write to");
    return AtomicFileWriter(path, path, what, fd, true);
  }
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return fail("cannot write " + what + " '" + path + "': cannot create a file beside it (" + std::strerror(errno) + ")",
                "choose a path in a folder that exists and that you may write to");
  ::fchmod(fd, 0644);  // mkstemp makes 0600; an ordinary file is what the person expects
  return AtomicFileWriter(path, std::move(tmp), what, fd, false);
}

Result<void> AtomicFileWriter::write(std::string_view bytes) {
  if (fd_ < 0) return fail("cannot write " + what_ + " '" + path_ + "': it is already closed", "write before commit()");
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t k = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return failure(k < 0 ? errno : ENOSPC, "");
    done += static_cast<size_t>(k);
  }
  return {};
}

Result<void> AtomicFileWriter::commit() {
  if (fd_ < 0) return fail("cannot write " + what_ + " '" + path_ + "': it is already closed", "commit() once");
  int err = 0;
  if (!direct_ && ::fsync(fd_) != 0 && errno != EINVAL) err = errno;  // on disk before the rename shows it
  if (::close(fd_) != 0 && !err) err = errno;
  fd_ = -1;
  if (!err && !direct_ && std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp_.c_str());
    discard();
    return failure(e, ": renaming the finished file failed");
  }
  if (err && !direct_) ::unlink(tmp_.c_str());
  discard();
  if (err) return failure(err, "");
  return {};
}

Result<void> write_file_atomic(const std::string& path, std::string_view bytes, const std::string& what) {
  if (path.empty()) return fail("no file name for the " + what, "give a path");
  if (auto ok = regular_or_absent(path, what); !ok) return ok;
  auto f = AtomicFileWriter::open(path, what);
  if (!f) return std::unexpected(f.error());
  if (auto ok = f->write(bytes); !ok) return ok;
  return f->commit();
}

Result<void> check_output_path(const std::string& path, const std::string& what) {
  if (path.empty()) return fail(what + " needs a file name (got \"\")", "give a path such as out/run.csv");
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return fail(what + " '" + path + "' is a folder", "give a file name inside it, e.g. " + path + "/out");
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    return fail(what + " '" + path + "': the folder '" + dir.string() + "' does not exist",
                "create it first (mkdir -p " + dir.string() + ") or choose another path");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return fail(what + " '" + path + "': the folder '" + dir.string() + "' is not writable (" + std::strerror(errno) + ")",
                "choose a folder you may write to");
  if (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0)
    return fail(what + " '" + path + "' exists and is not writable (" + std::strerror(errno) + ")",
                "choose another name, or change the file's permissions");
  // access() says yes to root everywhere, and /proc or /sys say yes and then refuse: a file is written
  // through a temporary one beside it (write_file_atomic), so make one now and remove it at once. A
  // device or pipe is written in place and needs none.
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return {};
  std::string probe = (dir / ("." + p.filename().string() + ".probe-XXXXXX")).string();
  const int fd = ::mkstemp(probe.data());
  if (fd < 0)
    return fail(what + " '" + path + "': cannot create a file in the folder '" + dir.string() + "' (" +
                    std::strerror(errno) + ")",
                "choose a folder you may write to");
  ::close(fd);
  ::unlink(probe.c_str());
  return {};
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  std::error_code ea, eb;
  const fs::path pa = fs::weakly_canonical(fs::absolute(a, ea), ea), pb = fs::weakly_canonical(fs::absolute(b, eb), eb);
  return !ea && !eb && pa == pb;
}

Result<void> check_outputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const NamedPath& o = outputs[i];
    if (auto ok = check_output_path(o.path, o.what); !ok) return ok;
    if (o.replaced)
      if (auto ok = regular_or_absent(o.path, o.what); !ok) return ok;
    for (const NamedPath& in : inputs)
      if (!in.path.empty() && same_file(o.path, in.path))
        return fail(o.what + " '" + o.path + "' is the same file as " + in.what + " '" + in.path +
                        "': writing it would destroy the input",
                    "choose another name for " + o.what);
    for (size_t j = 0; j < i; ++j)
      if (same_file(o.path, outputs[j].path))
        return fail(o.what + " and " + outputs[j].what + " are the same file '" + o.path + "'",
                    "give each output its own name");
  }
  return {};
}

}  // namespace llada
