// Reading a whole file's bytes, exactly as stored (no text cleaning: see core/data/text.hpp for that).
#pragma once

#include <filesystem>
#include <string>

#include "core/util/result.hpp"

namespace llada {

// The file's bytes; an Error naming the path when it cannot be opened or read.
Result<std::string> read_file_bytes(const std::filesystem::path& path);

}  // namespace llada
