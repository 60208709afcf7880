// Token statistics over a token stream: how often each id occurs, how much of the vocabulary a
// corpus uses, which tokens are common, rare and never seen, and the rank–frequency (Zipf) curve.
// The rare-token experiment of the seeds (004) builds its three groups of 100 tokens from these.
//
// Ordering conventions (all deterministic):
//   most common   count descending, then id ascending;
//   least common  among ids used at least once: count ascending, then id ascending;
//   never used    ids with count 0 that name a token: either the lowest such ids, or a seeded sample
//                 (Philox stream `shuffle`, partial Fisher–Yates; the same seed gives the same ids).
//                 Ids that name no token (cl100k's holes) and ids the caller excludes (special tokens)
//                 are never reported as "never used", and do not count in the vocabulary size.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace llada {

struct TokenCount {
  std::int32_t id = 0;
  std::int64_t count = 0;
};

struct TokenStats {
  std::int32_t vocab_size = 0;           // ids are 0 .. vocab_size-1
  std::int64_t vocab_tokens = 0;         // ids counted as the vocabulary (that name a token, not excluded)
  std::int64_t total = 0;                // tokens in the stream
  std::int64_t used = 0;                 // distinct ids seen
  double coverage = 0.0;                 // used / vocab_tokens
  std::vector<std::int64_t> counts;      // (vocab_size) occurrences of each id
  std::vector<TokenCount> by_rank;       // (used) the used ids, most common first
  std::vector<std::int32_t> unused;      // (vocab_tokens - used) vocabulary ids never seen, ascending
};

// `in_vocab(id)` says whether an id is part of the vocabulary (default: every id below vocab_size);
// use it to leave out ids that name no token and special tokens. Ids outside [0, vocab_size) in
// `ids` are a programmer error (asserted).
TokenStats token_stats(std::span<const std::int32_t> ids, std::int32_t vocab_size,
                       const std::function<bool(std::int32_t)>& in_vocab = {});

std::vector<TokenCount> most_common(const TokenStats& s, std::size_t n);
std::vector<TokenCount> least_common(const TokenStats& s, std::size_t n);
// The lowest n unused vocabulary ids (seed == 0), or n of them drawn without replacement (seed != 0),
// returned in ascending id order.
std::vector<std::int32_t> never_used(const TokenStats& s, std::size_t n, std::uint64_t seed = 0);

// Rank–frequency data for a log–log plot: points (log10 rank, log10 count), rank 1 = most common.
// At most `max_points` points, at ranks spaced evenly in log(rank) (every rank when there are fewer),
// so the plot shows the head and the long tail alike; rank 1 and the last rank are always included.
struct ZipfPoint {
  double log10_rank = 0.0, log10_count = 0.0;
};
struct ZipfFit {
  double exponent = 0.0;   // s in count ∝ rank^(-s), least squares on the log-spaced points
  double intercept = 0.0;  // log10 of the fitted count at rank 1
  double r2 = 0.0;         // coefficient of determination of the fit (1 = a perfect power law)
};
std::vector<ZipfPoint> zipf_points(const TokenStats& s, std::size_t max_points = 200);
ZipfFit zipf_fit(std::span<const ZipfPoint> points);

}  // namespace llada
