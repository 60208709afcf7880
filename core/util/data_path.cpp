#include "core/util/data_path.hpp"

#include <cstdlib>
#include <system_error>

namespace llada {
namespace fs = std::filesystem;

static fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // Linux; elsewhere the step is skipped
  return ec ? fs::path{} : exe.parent_path();
}

static const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

std::filesystem::path data_cache_dir() {
  if (const char* c = env("LLADA_CACHE")) return c;
#ifdef LLADA_SOURCE_DIR
  return fs::path(LLADA_SOURCE_DIR) / ".cache";
#else
  return fs::path(".cache");
#endif
}

std::vector<fs::path> data_search_dirs() {
  std::vector<fs::path> dirs;
  if (const char* d = env("LLADA_DATA_DIR")) dirs.emplace_back(d);
  if (const char* c = env("LLADA_CACHE")) dirs.emplace_back(c);
#ifdef LLADA_SOURCE_DIR
  dirs.push_back(fs::path(LLADA_SOURCE_DIR) / ".cache");
#endif
  if (fs::path exe = executable_dir(); !exe.empty()) {
    dirs.push_back(exe / ".cache");
    dirs.push_back(exe);
  }
  return dirs;
}

Result<fs::path> find_data(std::string_view name, std::string_view what, std::string_view explicit_path) {
  std::error_code ec;
  if (!explicit_path.empty()) {
    fs::path p(explicit_path);
    if (fs::exists(p, ec)) return p;
    return fail("cannot find " + std::string(what) + " at '" + p.string() + "'",
                "check the path, or leave it empty to search the data folders");
  }
  std::string tried;
  for (const fs::path& dir : data_search_dirs()) {
    fs::path p = dir / name;
    if (fs::exists(p, ec)) return p;
    tried += "\n  " + p.string();
  }
  return fail("cannot find " + std::string(what) + " ('" + std::string(name) + "'); looked in:" + tried,
              "run './lab setup' to fetch the data, or set LLADA_DATA_DIR to the folder that holds '" +
                  std::string(name) + "', or give the path explicitly");
}

}  // namespace llada
