// The attention maps as a table (layer, head, query, key, their tokens, weight): the Attention maps
// panel's Export CSV and `llada-lab inspect attention` write the same rows.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tok/tokenizer.hpp"
#include "core/train/inspection.hpp"
#include "core/util/csv.hpp"

namespace llada::app {

// inputs: what the model saw (LLaDA: [MASK] = mask_id). Hidden (causal) cells are left out.
CsvTable attention_table(const train::AttentionView& a, const std::vector<int32_t>& inputs, int mask_id,
                         const Tokenizer* tok);
// A token as a label: its piece made printable, "[MASK]", or "#id".
std::string attention_token_label(const Tokenizer* tok, int32_t id, int mask_id);

}  // namespace llada::app
