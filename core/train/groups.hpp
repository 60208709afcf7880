// The rare-token experiment of the seeds (004): how training moves the probabilities of the most
// common, the least common (but used) and the never-used tokens of the training corpus.
//
// For a batch of logits (BT rows of V), the statistic of a group is the mean of log softmax(row)[v]
// over every row and every token v of the group that does NOT occur in the batch (its inputs or
// targets): a token the batch itself contains is pushed up by the very positions we average over,
// which would flatter the common group (the seed masks them out for the same reason).
// An untrained model with small logits sits near −ln V in every group.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace llada::train {

struct TokenGroups {
  std::vector<int32_t> common;  // most frequent tokens in the training corpus
  std::vector<int32_t> rare;    // least frequent among those that occur
  std::vector<int32_t> never;   // tokens of the vocabulary that never occur
};

struct GroupStats {
  double common = 0, rare = 0, never = 0;  // mean log-softmax of each group (NaN when a group is empty)
  int n_common = 0, n_rare = 0, n_never = 0;  // tokens of each group left after excluding the batch's own
};

// logits (BT, V); batch_tokens: every token id the batch contains (inputs and targets; ids ≥ V, such
// as [MASK], are ignored).
GroupStats group_log_softmax(const float* logits, int BT, int V, std::span<const int32_t> batch_tokens,
                             const TokenGroups& groups);

}  // namespace llada::train
