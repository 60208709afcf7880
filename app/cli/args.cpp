#include "app/cli/args.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace llada::cli {

namespace {
bool is_option(const std::string& w) { return w.size() > 2 && w.rfind("--", 0) == 0; }
}  // namespace

Args::Args(const std::vector<std::string>& words, std::vector<std::string> flags) {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (is_option(w)) {
      std::string name = w, value;
      if (auto eq = w.find('='); eq != std::string::npos) {
        name = w.substr(0, eq);
        value = w.substr(eq + 1);
        opts_.push_back(Opt{name, value, false, false, false});
        continue;
      }
      bool is_flag = std::find(flags.begin(), flags.end(), name) != flags.end();
      bool missing = false;
      if (!is_flag) {
        // Whether a missing value matters is known only when the command asks for the option: an
        // unknown option at the end is "unknown", not "needs a value".
        if (i + 1 >= words.size() || is_option(words[i + 1])) missing = true;
        else value = words[++i];
      }
      opts_.push_back(Opt{name, value, is_flag, false, missing});
    } else if (w == "-h") {
      opts_.push_back(Opt{w, "", true, false, false});
    } else {
      positionals_.push_back(w);
    }
  }
}

Args::Opt* Args::find(const std::string& name) {
  Opt* found = nullptr;
  for (auto& o : opts_)
    if (o.name == name) { o.used = true; found = &o; }  // the last one given wins
  return found;
}

bool Args::has(const std::string& flag) { return find(flag) != nullptr; }

std::optional<std::string> Args::get(const std::string& opt) {
  Opt* o = find(opt);
  if (!o) return std::nullopt;
  if (o->missing) {
    const std::string e = "option " + opt + " needs a value";
    if (std::find(errors_.begin(), errors_.end(), e) == errors_.end()) errors_.push_back(e);
    return std::nullopt;
  }
  return o->value;
}

std::string Args::get_or(const std::string& opt, const std::string& fallback) {
  auto v = get(opt);
  return v ? *v : fallback;
}

long long Args::get_int(const std::string& opt, long long fallback, long long lo, long long hi) {
  auto v = get(opt);
  if (!v) return fallback;
  long long x = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && p == v->data() + v->size() && (x < lo || x > hi))) {
    errors_.push_back("option " + opt + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                      ", got '" + *v + "'");
    return fallback;
  }
  if (ec != std::errc() || p != v->data() + v->size()) {
    errors_.push_back("option " + opt + " expects a whole number, got '" + *v + "'");
    return fallback;
  }
  return x;
}

uint64_t Args::get_u64(const std::string& opt, uint64_t fallback) {
  auto v = get(opt);
  if (!v) return fallback;
  uint64_t x = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc() || p != v->data() + v->size()) {
    errors_.push_back("option " + opt + " expects a whole number from 0 to 18446744073709551615, got '" + *v + "'");
    return fallback;
  }
  return x;
}

double Args::get_double(const std::string& opt, double fallback, double lo, double hi) {
  auto v = get(opt);
  if (!v) return fallback;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || end != v->c_str() + v->size()) {
    errors_.push_back("option " + opt + " expects a number, got '" + *v + "'");
    return fallback;
  }
  if (!std::isfinite(x) || x < lo || x > hi) {
    std::string range = lo > -1e308 && hi < 1e308 ? "between " + std::to_string(lo) + " and " + std::to_string(hi)
                        : lo > -1e308             ? "at least " + std::to_string(lo)
                        : hi < 1e308              ? "at most " + std::to_string(hi)
                                                  : "a finite number";
    errors_.push_back("option " + opt + " must be " + range + ", got '" + *v + "'");
    return fallback;
  }
  return x;
}

std::string Args::problems() const {
  std::string out;
  auto add = [&](const std::string& line) { out += (out.empty() ? "" : "\n") + line; };
  for (const auto& e : errors_) add(e);
  for (const auto& o : opts_)
    if (!o.used) add("unknown option " + o.name);
  if (!positionals_used_)
    for (const auto& w : positionals_) add("unexpected word '" + w + "' (this command takes only --options)");
  return out;
}

}  // namespace llada::cli
