// Chunked, cancellable corpus encoding (contract in encode_corpus.hpp).
#include "core/data/encode_corpus.hpp"

namespace llada {

static bool printable(char c) { return c >= 0x21 && c <= 0x7E; }

std::vector<std::size_t> safe_cuts(std::string_view text, std::size_t chunk_bytes) {
  std::vector<std::size_t> cuts;
  if (chunk_bytes == 0) chunk_bytes = 1;
  std::size_t from = chunk_bytes;
  while (from < text.size()) {
    std::size_t nl = text.find('\n', from > 0 ? from - 1 : 0);
    // Cut at p = nl + 1 when text[nl-1] and text[nl+1] are printable ASCII.
    while (nl != std::string_view::npos && !(nl > 0 && nl + 1 < text.size() && printable(text[nl - 1]) &&
                                             printable(text[nl + 1])))
      nl = text.find('\n', nl + 1);
    if (nl == std::string_view::npos) break;
    cuts.push_back(nl + 1);
    from = nl + 1 + chunk_bytes;
  }
  return cuts;
}

Result<std::vector<TokenId>> encode_corpus(const Tokenizer& tok, std::string_view text, const EncodeOptions& opts) {
  std::vector<TokenId> ids;
  ids.reserve(text.size() / 3);  // English runs at ~4.5 bytes a token with GPT-2; bytes at 1
  std::vector<std::size_t> cuts = safe_cuts(text, opts.chunk_bytes);
  cuts.push_back(text.size());
  std::size_t begin = 0;
  for (std::size_t end : cuts) {
    if (opts.cancel && opts.cancel->load(std::memory_order_relaxed)) return fail("tokenizing was cancelled");
    tok.encode_append(text.substr(begin, end - begin), ids);
    begin = end;
    if (opts.progress && !text.empty()) opts.progress(double(end) / double(text.size()));
  }
  return ids;
}

}  // namespace llada

namespace llada {

Result<TokenizedCorpus> tokenize_corpus(std::string_view name_or_path, const Tokenizer& tok, const TextOptions& opts) {
  auto report = [&](double lo, double hi) {
    return [&opts, lo, hi](double f) {
      if (opts.progress) opts.progress(lo + (hi - lo) * f);
    };
  };
  TextOptions load = opts;
  load.progress = report(0.0, 0.4);
  auto corpus = load_corpus(name_or_path, load);
  if (!corpus) return std::unexpected(corpus.error());
  auto ids = encode_corpus(tok, corpus->text, EncodeOptions{.progress = report(0.4, 0.95), .cancel = opts.cancel});
  if (!ids) return std::unexpected(ids.error());
  TokenizedCorpus t{std::move(*corpus), tok.name(), std::move(*ids), {}};
  t.stats = token_stats(t.ids, tok.vocab_size(), [&tok](std::int32_t id) { return tok.has_token(id) && !tok.is_special(id); });
  if (opts.progress) opts.progress(1.0);
  return t;
}

}  // namespace llada
