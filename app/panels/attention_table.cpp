#include "app/panels/attention_table.hpp"

#include "app/widgets/tokenizer_picker.hpp"

namespace llada::app {

std::string attention_token_label(const Tokenizer* tok, int32_t id, int mask_id) {
  if (id == mask_id && mask_id >= 0) return "[MASK]";
  return tok && tok->has_token(id) ? widgets::token_label(tok->piece(id)) : "#" + std::to_string(id);
}

CsvTable attention_table(const train::AttentionView& a, const std::vector<int32_t>& inputs, int mask_id,
                         const Tokenizer* tok) {
  std::vector<double> layer, head, query, key, weight;
  std::vector<std::string> qtok, ktok;
  // The pieces in display form (core/tok: printable, \xNN for other bytes), as the other CSV exports.
  auto label = [&](int t) -> std::string {
    if (t >= int(inputs.size())) return "";
    const int32_t id = inputs[t];
    if (id == mask_id && mask_id >= 0) return "[MASK]";
    return tok && tok->has_token(id) ? display_piece(tok->piece(id)) : "#" + std::to_string(id);
  };
  for (int l = 0; l < a.n_layer; l++)
    for (int h = 0; h < a.n_head; h++)
      for (int q = 0; q < a.T; q++)
        for (int k = 0; k < a.T; k++) {
          if (a.causal && k > q) continue;
          layer.push_back(l), head.push_back(h), query.push_back(q), key.push_back(k);
          qtok.push_back(label(q)), ktok.push_back(label(k));
          weight.push_back(a.map(l, h)[q * a.T + k]);
        }
  return CsvTable{{"layer", "head", "query", "key", "query_token", "key_token", "weight"},
                  {std::move(layer), std::move(head), std::move(query), std::move(key), std::move(qtok), std::move(ktok),
                   std::move(weight)}};
}

}  // namespace llada::app
