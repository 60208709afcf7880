// core/util/file: reading whole files (a folder or an endless input is an error, not an exception or an
// endless read), atomic writes (all or nothing, a temporary name of their own, cleaned up) and the
// output-path checks made before a long job starts.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/util/file.hpp"
#include "tests/temp_dir.hpp"

using namespace llada;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
int entries(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}
}  // namespace

TEST_CASE("reading a folder as a file is an error naming the folder, not an exception") {
  test::TempDir d("file");
  auto r = read_file_bytes(d.path());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("folder") != std::string::npos);
  CHECK_FALSE(r.error().hint.empty());
  CHECK_FALSE(read_file_bytes(d.path() / "missing").has_value());
}

TEST_CASE("reading stops with an error past the size limit (an endless input such as /dev/zero)") {
  test::TempDir d("file");
  auto p = d.write("ten", "0123456789");
  CHECK(read_file_bytes(p, 10).value() == "0123456789");
  auto r = read_file_bytes(p, 9);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("larger than") != std::string::npos);
  auto z = read_file_bytes("/dev/zero", 1 << 20);
  REQUIRE_FALSE(z.has_value());
}

TEST_CASE("an atomic write replaces the file whole, leaves no temporary file and never touches PATH.tmp") {
  test::TempDir d("file");
  const fs::path p = d.path() / "out.ckpt";
  // A person's own file named like the old fixed temporary name must survive a save.
  auto users = d.write("out.ckpt.tmp", "mine");
  REQUIRE(write_file_atomic(p.string(), "first").has_value());
  REQUIRE(write_file_atomic(p.string(), std::string("sec\0nd", 6)).has_value());
  CHECK(slurp(p) == std::string("sec\0nd", 6));
  CHECK(slurp(users) == "mine");
  CHECK(entries(d.path()) == 2);  // out.ckpt and the user's file: no PATH.tmp-XXXXXX left
}

TEST_CASE("an atomic write into a missing folder or over a folder or device fails and leaves nothing") {
  test::TempDir d("file");
  auto r = write_file_atomic((d.path() / "no" / "x").string(), "x", "checkpoint");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("checkpoint") != std::string::npos);
  fs::create_directory(d.path() / "dir");
  CHECK_FALSE(write_file_atomic((d.path() / "dir").string(), "x").has_value());
  CHECK(fs::is_directory(d.path() / "dir"));
  auto dev = write_file_atomic("/dev/null", "x");  // a device is never replaced by a rename
  REQUIRE_FALSE(dev.has_value());
  CHECK(dev.error().what.find("not an ordinary file") != std::string::npos);
  CHECK(entries(d.path()) == 1);
  CHECK_FALSE(write_file_atomic("", "x").has_value());
}

TEST_CASE("output paths are checked up front: folder, missing folder, empty name, output = input, two equal outputs") {
  test::TempDir d("file");
  const std::string dir = d.path().string();
  auto corpus = d.write("corpus.txt", "text").string();
  CHECK(check_output_path(dir + "/run.csv", "--csv").has_value());
  CHECK_FALSE(check_output_path(dir, "--csv").has_value());
  CHECK_FALSE(check_output_path(dir + "/missing/run.csv", "--csv").has_value());
  CHECK_FALSE(check_output_path("", "--save").has_value());
  CHECK(entries(d.path()) == 1);  // the probe files made by the checks above are gone
  // A folder that access() calls writable but that refuses new files (/proc, even to root): refused
  // before the run, not after it.
  if (fs::exists("/proc/version")) {
    auto proc = check_output_path("/proc/version", "--save");
    REQUIRE_FALSE(proc.has_value());
    CHECK(proc.error().what.find("cannot create a file in the folder '/proc'") != std::string::npos);
  }
  CHECK(check_outputs({{"--csv", dir + "/a.csv"}, {"--save", dir + "/a.ckpt", true}}, {{"--corpus", corpus}}).has_value());
  auto same_in = check_outputs({{"--csv", corpus}}, {{"--corpus", corpus}});
  REQUIRE_FALSE(same_in.has_value());
  CHECK(same_in.error().what.find("--corpus") != std::string::npos);
  // The same file spelled two ways (one not existing yet) is still the same file.
  auto twice = check_outputs({{"--csv", dir + "/x"}, {"--save", dir + "/./x", true}}, {});
  REQUIRE_FALSE(twice.has_value());
  CHECK(twice.error().what.find("same file") != std::string::npos);
  CHECK_FALSE(check_outputs({{"--save", "/dev/null", true}}, {}).has_value());
  CHECK(same_file(corpus, dir + "/../" + d.path().filename().string() + "/corpus.txt"));
  CHECK_FALSE(same_file(corpus, dir + "/other.txt"));
  CHECK(slurp(corpus) == "text");
}

