// Progress and status lines on stderr, one line each, safe from any thread.
// Results never go here: they go to stdout or to files.
#pragma once

#include <string>

namespace llada {

void log_line(const std::string& line);           // "llada-lab: <line>\n" on stderr
void set_log_quiet(bool quiet);                    // tests silence the log
// Logs `line` the first time `key` is seen in this process, and never again (e.g. "device: CPU …").
void log_once(const std::string& key, const std::string& line);

}  // namespace llada
