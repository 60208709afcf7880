// A row of token chips that wraps to the width available: each chip a rounded box with the token's
// text (or "[MASK]" on grey when masked), an optional second line under it (e.g. u_i = 0.42), and a
// tooltip on hover. Used by the forward process, per-token loss and generation panels.
#pragma once

#include <imgui.h>

#include <span>
#include <string>

namespace llada::app::widgets {

struct Chip {
  std::string text;      // the token as shown (already made printable by the caller)
  bool masked = false;   // drawn as a grey "[MASK]" chip
  std::string below;     // a second, smaller line (empty: none)
  std::string tooltip;   // shown on hover (empty: none)
  ImU32 fill = 0;        // 0: the default (blue, or grey when masked)
};

// The colour of a token's loss −log p: green (p near 1) → yellow → red (−log p ≥ 4, p ≤ 2 %).
ImU32 loss_colour(double nll);

// Draws the chips; returns the index of the hovered chip, or −1. Clicking is left to the caller
// (ImGui::IsMouseClicked with the returned index).
int token_chips(const char* id, std::span<const Chip> chips);

}  // namespace llada::app::widgets
