#include <doctest/doctest.h>

#include "core/util/data_path.hpp"
#include "tests/temp_dir.hpp"

using llada::find_data;
using llada::test::ScopedEnv;
using llada::test::TempDir;

TEST_CASE("data files are found under LLADA_DATA_DIR before LLADA_CACHE") {
  TempDir a("data"), b("cache");
  a.write("x/file.txt", "from data dir");
  b.write("x/file.txt", "from cache");
  b.write("only-in-cache.txt", "c");
  ScopedEnv d("LLADA_DATA_DIR", a.path().string());
  ScopedEnv c("LLADA_CACHE", b.path().string());
  auto p = find_data("x/file.txt", "a test file");
  REQUIRE(p.has_value());
  CHECK(*p == a.path() / "x/file.txt");
  auto q = find_data("only-in-cache.txt", "a test file");
  REQUIRE(q.has_value());
  CHECK(*q == b.path() / "only-in-cache.txt");
  CHECK(llada::data_cache_dir() == b.path());
}

TEST_CASE("a missing data file names every place searched and how to get it") {
  TempDir a("data");
  ScopedEnv d("LLADA_DATA_DIR", a.path().string());
  auto p = find_data("no-such-file-4711.txt", "the test vocabulary");
  REQUIRE_FALSE(p.has_value());
  CHECK(p.error().what.find("the test vocabulary") != std::string::npos);
  CHECK(p.error().what.find((a.path() / "no-such-file-4711.txt").string()) != std::string::npos);
  CHECK(p.error().hint.find("./lab setup") != std::string::npos);
}

TEST_CASE("an explicit data path is used as given and never replaced by a search") {
  TempDir a("data");
  auto f = a.write("mine.txt", "x");
  ScopedEnv d("LLADA_DATA_DIR", a.path().string());
  auto ok = find_data("ignored-name", "my file", f.string());
  REQUIRE(ok.has_value());
  CHECK(*ok == f);
  auto bad = find_data("mine.txt", "my file", (a.path() / "typo.txt").string());
  REQUIRE_FALSE(bad.has_value());  // mine.txt exists in LLADA_DATA_DIR, but the user asked for typo.txt
  CHECK(bad.error().what.find("typo.txt") != std::string::npos);
}
