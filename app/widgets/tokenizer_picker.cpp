#include "app/i18n/i18n.hpp"
#include "app/widgets/tokenizer_picker.hpp"

#include <imgui.h>

#include <chrono>
#include <future>
#include <map>
#include <mutex>

namespace llada::app::widgets {

namespace {

using Loaded = Result<std::shared_ptr<const Tokenizer>>;

struct Cache {
  std::mutex m;
  std::map<std::string, std::shared_future<Loaded>> loads;
  std::shared_ptr<const Tokenizer> trained;
};
Cache& cache() {
  static Cache c;
  return c;
}

}  // namespace

std::vector<std::string> tokenizer_names() {
  std::vector<std::string> names = {"byte", "gpt2", "cl100k"};
  std::lock_guard lock(cache().m);
  if (cache().trained) names.push_back("bpe");
  return names;
}

void set_trained_tokenizer(std::shared_ptr<const Tokenizer> tok) {
  std::lock_guard lock(cache().m);
  cache().trained = std::move(tok);
}

TokenizerChoice get_tokenizer(const std::string& name) {
  TokenizerChoice c;
  c.tok = byte_tokenizer();
  if (name == "byte") {
    c.ready = true;
    return c;
  }
  Cache& k = cache();
  std::lock_guard lock(k.m);
  if (name == "bpe") {
    if (k.trained) c.tok = k.trained, c.ready = true;
    else c.error = tr("no tokenizer has been trained yet\nHINT: train one in the Tokens panel (Train BPE)");
    return c;
  }
  auto it = k.loads.find(name);
  if (it == k.loads.end())
    it = k.loads.emplace(name, std::async(std::launch::async, [name] { return load_tokenizer(name); }).share()).first;
  if (it->second.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    c.loading = true;
    return c;
  }
  const Loaded& r = it->second.get();
  if (r) c.tok = *r, c.ready = true;
  else c.error = r.error().to_string();
  return c;
}

std::string token_label(std::string_view piece) {
  std::string d = display_piece(piece), out;
  for (char c : d) c == ' ' ? out += "·" : out += c;
  return out.empty() ? std::string("∅") : out;
}

LabelledTokens label_tokens(const Tokenizer& tok, std::string_view text, std::size_t max_tokens) {
  LabelledTokens t;
  t.ids = tok.encode(text);
  if (t.ids.size() > max_tokens) t.ids.resize(max_tokens), t.truncated = true;
  t.labels.reserve(t.ids.size());
  for (TokenId id : t.ids) t.labels.push_back(token_label(tok.piece(id)));
  return t;
}

std::string tokenizer_label(const std::string& name) {
  if (name == "byte") return tr("byte — one id per byte (256 ids, no download)");
  if (name == "gpt2") return tr("gpt2 — GPT-2's BPE (50,257 ids)");
  if (name == "cl100k") return tr("cl100k — GPT-4's cl100k_base (100,277 ids)");
  if (name == "bpe") return tr("bpe — the tokenizer trained here");
  if (name == "words") return tr("words — split at spaces, as in the seed's examples");
  return name;
}

bool tokenizer_combo(const char* label, std::string& name, const std::vector<std::string>& extra) {
  std::vector<std::string> names = extra;
  for (auto& n : tokenizer_names()) names.push_back(n);
  bool changed = false;
  if (ImGui::BeginCombo(label, name.c_str())) {
    for (const auto& n : names) {
      const bool sel = n == name;
      if (ImGui::Selectable(tokenizer_label(n).c_str(), sel) && !sel) name = n, changed = true;
      if (sel) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tokenizer_label(name).c_str());
  return changed;
}

void tokenizer_status(const TokenizerChoice& c, const std::string& name) {
  if (c.loading) {
    ImGui::TextDisabled(tr("loading %s… (showing bytes meanwhile)"), name.c_str());
  } else if (!c.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
    ImGui::TextWrapped("%s", tr_message(c.error).c_str());
    ImGui::PopStyleColor();
    ImGui::TextDisabled("%s", tr("Using the byte tokenizer instead."));
  }
}

}  // namespace llada::app::widgets
