// The window's parameter registry (app/params.hpp): typed values with ranges, set and read as text.
#include <doctest/doctest.h>

#include <string>

#include "app/params.hpp"

using namespace llada::app;

namespace {
float t = 0.5f;
int L = 8;
bool on = false;
std::string tok = "words";
int source = -1;
char prompt[8] = "The";
int sets = 0;
RegisterParams reg{"test_panel", {
    Param::real("t", &t, 0, 1, "a time").then([] { ++sets; }),
    Param::integer("L", &L, 1, 4096, "a length"),
    Param::flag("on", &on, "a switch"),
    Param::choice("tokenizer", &tok, {"words", "byte"}, "a choice"),
    Param::choice("source", &source, {"auto", "example"}, "an enum stored as int", -1),
    Param::text("prompt", prompt, sizeof prompt, "a fixed buffer")}};
}  // namespace

TEST_CASE("params: a value in range is stored and read back as canonical text") {
  REQUIRE(set_param("test_panel", "t", "0.6"));
  CHECK(t == 0.6f);
  CHECK(get_param("test_panel", "t").value() == "0.6");
  REQUIRE(set_param("test_panel", "L", "1e3"));
  CHECK(L == 1000);
  REQUIRE(set_param("test_panel", "on", "1"));
  CHECK(on);
  CHECK(get_param("test_panel", "on").value() == "true");
  REQUIRE(set_param("test_panel", "source", "example"));
  CHECK(source == 0);
  CHECK(get_param("test_panel", "source").value() == "example");
  REQUIRE(set_param("test_panel", "source", "auto"));
  CHECK(source == -1);
}

TEST_CASE("params: bad names and values are refused with a message and change nothing") {
  t = 0.25f, L = 8;
  auto r = set_param("test_panel", "tt", "0.5");
  REQUIRE_FALSE(r);
  CHECK(r.error().what == "panel 'test_panel' has no parameter 'tt'");
  CHECK(r.error().hint.find("t, L, on") != std::string::npos);
  r = set_param("test_panel", "t", "1.7");
  REQUIRE_FALSE(r);
  CHECK(r.error().what == "test_panel.t=1.7 is out of range [0, 1]");
  CHECK(t == 0.25f);
  CHECK_FALSE(set_param("test_panel", "t", "0.5x"));
  CHECK_FALSE(set_param("test_panel", "t", "nan"));
  CHECK_FALSE(set_param("test_panel", "L", "2.5"));
  CHECK_FALSE(set_param("test_panel", "L", "0"));
  CHECK(L == 8);
  CHECK_FALSE(set_param("test_panel", "on", "maybe"));
  CHECK_FALSE(set_param("test_panel", "tokenizer", "gpt2"));
  CHECK_FALSE(set_param("test_panel", "prompt", "far too long"));
  CHECK(std::string(prompt) == "The");
  CHECK_FALSE(set_param("no_such_panel", "t", "0.5"));
  // Invalid UTF-8 (it made the window's settings.json writer throw and the window quit): refused, with
  // where the bad byte is; valid UTF-8 of the same length goes in.
  r = set_param("test_panel", "prompt", "\xff\xfe(");
  REQUIRE_FALSE(r);
  CHECK(r.error().what.find("test_panel.prompt is not valid UTF-8") != std::string::npos);
  CHECK(r.error().what.find("byte offset 0") != std::string::npos);
  CHECK_FALSE(set_param("test_panel", "prompt", "ab\xc3"));  // ends inside a character
  CHECK(std::string(prompt) == "The");
  CHECK(set_param("test_panel", "prompt", "x\xc3\xa0"));  // "xà"
  CHECK(std::string(prompt) == "x\xc3\xa0");
  REQUIRE(set_param("test_panel", "prompt", "The"));
  CHECK(check_param("test_panel", "t", "1").value() == "1");
  CHECK(t == 0.25f);  // check_param validates only
}

TEST_CASE("params: on_set runs after a successful set only") {
  const int before = sets;
  CHECK(set_param("test_panel", "t", "0.3"));
  CHECK_FALSE(set_param("test_panel", "t", "3"));
  CHECK(sets == before + 1);
}

TEST_CASE("params: settings values round-trip, and unusable hand edits are reported and skipped") {
  t = 0.125f, L = 42, tok = "byte";
  std::map<std::string, std::string> values{{"unrelated", "x"}};
  params_to_values(values);
  CHECK(values["test_panel.t"] == "0.125");
  CHECK(values["test_panel.L"] == "42");
  CHECK(values["unrelated"] == "x");
  t = 0.9f, L = 1;
  values["test_panel.tokenizer"] = "gpt9";
  auto problems = params_from_values(values);
  CHECK(t == 0.125f);
  CHECK(L == 42);
  CHECK(tok == "byte");
  bool named = false;
  for (const auto& p : problems) named |= p.find("test_panel.tokenizer='gpt9'") != std::string::npos;
  CHECK(named);
  CHECK(split_param_key("forward.t").value() == std::pair<std::string, std::string>{"forward", "t"});
  CHECK_FALSE(split_param_key("forward"));
  CHECK(params_help().find("test_panel.t") != std::string::npos);
}

TEST_CASE("params: a settings.json of an older version keeps its values under today's keys") {
  std::map<std::string, std::string> values{{"train.d", "96"},          {"train.model", "llada"},
                                            {"training.model", "gpt"},  {"tokenizer", "byte"},
                                            {"per_token.slot", "0"},    {"per_token.sweep", "1"},
                                            {"softmax.source", "2"},    {"unrelated", "x"}};
  migrate_old_values(values);
  CHECK(values["training.d"] == "96");
  CHECK(values["training.model"] == "gpt");  // today's key, already set, wins
  CHECK(values["training.tokenizer"] == "byte");
  CHECK(values["tokens.tokenizer"] == "byte");
  CHECK(values["per_token_loss.model"] == "gpt");
  CHECK(values["per_token_loss.sweep"] == "1");
  CHECK(values["softmax.source"] == "gpt_live");  // the old index: kGptLive = 2
  CHECK(values["unrelated"] == "x");
  for (const char* old : {"train.d", "train.model", "tokenizer", "per_token.slot", "per_token.sweep"})
    CHECK(values.count(old) == 0);
  migrate_old_values(values);  // a second run changes nothing
  CHECK(values["softmax.source"] == "gpt_live");  // was kGptLive = 2
  CHECK(values.size() == 8);
}
