// `llada-lab tokenize`: a file -> token ids, pieces or statistics, with any of the tokenizers.
//
//   llada-lab tokenize [--tokenizer gpt2|cl100k|byte|bpe-N] [--ids|--pieces|--stats] [--top N]
//                      [--allow-special] [--data-dir DIR] FILE      (FILE "-" reads stdin)
//
// The file's bytes are tokenized exactly as they are (no line-end or UTF-8 cleaning), so the ids are
// those tiktoken gives for the same file. --ids: one id per line. --pieces: "id<TAB>piece" per line,
// the piece in display form (invalid UTF-8 and control bytes as \xNN). --stats: JSON.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/data/token_stats.hpp"
#include "core/tok/bpe_train.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/file.hpp"

namespace llada::cli {
namespace {

void usage() {
  std::fprintf(stderr,
               "Usage: llada-lab tokenize [--tokenizer gpt2|cl100k|byte|bpe-N] [--ids|--pieces|--stats] [--top N]\n"
               "                          [--allow-special] [--data-dir DIR] FILE\n"
               "  --tokenizer      gpt2 (default), cl100k, byte, or bpe-N: learn N merges from FILE itself\n"
               "  --ids            one token id per line (the default)\n"
               "  --pieces         id, a tab, and the token's bytes (\\xNN for bytes that are not text)\n"
               "  --stats          JSON: tokens, distinct ids, vocabulary coverage, most/least common, never used\n"
               "  --top N          how many most/least common/unused tokens --stats lists (default 10)\n"
               "  --allow-special  recognise special tokens such as <|endoftext|> (else they are plain text)\n"
               "  --data-dir DIR   where the vocabulary files are (default: the data search order)\n"
               "  FILE             a file, or - for standard input\n");
}

Result<std::string> read_all(const std::string& path) {
  if (path == "-") return read_file_bytes("/dev/stdin");
  return read_file_bytes(path);
}

nlohmann::json token_list(const Tokenizer& t, const std::vector<TokenCount>& tokens) {
  nlohmann::json list = nlohmann::json::array();
  for (const TokenCount& c : tokens)
    list.push_back({{"id", c.id}, {"piece", display_piece(t.piece(c.id))}, {"count", c.count}});
  return list;
}

// The statistics of core/data/token_stats.hpp over the ordinary vocabulary (special tokens and ids
// with no token are left out of the coverage); orderings are deterministic (ties by id).
nlohmann::json stats_json(const Tokenizer& t, const std::vector<TokenId>& ids, size_t bytes, int top) {
  TokenStats s = token_stats(ids, t.vocab_size(), [&](int32_t id) { return t.has_token(id) && !t.is_special(id); });
  size_t n = size_t(std::max(top, 0));
  nlohmann::json j;
  j["tokenizer"] = t.name();
  j["bytes"] = bytes;
  j["tokens"] = s.total;
  j["bytes_per_token"] = ids.empty() ? 0.0 : double(bytes) / double(ids.size());
  j["distinct_ids"] = s.used;
  j["vocab_size"] = t.vocab_size();
  j["vocab_tokens"] = s.vocab_tokens;
  j["coverage"] = s.coverage;  // distinct ordinary tokens used / ordinary tokens
  j["top"] = token_list(t, most_common(s, n));
  j["bottom"] = token_list(t, least_common(s, n));
  j["never_used"] = never_used(s, n);
  return j;
}

// "bpe-N" learns N merges from the text itself (core/tok/bpe_train.hpp); other names are loaded.
Result<std::shared_ptr<const Tokenizer>> load_or_learn(const std::string& name, const std::string& data_dir,
                                                       const std::string& text) {
  if (!name.starts_with("bpe-")) return load_tokenizer(name, data_dir);
  int merges = 0;
  auto [end, ec] = std::from_chars(name.data() + 4, name.data() + name.size(), merges);
  if (ec != std::errc() || end != name.data() + name.size())
    return fail("cannot read the merge count in '" + name + "'", "write it as bpe-512 (any count 1..65536)");
  return train_bpe(text, {.n_merges = merges});
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
  int top = int(args.get_int("--top", 10, 0, 1000000));
  std::string data_dir = args.get_or("--data-dir", "");
  const std::vector<std::string> files = args.positionals();
  if (std::string p = args.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab tokenize: %s\n", p.c_str());
    usage();
    return 2;
  }
  if (int(pieces) + int(stats) + int(ids_flag) > 1 || files.size() != 1) {
    std::fprintf(stderr, "llada-lab tokenize: give one FILE and at most one of --ids, --pieces, --stats\n");
    usage();
    return 2;
  }
  auto text = read_all(files[0]);
  if (!text) {
    std::fprintf(stderr, "llada-lab tokenize: %s\n", text.error().to_string().c_str());
    return 1;
  }
  auto tok = load_or_learn(name, data_dir, *text);
  if (!tok) {
    std::fprintf(stderr, "llada-lab tokenize: %s\n", tok.error().to_string().c_str());
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
