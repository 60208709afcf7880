// Fuzz target: settings.json as the window reads it. Any bytes give settings (each bad entry reset and
// named) or an error; what is kept must survive being written and read back unchanged.
#include <cstdint>
#include <string>

#include "app/settings.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = llada::app::parse_settings(text);
  if (!parsed) return 0;
  const llada::app::Settings& s = parsed->settings;
  FUZZ_CHECK(s.ui_scale >= llada::app::Settings::kMinScale && s.ui_scale <= llada::app::Settings::kMaxScale,
             "ui_scale out of range after parsing");
  auto again = llada::app::parse_settings(llada::app::settings_to_json(s));
  FUZZ_CHECK(again.has_value() && again->problems.empty(), "written settings do not read back");
  FUZZ_CHECK(again->settings.values == s.values && again->settings.panels == s.panels, "settings changed on a round trip");
  return 0;
}
