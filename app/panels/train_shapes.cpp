// The Training panel's tensor shapes and first batch (app/panels/train_shapes.hpp).
#include "app/panels/train_shapes.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/i18n/i18n.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/data/batching.hpp"
#include "core/models/shapes.hpp"

namespace llada::app {

namespace {

constexpr int kMaxRows = 5, kMaxCols = 12;
// The names core/models/shapes.cpp gives the tensors, for the catalogue.
const char* const kTensorNames[] = {tr_noop("tokens"), tr_noop("embeddings"), tr_noop("activations"), tr_noop("logits"),
                                    tr_noop("probabilities")};

// Batch 0 of the slot's training data (what the first step trains on), made once per build with a
// Batcher of the same configuration as the trainer's (its own: a Batcher is not shared between threads).
struct FirstBatch {
  const train::TrainData* data = nullptr;
  Batch batch;
  bool ok = false;
};
FirstBatch cache[2];

const Batch* first_batch(TrainerSlot& slot) {
  FirstBatch& c = cache[slot.id() == SlotId::Gpt ? 0 : 1];
  const train::TrainData* d = slot.data();
  if (c.data != d) {
    c = FirstBatch{d, {}, false};
    if (d && d->train) {
      auto b = Batcher::make(d->split.train, d->train->config());
      if (b) c.batch = b->get(0), c.ok = true;
    }
  }
  return c.ok ? &c.batch : nullptr;
}

}  // namespace

void draw_tensor_shapes(TrainerSlot& slot) {
  const train::TrainConfig* cfg = slot.config();
  auto tok = slot.tokenizer();
  if (!cfg || !tok) return;
  const bool zero_layer = cfg->model.kind == ModelKind::ZeroLayerGPT;
  if (!ImGui::TreeNodeEx(tr("Tensor shapes###tensor_shapes"), zero_layer ? ImGuiTreeNodeFlags_DefaultOpen : 0)) return;
  // core's line with the tensors' names in the window's language (the operations are code: Embedding, GELU).
  std::vector<ShapeStep> steps = forward_shapes(cfg->model, cfg->B, cfg->T);
  for (ShapeStep& st : steps)
    for (const char* name : kTensorNames)
      if (st.name == name) st.name = tr(name);
  ImGui::TextWrapped("%s", shapes_line(steps).c_str());
  const bool next_token = zero_layer || cfg->model.causal;
  const std::int64_t bt[2] = {cfg->B, cfg->T};
  ImGui::TextWrapped(next_token ? tr("targets %s = the inputs shifted by one: targets[b][i] is the token after inputs[b][i]")
                                : tr("targets %s = x_0, the tokens before masking: the loss counts only the [MASK]ed positions"),
                     shape_text(bt).c_str());
  const Batch* b = next_token ? first_batch(slot) : nullptr;
  if (b && b->B > 0 && b->T > 0) {
    const int rows = std::min(b->B, kMaxRows), cols = std::min(b->T, kMaxCols);
    ImGui::TextDisabled("%s", b->B > rows || b->T > cols
                                  ? tr("The first training batch (its corner; step 1 trains on it): each target is the input one column to its right.")
                                  : tr("The first training batch (step 1 trains on it): each target is the input one column to its right."));
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
    const float h = (2 * rows + 2.5f) * ImGui::GetTextLineHeightWithSpacing();
    if (ImGui::BeginTable("##batch", cols + 1, flags, ImVec2(0, h))) {
      ImGui::TableSetupColumn("");
      for (int i = 0; i < cols; ++i) ImGui::TableSetupColumn(std::to_string(i).c_str());
      ImGui::TableHeadersRow();
      for (int r = 0; r < rows; ++r)
        for (int which = 0; which < 2; ++which) {
          const std::vector<int32_t>& ids = which ? b->targets : b->inputs;
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextDisabled(which ? "targets[%d]" : "inputs[%d]", r);
          for (int i = 0; i < cols; ++i) {
            ImGui::TableNextColumn();
            const int32_t id = ids[size_t(r) * size_t(b->T) + size_t(i)];
            const std::string label = tok->has_token(id) ? widgets::token_label(tok->piece(id)) : "#" + std::to_string(id);
            if (which) ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.55f, 1), "%s", label.c_str());
            else ImGui::TextUnformatted(label.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("%s[%d, %d] = token %d"), which ? "targets" : "inputs", r, i, id);
          }
        }
      ImGui::EndTable();
    }
  }
  ImGui::TreePop();
}

}  // namespace llada::app
