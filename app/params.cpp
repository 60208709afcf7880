#include "app/params.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/data/text.hpp"

namespace llada::app {

namespace {

std::string number_text(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string float_text(float v) {  // shortest text that reads back as the same float: 0.6f → "0.6"
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string join(const std::vector<std::string>& xs, const char* sep) {
  std::string out;
  for (const auto& x : xs) out += (out.empty() ? "" : sep) + x;
  return out;
}

// The value as the parameter's canonical text, or why it is not acceptable.
Result<std::string> canonical(const std::string& panel, const Param& p, const std::string& value) {
  const std::string key = panel + "." + p.name;
  const char* b = value.data();
  const char* e = b + value.size();
  switch (p.kind) {
    case Param::Kind::Float: {
      double v = 0;
      auto r = std::from_chars(b, e, v);
      if (value.empty() || r.ec != std::errc() || r.ptr != e || !std::isfinite(v))
        return fail(key + "='" + value + "' is not a number", "write a decimal number such as 0.5");
      if (v < p.lo || v > p.hi)
        return fail(key + "=" + value + " is out of range " + p.range_text(), "choose a value in " + p.range_text());
      return float_text(float(v));
    }
    case Param::Kind::Int: {
      long long v = 0;
      auto r = std::from_chars(b, e, v);
      if (value.empty() || r.ec != std::errc() || r.ptr != e) {
        double d = 0;  // "1e6" or "12.0": accepted when it is a whole number
        auto rd = std::from_chars(b, e, d);
        if (value.empty() || rd.ec != std::errc() || rd.ptr != e || !std::isfinite(d) || d != std::floor(d) ||
            std::fabs(d) > 9e15)
          return fail(key + "='" + value + "' is not a whole number", "write an integer such as 8");
        v = (long long)d;
      }
      if (double(v) < p.lo || double(v) > p.hi)
        return fail(key + "=" + value + " is out of range " + p.range_text(), "choose a value in " + p.range_text());
      return std::to_string(v);
    }
    case Param::Kind::Bool:
      if (value == "true" || value == "1" || value == "on" || value == "yes") return std::string("true");
      if (value == "false" || value == "0" || value == "off" || value == "no") return std::string("false");
      return fail(key + "='" + value + "' is not true or false", "write true or false");
    case Param::Kind::Enum:
      for (const auto& c : p.choices)
        if (c == value) return value;
      return fail(key + "='" + value + "' is not one of " + join(p.choices, ", "),
                  "choose one of " + join(p.choices, ", "));
    case Param::Kind::String:
      // Text is UTF-8 everywhere it goes (the panel's fonts, settings.json, scenes: a JSON writer throws
      // on invalid bytes), so invalid bytes are refused here, where they come in.
      if (auto utf8 = clean_text(value, TextOptions{.min_chars = 0}, key); !utf8)
        return fail(utf8.error().what, "type the text again (only UTF-8 text is accepted)");
      if (p.hi > 0 && double(value.size()) > p.hi)
        return fail(key + " is " + std::to_string(value.size()) + " bytes long, more than its " +
                        number_text(p.hi) + "", "shorten the text");
      if (p.check)
        if (auto ok = p.check(value); !ok) return fail(key + ": " + ok.error().what, ok.error().hint);
      return value;
  }
  return fail("unknown parameter kind");
}

const ParamSet* find_set(const std::string& panel) {
  for (const auto& s : param_sets())
    if (s.panel == panel) return &s;
  return nullptr;
}

template <class Int>
Param integer_param(std::string name, Int* v, long long lo, long long hi, std::string help) {
  Param p;
  p.name = std::move(name), p.kind = Param::Kind::Int, p.lo = double(lo), p.hi = double(hi), p.help = std::move(help);
  p.read = [v] { return std::to_string(*v); };
  p.write = [v](const std::string& s) { *v = Int(std::stoll(s)); };
  return p;
}

}  // namespace

Param Param::real(std::string name, float* v, double lo, double hi, std::string help) {
  Param p;
  p.name = std::move(name), p.kind = Kind::Float, p.lo = lo, p.hi = hi, p.help = std::move(help);
  p.read = [v] { return float_text(*v); };
  p.write = [v](const std::string& s) { std::from_chars(s.data(), s.data() + s.size(), *v); };
  return p;
}

Param Param::integer(std::string name, int* v, long long lo, long long hi, std::string help) {
  return integer_param(std::move(name), v, lo, hi, std::move(help));
}
Param Param::integer(std::string name, std::uint64_t* v, long long lo, long long hi, std::string help) {
  return integer_param(std::move(name), v, lo < 0 ? 0 : lo, hi, std::move(help));
}
Param Param::integer(std::string name, long long* v, long long lo, long long hi, std::string help) {
  return integer_param(std::move(name), v, lo, hi, std::move(help));
}

Param Param::flag(std::string name, bool* v, std::string help) {
  Param p;
  p.name = std::move(name), p.kind = Kind::Bool, p.help = std::move(help);
  p.read = [v] { return std::string(*v ? "true" : "false"); };
  p.write = [v](const std::string& s) { *v = s == "true"; };
  return p;
}

Param Param::choice(std::string name, std::string* v, std::vector<std::string> choices, std::string help) {
  Param p;
  p.name = std::move(name), p.kind = Kind::Enum, p.choices = std::move(choices), p.help = std::move(help);
  p.read = [v] { return *v; };
  p.write = [v](const std::string& s) { *v = s; };
  return p;
}

Param Param::choice(std::string name, int* v, std::vector<std::string> choices, std::string help, int first) {
  Param p;
  p.name = std::move(name), p.kind = Kind::Enum, p.choices = choices, p.help = std::move(help);
  p.read = [v, choices, first] {
    const int i = *v - first;
    return i >= 0 && i < int(choices.size()) ? choices[size_t(i)] : std::to_string(*v);
  };
  p.write = [v, choices, first](const std::string& s) {
    for (size_t i = 0; i < choices.size(); ++i)
      if (choices[i] == s) *v = int(i) + first;
  };
  return p;
}

Param Param::text(std::string name, std::string* v, std::string help) {
  Param p;
  p.name = std::move(name), p.kind = Kind::String, p.help = std::move(help);
  p.read = [v] { return *v; };
  p.write = [v](const std::string& s) { *v = s; };
  return p;
}

Param Param::text(std::string name, char* buf, std::size_t size, std::string help) {
  Param p;
  p.name = std::move(name), p.kind = Kind::String, p.help = std::move(help);
  p.hi = double(size - 1);  // the longest text the buffer holds
  p.read = [buf] { return std::string(buf); };
  p.write = [buf, size](const std::string& s) { std::snprintf(buf, size, "%s", s.c_str()); };
  return p;
}

const char* Param::kind_name() const {
  switch (kind) {
    case Kind::Float: return "float";
    case Kind::Int: return "int";
    case Kind::Bool: return "bool";
    case Kind::Enum: return "enum";
    case Kind::String: return "string";
  }
  return "?";
}

std::string Param::range_text() const {
  switch (kind) {
    case Kind::Float: return "[" + number_text(lo) + ", " + number_text(hi) + "]";
    case Kind::Int: return "[" + std::to_string((long long)lo) + ", " + std::to_string((long long)hi) + "]";
    case Kind::Bool: return "true|false";
    case Kind::Enum: return join(choices, "|");
    case Kind::String: return "text";
  }
  return "";
}

std::vector<ParamSet>& param_sets() {
  static std::vector<ParamSet> registry;
  return registry;
}

RegisterParams::RegisterParams(std::string panel, std::vector<Param> params) {
  param_sets().push_back(ParamSet{std::move(panel), std::move(params)});
}

Result<const Param*> find_param(const std::string& panel, const std::string& name) {
  const ParamSet* set = find_set(panel);
  if (!set) {
    std::vector<std::string> ids;
    for (const auto& s : param_sets()) ids.push_back(s.panel);
    return fail("no panel '" + panel + "' has parameters", "panels with parameters: " + join(ids, ", "));
  }
  for (const auto& p : set->params)
    if (p.name == name) return &p;
  std::vector<std::string> names;
  for (const auto& p : set->params) names.push_back(p.name);
  return fail("panel '" + panel + "' has no parameter '" + name + "'", "its parameters: " + join(names, ", "));
}

Result<std::string> check_param(const std::string& panel, const std::string& name, const std::string& value) {
  auto p = find_param(panel, name);
  if (!p) return std::unexpected(p.error());
  return canonical(panel, **p, value);
}

Result<void> set_param(const std::string& panel, const std::string& name, const std::string& value) {
  auto p = find_param(panel, name);
  if (!p) return std::unexpected(p.error());
  auto v = canonical(panel, **p, value);
  if (!v) return std::unexpected(v.error());
  (*p)->write(*v);
  if ((*p)->on_set) (*p)->on_set();
  return {};
}

Result<std::string> get_param(const std::string& panel, const std::string& name) {
  auto p = find_param(panel, name);
  if (!p) return std::unexpected(p.error());
  return (*p)->read();
}

Result<std::pair<std::string, std::string>> split_param_key(const std::string& key) {
  const size_t dot = key.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == key.size())
    return fail("'" + key + "' is not PANEL.NAME", "write e.g. forward.t (llada-lab --window-help lists them)");
  return std::pair{key.substr(0, dot), key.substr(dot + 1)};
}

std::vector<std::string> params_from_values(const std::map<std::string, std::string>& values) {
  std::vector<std::string> problems;
  for (const auto& set : param_sets())
    for (const auto& p : set.params) {
      auto it = values.find(set.panel + "." + p.name);
      if (it == values.end()) continue;
      if (auto r = set_param(set.panel, p.name, it->second); !r) problems.push_back(r.error().what + " (kept the default)");
    }
  return problems;
}

void params_to_values(std::map<std::string, std::string>& values) {
  for (const auto& set : param_sets())
    for (const auto& p : set.params)  // a value the panel allows but a file could not hold ("bpe") is not saved
      if (auto v = canonical(set.panel, p, p.read())) values[set.panel + "." + p.name] = *v;
}

void migrate_old_values(std::map<std::string, std::string>& values) {
  struct Renamed {
    const char *old_key, *key;
    std::vector<std::string> by_index = {};  // non-empty: the old value was an index into these, from `first`
    int first = 0;
  };
  // First match wins: the Training panel read train.tokenizer, else the Tokens panel's "tokenizer".
  static const Renamed kRenamed[] = {
      {"train.model", "training.model"}, {"train.tokenizer", "training.tokenizer"},
      {"train.corpus", "training.corpus"}, {"train.lr", "training.lr"}, {"train.d", "training.d"},
      {"train.layers", "training.layers"}, {"train.heads", "training.heads"}, {"train.steps", "training.steps"},
      {"tokenizer", "training.tokenizer"}, {"corpus", "training.corpus"},
      {"tokenizer", "tokens.tokenizer"}, {"corpus", "tokens.corpus"},
      {"per_token.t", "per_token_loss.t"}, {"per_token.sweep", "per_token_loss.sweep"},
      {"per_token.slot", "per_token_loss.model", {"gpt", "llada"}},
      {"softmax.source", "softmax.source", {"auto", "example", "untrained", "gpt_live", "llada_live"}, -1}};
  std::vector<std::string> old_keys;
  for (const Renamed& r : kRenamed) {
    const auto it = values.find(r.old_key);
    if (it == values.end()) continue;
    std::string v = it->second;
    if (!r.by_index.empty()) {
      double x = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      const long i = std::lround(x) - r.first;
      if (ec != std::errc() || end != v.data() + v.size() || i < 0 || i >= long(r.by_index.size())) continue;
      v = r.by_index[size_t(i)];
    }
    if (r.key == std::string(r.old_key)) values[r.key] = v;
    else values.try_emplace(r.key, v), old_keys.push_back(r.old_key);
  }
  for (const auto& k : old_keys) values.erase(k);
}

std::string params_help() {
  std::string out = "Panel parameters (settings.json \"values\", lessons' @set, scenes), PANEL.NAME kind range:\n";
  for (const auto& set : param_sets())
    for (const auto& p : set.params) {
      std::string line = "  " + set.panel + "." + p.name;
      line.resize(std::max<size_t>(line.size() + 1, 30), ' ');
      std::string kr = std::string(p.kind_name()) + " " + p.range_text();
      line += kr;
      line.resize(std::max<size_t>(line.size() + 1, 64), ' ');
      out += line + p.help + "\n";
    }
  return out;
}

}  // namespace llada::app