TEST_CASE("a streamed file replaces PATH only at commit; dropped without commit, PATH keeps its old content") {
  test::TempDir d("file");
  auto p = d.write("run.csv", "old rows\n");
  {
    auto f = AtomicFileWriter::open(p.string(), "CSV file");
    REQUIRE(f.has_value());
    CHECK(f->temp_path() != p.string());
    REQUIRE(f->write("step,loss\n").has_value());
    REQUIRE(f->write("0,5.5\n").has_value());
    CHECK(slurp(p) == "old rows\n");  // while the job runs, the person's file is untouched
    CHECK(slurp(f->temp_path()) == "step,loss\n0,5.5\n");
    CHECK(entries(d.path()) == 2);
    // A job that fails returns without commit(): the writer goes away.
  }
  CHECK(slurp(p) == "old rows\n");
  CHECK(entries(d.path()) == 1);  // no PATH.tmp-XXXXXX left
  {
    auto f = AtomicFileWriter::open(p.string(), "CSV file");
    REQUIRE(f.has_value());
    auto moved = std::move(*f);  // a writer kept in an optional or returned keeps its file
    REQUIRE(moved.write("step,loss\n1,4.5\n").has_value());
    REQUIRE(moved.commit().has_value());
    CHECK_FALSE(moved.commit().has_value());  // once
  }
  CHECK(slurp(p) == "step,loss\n1,4.5\n");
  CHECK(entries(d.path()) == 1);
}

TEST_CASE("a streamed file's temporary file is removed by remove_unfinished_temp_file (a second Ctrl-C)") {
  test::TempDir d("file");
  auto p = d.write("run.csv", "old\n");
  auto f = AtomicFileWriter::open(p.string(), "CSV file");
  REQUIRE(f.has_value());
  REQUIRE(f->write("new\n").has_value());
  CHECK(entries(d.path()) == 2);
  remove_unfinished_temp_file();
  CHECK(entries(d.path()) == 1);
  CHECK(slurp(p) == "old\n");
}

TEST_CASE("a streamed file to a device is written in place, and a write error there names the file") {
  auto null = AtomicFileWriter::open("/dev/null", "CSV file");
  REQUIRE(null.has_value());
  CHECK(null->temp_path() == "/dev/null");
  CHECK(null->write("rows\n").has_value());
  CHECK(null->commit().has_value());
  if (::access("/dev/full", W_OK) == 0) {
    auto full = AtomicFileWriter::open("/dev/full", "CSV file");
    REQUIRE(full.has_value());
    auto w = full->write("rows\n");
    REQUIRE_FALSE(w.has_value());
    CHECK(w.error().what.find("cannot write CSV file '/dev/full'") != std::string::npos);
    CHECK(w.error().hint.find("disk space") != std::string::npos);
  }
  test::TempDir d("file");
  auto folder = AtomicFileWriter::open(d.path().string(), "CSV file");
  REQUIRE_FALSE(folder.has_value());
  CHECK(folder.error().what.find("is a folder") != std::string::npos);
  CHECK_FALSE(AtomicFileWriter::open((d.path() / "no" / "x.csv").string(), "CSV file").has_value());
  CHECK(entries(d.path()) == 0);
}
