#include "app/cli/args.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace llada::cli {


Args::Args(const std::vector<std::string>& words, std::vector<std::string> flags) {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 2 && w.rfind("--", 0) == 0) {
      std::string name = w, value;
      if (auto eq = w.find('='); eq != std::string::npos) {
        name = w.substr(0, eq);
        value = w.substr(eq + 1);
        opts_.push_back(Opt{name, value, false, false});
        continue;
      }
      bool is_flag = std::find(flags.begin(), flags.end(), name) != flags.end();
      if (!is_flag) {
        if (i + 1 >= words.size()) {
          errors_.push_back("option " + name + " needs a value");
          continue;
        }
        value = words[++i];
      }
      opts_.push_back(Opt{name, value, is_flag, false});
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
  if (Opt* o = find(opt)) return o->value;
  return std::nullopt;
}

std::string Args::get_or(const std::string& opt, const std::string& fallback) {
  auto v = get(opt);
  return v ? *v : fallback;
}

long long Args::get_int(const std::string& opt, long long fallback) {
  auto v = get(opt);
  if (!v) return fallback;
  long long x = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc() || p != v->data() + v->size()) {
    errors_.push_back("option " + opt + " expects a whole number, got '" + *v + "'");
    return fallback;
  }
  return x;
}

double Args::get_double(const std::string& opt, double fallback) {
  auto v = get(opt);
  if (!v) return fallback;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || end != v->c_str() + v->size()) {
    errors_.push_back("option " + opt + " expects a number, got '" + *v + "'");
    return fallback;
  }
  return x;
}

std::string Args::problems() const {
  std::string out;
  for (const auto& e : errors_) out += (out.empty() ? "" : "\n") + e;
  for (const auto& o : opts_)
    if (!o.used) out += (out.empty() ? "" : "\n") + ("unknown option " + o.name);
  return out;
}

}  // namespace llada::cli
