#include "app/settings_saver.hpp"

#include <imgui.h>

#include "core/util/file.hpp"

namespace llada::app {

void SettingsSaver::start(const std::string& config_dir, const Settings& settings, const std::string& ini_path) {
  if (job_.running()) return;
  std::optional<Settings> changed;
  if (std::string json = settings_to_json(settings); json != last_saved_) changed = settings, writing_ = std::move(json);
  std::optional<std::string> layout;
  if (ImGuiIO& io = ImGui::GetIO(); io.WantSaveIniSettings) {
    io.WantSaveIniSettings = false;
    size_t n = 0;
    const char* text = ImGui::SaveIniSettingsToMemory(&n);
    layout.emplace(text, n);
  }
  if (!changed && !layout) return;
  job_.start([config_dir, changed, layout, ini_path](widgets::BackgroundJob<bool>::Control&) -> Result<bool> {
    if (changed)
      if (auto r = save_settings(config_dir, *changed); !r) return std::unexpected(r.error());
    if (layout)
      if (auto r = write_file_atomic(ini_path, *layout, "window layout file"); !r) return std::unexpected(r.error());
    return changed.has_value();
  });
}

std::optional<Error> SettingsSaver::take_error() {
  auto r = job_.take();
  if (!r) return std::nullopt;
  if (!r->has_value()) return r->error();
  if (**r) last_saved_ = writing_;
  return std::nullopt;
}

}  // namespace llada::app
