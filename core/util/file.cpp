#include "core/util/file.hpp"

#include <cstdio>

namespace llada {

Result<std::string> read_file_bytes(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail("cannot open '" + path.string() + "'", "check that the file exists and is readable");
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return fail("error reading '" + path.string() + "'", "check that it is a readable file, not a folder");
  return data;
}

}  // namespace llada
