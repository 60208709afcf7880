// `llada-lab image-stats PNG`: a testing aid for the window smoke test. Prints the image's size, how many
// distinct colours it has and what fraction of pixels differ from its background (its most common
// colour), and exits 1 when the image is blank — one colour, or almost nothing but the background.
#include <stb_image.h>  // the implementation is in libstb

#include <cstdio>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"

namespace {

int run_image_stats(const std::vector<std::string>& words) {
  llada::cli::Args a(words, {"--help"});
  if (a.has("--help") || a.positionals().size() != 1) {
    std::fprintf(a.has("--help") ? stdout : stderr,
                 "Usage: llada-lab image-stats PNG [--min-colours N] [--min-fraction F]\n"
                 "Prints width, height, distinct colours and the fraction of non-background pixels\n"
                 "(background = the most common colour). Exits 1 when the image is blank: fewer than\n"
                 "--min-colours colours (default 2) or a non-background fraction under --min-fraction\n"
                 "(default 0.001).\n");
    return a.has("--help") ? 0 : 2;
  }
  long long min_colours = a.get_int("--min-colours", 2);
  double min_fraction = a.get_double("--min-fraction", 0.001);
  if (auto p = a.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab image-stats: %s\n", p.c_str());
    return 2;
  }
  const std::string& path = a.positionals()[0];
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 4);
  if (!px) {
    std::fprintf(stderr, "llada-lab: cannot read image '%s': %s\nHINT: give a PNG file\n", path.c_str(),
                 stbi_failure_reason());
    return 1;
  }
  std::unordered_map<uint32_t, long long> counts;
  const long long total = (long long)w * h;
  for (long long i = 0; i < total; ++i) {
    uint32_t c;
    std::memcpy(&c, px + 4 * i, 4);
    ++counts[c];
  }
  stbi_image_free(px);
  long long background = 0;
  for (auto& [c, k] : counts) background = std::max(background, k);
  const double fraction = total ? double(total - background) / double(total) : 0.0;
  std::printf("width %d\nheight %d\ncolours %zu\nnon_background %.4f\n", w, h, counts.size(), fraction);
  const bool blank = (long long)counts.size() < min_colours || fraction < min_fraction;
  if (blank) std::fprintf(stderr, "llada-lab: image '%s' is blank\n", path.c_str());
  return blank ? 1 : 0;
}

llada::cli::RegisterCommand reg{"image-stats", "(testing aid) size, colours and non-background share of a PNG",
                                run_image_stats};

}  // namespace
