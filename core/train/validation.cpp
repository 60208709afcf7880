#include "core/train/validation.hpp"

#include <vector>

namespace llada::train {

Result<Validation> evaluate_validation(TrainSession& s, const BatchFn& val, int n_val, const BatchFn& train,
                                       uint64_t train_index, const TokenGroups& groups) {
  const int B = s.config().B, T = s.config().T;
  std::vector<int32_t> in(static_cast<size_t>(B) * T), tg(in.size());
  const bool have_val = static_cast<bool>(val) && n_val > 0;
  const bool want_groups = !(groups.common.empty() && groups.rare.empty() && groups.never.empty());
  Validation v;
  double sum = 0;
  const int n = have_val ? n_val : 1;
  for (int i = 0; i < n; ++i) {
    if (have_val) val(static_cast<uint64_t>(i), B, T, in.data(), tg.data());
    else if (train) train(train_index, B, T, in.data(), tg.data());
    else break;
    auto loss = s.evaluate(in.data(), tg.data(), B, T, kValidationSeq + static_cast<uint64_t>(i) * B);
    if (!loss) return std::unexpected(loss.error());
    sum += *loss;
    if (i == 0 && want_groups) {
      const PreparedBatch& pb = s.last_batch();
      std::vector<int32_t> seen = pb.inputs;  // what the model saw ([MASK] ids are ignored by the groups)
      seen.insert(seen.end(), pb.targets.begin(), pb.targets.end());
      seen.insert(seen.end(), in.begin(), in.end());
      seen.insert(seen.end(), tg.begin(), tg.end());
      auto logits = s.model().download_logits(0, static_cast<size_t>(B) * T);  // the logits live on the backend
      if (!logits) return std::unexpected(logits.error());
      v.groups = group_log_softmax(logits->data(), B * T, s.model().vocab(), seen, groups);
    }
  }
  if (have_val) v.loss = sum / n;
  return v;
}

}  // namespace llada::train
