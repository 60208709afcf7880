// `llada-lab bench tokenize`: load time and single-thread encode throughput of our tokenizers, next to
// tiktoken@1.0.22's WASM build on the same text in the same run when node and the package are present
// (tools/golden/bench_tiktoken.mjs; ./lab bench fetches the package).
//
//   llada-lab bench tokenize [--tokenizer all|gpt2|cl100k|byte] [--file F] [--mb N] [--data-dir DIR]
//                            [--no-tiktoken]
//
// The text: F's bytes, or else the Brown corpus (core/data/corpus.hpp), cut to N MB (default 4) at a
// line end. Encode MB/s is the best of 3 full encodes after a warm-up; MB = 10^6 bytes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "core/data/corpus.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/data_path.hpp"
#include "core/util/file.hpp"

namespace llada::cli {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// FNV-1a 32 over the ids as little-endian uint32, as bench_tiktoken.mjs computes it.
uint32_t ids_fnv32(const std::vector<TokenId>& ids) {
  uint32_t h = 0x811c9dc5u;
  for (TokenId id : ids)
    for (int k = 0; k < 4; ++k) h = (h ^ ((uint32_t(id) >> (8 * k)) & 0xFF)) * 0x01000193u;
  return h;
}

// tiktoken's figures for `encoding` on `file`, or an empty object (with the reason on stderr).
nlohmann::json run_tiktoken(const std::string& encoding, const fs::path& file) {
  fs::path script = fs::path(LLADA_SOURCE_DIR) / "tools/golden/bench_tiktoken.mjs";
  fs::path pkg = data_cache_dir() / "node/node_modules/tiktoken/package.json";
  std::error_code ec;
  if (!fs::exists(script, ec) || !fs::exists(pkg, ec)) {
    std::fprintf(stderr, "llada-lab: tiktoken comparison skipped: %s not found (./lab bench tokenize fetches it)\n",
                 pkg.c_str());
    return {};
  }
  std::string cmd = "LLADA_CACHE='" + data_cache_dir().string() + "' node '" + script.string() + "' " + encoding +
                    " '" + file.string() + "' 2>/dev/null";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (rc != 0 || j.is_discarded() || !j.is_object()) {
    std::fprintf(stderr, "llada-lab: tiktoken comparison failed (is node installed?)\n");
    return {};
  }
  return j;
}

Result<std::string> bench_text(const std::string& file, double mb, std::string& origin) {
  std::string text;
  if (!file.empty()) {
    auto bytes = read_file_bytes(file);
    if (!bytes) return std::unexpected(bytes.error());
    text = std::move(*bytes);
    origin = file;
  } else {
    auto brown = load_corpus("brown");
    if (!brown) return std::unexpected(brown.error());
    text = std::move(brown->text);
    origin = "Brown corpus";
  }
  size_t want = size_t(mb * 1e6);
  if (text.size() > want) {
    size_t cut = text.find('\n', want);
    text.resize(cut == std::string::npos ? text.size() : cut + 1);
  }
  if (text.empty()) return fail("the benchmark text is empty", "give --file with some text");
  return text;
}

int bench_tokenize(const std::vector<std::string>& words) {
  Args args(words, {"--no-tiktoken", "--help"});
  if (args.has("--help")) {
    std::printf("Usage: llada-lab bench tokenize [--tokenizer all|gpt2|cl100k|byte] [--file F] [--mb N]\n"
                "                                [--data-dir DIR] [--no-tiktoken]\n");
    return 0;
  }
  std::string which = args.get_or("--tokenizer", "all");
  std::string file = args.get_or("--file", "");
  double mb = args.get_double("--mb", 4.0, 0.001, 4096);
  std::string data_dir = args.get_or("--data-dir", "");
  bool tiktoken = !args.has("--no-tiktoken");
  if (std::string p = args.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab bench tokenize: %s\n", p.c_str());
    return 2;
  }
  std::vector<std::string> names = which == "all" ? std::vector<std::string>{"gpt2", "cl100k", "byte"}
                                                  : std::vector<std::string>{which};
  std::string origin;
  auto text = bench_text(file, mb, origin);
  if (!text) {
    std::fprintf(stderr, "llada-lab bench tokenize: %s\n", text.error().to_string().c_str());
    return 1;
  }
  fs::path tmp = fs::temp_directory_path() / ("llada-bench-tokenize-" + std::to_string(::getpid()) + ".txt");
  // tiktoken reads the same text from a file: a short write (a full /tmp) would compare other text.
  if (tiktoken)
    if (auto ok = write_file_atomic(tmp.string(), *text, "text for tiktoken"); !ok) {
      std::fprintf(stderr, "llada-lab bench tokenize: %s\n", ok.error().to_string().c_str());
      return 1;
    }

  const double mbytes = double(text->size()) / 1e6;
  std::printf("bench tokenize: %.2f MB of %s, one thread, best of 3 encodes\n", mbytes, origin.c_str());
  std::printf("%-8s %9s %12s %10s %14s %7s %9s\n", "name", "load_ms", "encode_MB/s", "tokens", "tiktoken_MB/s",
              "ratio", "same_ids");
  int rc = 0;
  for (const std::string& name : names) {
    auto t0 = Clock::now();
    auto tok = load_tokenizer(name, data_dir);
    double load_ms = ms_since(t0);
    if (!tok) {
      std::fprintf(stderr, "llada-lab bench tokenize: %s\n", tok.error().to_string().c_str());
      rc = 1;
      continue;
    }
    const Tokenizer& t = **tok;
    t.encode(std::string_view(*text).substr(0, 200000));  // warm-up
    double best = 1e30;
    std::vector<TokenId> ids;
    for (int r = 0; r < 3; ++r) {
      t0 = Clock::now();
      ids = t.encode(*text);
      best = std::min(best, ms_since(t0));
    }
    double mbs = mbytes / (best / 1000.0);
    nlohmann::json tk;
    if (tiktoken && name != "byte") tk = run_tiktoken(name == "gpt2" ? "gpt2" : "cl100k_base", tmp);
    if (tk.is_object() && tk.contains("mb_per_s")) {
      char hash[16];
      std::snprintf(hash, sizeof hash, "%x", ids_fnv32(ids));
      bool same = tk.value("tokens", size_t(0)) == ids.size() && tk.value("ids_fnv32", std::string()) == hash;
      double tk_mbs = tk["mb_per_s"].get<double>();
      std::printf("%-8s %9.1f %12.2f %10zu %14.2f %6.2fx %9s\n", name.c_str(), load_ms, mbs, ids.size(), tk_mbs,
                  mbs / tk_mbs, same ? "yes" : "NO");
    } else {
      std::printf("%-8s %9.1f %12.2f %10zu %14s %7s %9s\n", name.c_str(), load_ms, mbs, ids.size(), "-", "-", "-");
    }
    std::fflush(stdout);
  }
  std::error_code ec;
  fs::remove(tmp, ec);
  return rc;
}

RegisterBench reg{"tokenize", "tokenizer load time and encode MB/s (vs tiktoken when node has it)", bench_tokenize};

}  // namespace
}  // namespace llada::cli
