#include "core/train/weights.hpp"

#include "core/train/session.hpp"

namespace llada::train {

Result<Model> model_from_weights(const WeightsCopy& w) {
  // The weights are copied in at once: create() only shapes and allocates (no draw from a seed).
  auto model = Model::create(w.config, 0, nullptr, false);
  if (!model) return std::unexpected(model.error());
  if (!model->params().same_layout(w.params))
    return fail("the weights copy does not fit its model (" + w.config.describe() + ")",
                "make the copy again from the trainer or the checkpoint");
  if (auto ok = model->params().copy_from(w.params); !ok) return std::unexpected(ok.error());
  return model;
}

Result<std::shared_ptr<const WeightsCopy>> weights_from_checkpoint(const std::string& path) {
  auto loaded = load_model_checkpoint(path);
  if (!loaded) return std::unexpected(loaded.error());
  auto w = std::make_shared<WeightsCopy>();
  w->config = loaded->model.config();
  w->params = std::move(loaded->model.params());
  w->step = loaded->meta.step;
  w->tokenizer_id = loaded->meta.tokenizer_id;
  w->origin = path;
  return std::shared_ptr<const WeightsCopy>(std::move(w));
}

}  // namespace llada::train
