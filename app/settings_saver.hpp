// The settings and the window layout saved while the window runs (so a crash loses nothing), written on
// a worker thread: write_file_atomic syncs the file to disk, and on a loaded machine that took 12–24 ms
// of the UI thread, a whole frame's budget, every 30 frames while a slider moved (a dragged value
// changes the settings).
//
// The UI thread decides what to write (the settings' JSON when it changed since the last write, the
// layout when ImGui asks) and hands copies to the worker; one write at a time, the next waits for the
// following call. The exit's own save stays synchronous, after wait().
#pragma once

#include <optional>
#include <string>

#include "app/settings.hpp"
#include "app/widgets/background_job.hpp"
#include "core/util/result.hpp"

namespace llada::app {

class SettingsSaver {
 public:
  explicit SettingsSaver(std::string saved_json) : last_saved_(std::move(saved_json)) {}
  // Starts writing what changed, unless a write is under way. UI thread (reads ImGui's layout).
  void start(const std::string& config_dir, const Settings& settings, const std::string& ini_path);
  // A finished write's error, handed over once; nullopt while writing or after a success.
  std::optional<Error> take_error();
  void wait() { job_.stop(); }  // joins a write in progress (a write is never cut short)

 private:
  std::string last_saved_, writing_;
  widgets::BackgroundJob<bool> job_;
};

}  // namespace llada::app
