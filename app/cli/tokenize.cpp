// `llada-lab tokenize`: a file -> token ids, pieces or statistics, with any of the tokenizers.
//
//   llada-lab tokenize [--tokenizer gpt2|cl100k|byte] [--ids|--pieces|--stats] [--top N]
//                      [--allow-special] [--data-dir DIR] FILE      (FILE "-" reads stdin)
//
// The file's bytes are tokenized exactly as they are (no line-end or UTF-8 cleaning), so the ids are
// those tiktoken gives for the same file. --ids: one id per line. --pieces: "id<TAB>piece" per line,
// the piece in display form (invalid UTF-8 and control bytes as \xNN). --stats: JSON.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/file.hpp"

namespace llada::cli {
namespace {

void usage() {
  std::fprintf(stderr,
               "Usage: llada-lab tokenize [--tokenizer gpt2|cl100k|byte] [--ids|--pieces|--stats] [--top N]\n"
               "                          [--allow-special] [--data-dir DIR] FILE\n"
               "  --ids            one token id per line (the default)\n"
               "  --pieces         id, a tab, and the token's bytes (\\xNN for bytes that are not text)\n"
               "  --stats          JSON: tokens, distinct ids, vocabulary coverage, most and least common\n"
               "  --top N          how many most/least common tokens --stats lists (default 10)\n"
               "  --allow-special  recognise special tokens such as <|endoftext|> (else they are plain text)\n"
               "  --data-dir DIR   where the vocabulary files are (default: the data search order)\n"
               "  FILE             a file, or - for standard input\n");
}

Result<std::string> read_all(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  return read_file_bytes(path);
}

nlohmann::json token_json(const Tokenizer& t, TokenId id, long long count) {
  return {{"id", id}, {"piece", display_piece(t.piece(id))}, {"count", count}};
}

// Statistics of one encoding: counts per id; the most common, and the least common among the used,
// ties broken by the smaller id (so the output is deterministic).
nlohmann::json stats_json(const Tokenizer& t, const std::vector<TokenId>& ids, size_t bytes, int top) {
  std::vector<long long> count(size_t(t.vocab_size()), 0);
  for (TokenId id : ids) ++count[size_t(id)];
  std::vector<TokenId> used;
  for (TokenId id = 0; id < t.vocab_size(); ++id)
    if (count[size_t(id)] > 0) used.push_back(id);
  int32_t ordinary = t.n_mergeable();
  size_t used_ordinary = size_t(std::count_if(used.begin(), used.end(), [&](TokenId id) { return id < ordinary; }));
  auto by_count = [&](TokenId a, TokenId b) {
    return count[size_t(a)] != count[size_t(b)] ? count[size_t(a)] > count[size_t(b)] : a < b;
  };
  std::vector<TokenId> order = used;
  std::sort(order.begin(), order.end(), by_count);
  nlohmann::json j;
  j["tokenizer"] = t.name();
  j["bytes"] = bytes;
  j["tokens"] = ids.size();
  j["bytes_per_token"] = ids.empty() ? 0.0 : double(bytes) / double(ids.size());
  j["distinct_ids"] = used.size();
  j["vocab_size"] = t.vocab_size();
  j["ordinary_tokens"] = ordinary;
  j["coverage"] = double(used_ordinary) / double(ordinary);  // fraction of the ordinary vocabulary used
  j["top"] = nlohmann::json::array();
  j["bottom"] = nlohmann::json::array();
  size_t n = std::min(order.size(), size_t(std::max(top, 0)));
  for (size_t i = 0; i < n; ++i) j["top"].push_back(token_json(t, order[i], count[size_t(order[i])]));
  // Least common among the used: the tail of the same order, rarest first.
  for (size_t i = 0; i < n; ++i) {
    TokenId id = order[order.size() - 1 - i];
    j["bottom"].push_back(token_json(t, id, count[size_t(id)]));
  }
  return j;
}

int run_tokenize(const std::vector<std::string>& words) {
  Args args(words, {"--ids", "--pieces", "--stats", "--allow-special", "--help", "-h"});
  if (args.has("--help") || args.has("-h")) {
    usage();
    return 0;
  }
  std::string name = args.get_or("--tokenizer", "gpt2");
  bool pieces = args.has("--pieces"), stats = args.has("--stats"), ids_flag = args.has("--ids");
  bool allow_special = args.has("--allow-special");
  int top = int(args.get_int("--top", 10));
  std::string data_dir = args.get_or("--data-dir", "");
  if (std::string p = args.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab tokenize: %s\n", p.c_str());
    usage();
    return 2;
  }
  if (int(pieces) + int(stats) + int(ids_flag) > 1 || args.positionals().size() != 1) {
    std::fprintf(stderr, "llada-lab tokenize: give one FILE and at most one of --ids, --pieces, --stats\n");
    usage();
    return 2;
  }
  auto tok = load_tokenizer(name, data_dir);
  if (!tok) {
    std::fprintf(stderr, "llada-lab tokenize: %s\n", tok.error().to_string().c_str());
    return 1;
  }
  auto text = read_all(args.positionals()[0]);
  if (!text) {
    std::fprintf(stderr, "llada-lab tokenize: %s\n", text.error().to_string().c_str());
    return 1;
  }
  const Tokenizer& t = **tok;
  std::vector<TokenId> ids = allow_special ? t.encode_with_specials(*text) : t.encode(*text);
  if (stats) {
    std::printf("%s\n", stats_json(t, ids, text->size(), top).dump(2).c_str());
    return 0;
  }
  std::string out;
  out.reserve(ids.size() * 8);
  for (TokenId id : ids) {
    out += std::to_string(id);
    if (pieces) {
      out += '\t';
      out += display_piece(t.piece(id));
    }
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

RegisterCommand reg{"tokenize", "tokenize a file: ids, pieces or statistics (gpt2, cl100k, byte)", run_tokenize};

}  // namespace
}  // namespace llada::cli
