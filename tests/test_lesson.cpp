// Lessons (core/lesson): the parser, its errors, the checks, and — over the lessons in lessons/ — that
// every @check computed by core/ equals the @answer the lesson teaches.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "core/lesson/answers.hpp"
#include "core/lesson/lesson.hpp"

using namespace llada;
using namespace llada::lesson;
namespace fs = std::filesystem;

namespace {

const char* kGood =
    "# Lesson 9 — title\n"
    "intro text\n"
    "## Step 1: first\n"
    "@panel forward\n"
    "@set t=0.5 sentence=\"Tôi yêu học máy\"\n"
    "Some *text* with `code`.\n"
    "\n"
    "@question What is q\n"
    "for this pattern?\n"
    "@answer 0.0625 ± 0.00005\n"
    "@hint Four factors.\n"
    "@show seq=31\n"
    "@check q_pattern t=0.5 mask=0101\n"
    "After the question.\n"
    "## Step 2: second\n"
    "@question Which?\n"
    "@choice a\n"
    "@choice* b\n";

// A catalogue with one panel "forward" whose t is in [0, 1] and whose other parameters are texts.
Catalogue fake_catalogue() {
  return Catalogue{[](const std::string& p) { return p == "forward"; },
                   [](const std::string&, const std::string& name, const std::string& v) -> Result<std::string> {
                     if (name == "t") {
                       double x = -1;
                       parse_typed_number(v, x);
                       if (x < 0 || x > 1) return fail("forward.t=" + v + " is out of range [0, 1]");
                     } else if (name != "sentence" && name != "seq") {
                       return fail("panel 'forward' has no parameter '" + name + "'");
                     }
                     return v;
                   }};
}

std::string first_error(std::string_view text, const std::string& path = "lessons/x.en.md") {
  auto l = parse_lesson(text, path);
  return l ? std::string() : l.error().what;
}

}  // namespace

TEST_CASE("lesson: KEY=VALUE lists take quoted values with spaces and escapes") {
  auto a = parse_assignments(R"(t=0.5 sentence="Hà Nội \"là\" thủ đô" L=4)");
  REQUIRE(a);
  REQUIRE(a->size() == 3);
  CHECK((*a)[1].key == "sentence");
  CHECK((*a)[1].value == "Hà Nội \"là\" thủ đô");
  CHECK((*a)[2].value == "4");
  CHECK_FALSE(parse_assignments("t=0.5 oops"));
  CHECK_FALSE(parse_assignments("s=\"open"));
  CHECK_FALSE(parse_assignments("=3"));
}

TEST_CASE("lesson: steps, panels carried over, questions with their answers, hints and Show me") {
  auto l = parse_lesson(kGood, "lessons/09_demo.vi.md");
  REQUIRE(l);
  CHECK(l->id == "09_demo");
  CHECK(l->language == "vi");
  CHECK(l->title == "Lesson 9 — title");
  CHECK(l->intro == "intro text\n");
  REQUIRE(l->steps.size() == 2);
  const Step& s = l->steps[0];
  CHECK(s.title == "Step 1: first");
  CHECK(s.panel == "forward");
  REQUIRE(s.set.size() == 2);
  CHECK(s.set[1].value == "Tôi yêu học máy");
  REQUIRE(s.questions.size() == 1);
  const Question& q = s.questions[0];
  CHECK(q.text == "What is q for this pattern?");
  CHECK(q.numeric);
  CHECK(q.answer == 0.0625);
  CHECK(q.tolerance == 0.00005);
  CHECK(q.hint == "Four factors.");
  CHECK(q.show.size() == 1);
  CHECK(q.check == "q_pattern t=0.5 mask=0101");
  // text, question, text: in order
  REQUIRE(s.blocks.size() == 3);
  CHECK(s.blocks[0].markdown.find("*text*") != std::string::npos);
  CHECK(s.blocks[1].question == 0);
  CHECK(s.blocks[2].markdown == "After the question.\n");
  CHECK(l->steps[1].panel == "forward");  // carried over from step 1
  CHECK_FALSE(l->steps[1].questions[0].numeric);
  CHECK(l->steps[1].questions[0].correct_choice() == 1);
}

TEST_CASE("lesson: structural errors name the file and the line") {
  CHECK(first_error("# T\n## S\n@panel forward\n@answer 3\n") ==
        "lessons/x.en.md:4: @answer without a @question before it in this step");
  CHECK(first_error("# T\n## S\n@panle forward\n").starts_with("lessons/x.en.md:3: unknown directive @panle"));
  CHECK(first_error("# T\n## S\n@question q?\n@choice a\n@choice b\n").starts_with("lessons/x.en.md:3: "));
  CHECK(first_error("# T\n## S\n@question q?\n\n## S2\n") ==
        "lessons/x.en.md:3: the question has no @answer or @choice lines");
  CHECK(first_error("# T\n## S\n@question q?\n@answer about 3\n").starts_with("lessons/x.en.md:4: @answer 'about 3'"));
  CHECK(first_error("# T\n## S\n@question q?\n@answer 3\n@answer 4\n").starts_with("lessons/x.en.md:5: "));
  CHECK(first_error("# T\n@panel forward\n").starts_with("lessons/x.en.md:2: @panel before the first step"));
  CHECK(first_error("# T\nno steps\n") == "lessons/x.en.md:1: the lesson has no steps");
  CHECK(first_error("# T\n## S\n@set t=0.5 x\n").starts_with("lessons/x.en.md:3: 'x' is not KEY=VALUE"));
}

TEST_CASE("lesson: check refuses unknown panels and parameters, values out of range and wrong answers") {
  auto good = parse_lesson(kGood, "g.en.md");
  REQUIRE(good);
  CHECK(check_lesson(*good, fake_catalogue()).empty());

  auto bad = parse_lesson("# T\n## S\n@panel forward_process\n## S2\n@panel forward\n@set tt=1 t=1.7\n"
                          "@question q?\n@answer 0.06 ± 0.001\n@check q_pattern t=0.5 mask=0101\n",
                          "b.en.md");
  REQUIRE(bad);
  auto p = check_lesson(*bad, fake_catalogue());
  REQUIRE(p.size() == 4);
  CHECK(p[0].starts_with("b.en.md:3: no panel 'forward_process'"));
  CHECK(p[1] == "b.en.md:6: panel 'forward' has no parameter 'tt'");
  CHECK(p[2] == "b.en.md:6: forward.t=1.7 is out of range [0, 1]");
  CHECK(p[3].starts_with("b.en.md:9: @answer 0.06"));
  CHECK(p[3].find("computes 0.0625") != std::string::npos);
}

TEST_CASE("lesson: translations must have the same steps, questions and answers") {
  auto en = parse_lesson(kGood, "a.en.md");
  REQUIRE(en);
  std::string other = kGood;
  other.replace(other.find("Some *text*"), 4, "Một");  // text may differ
  const std::string vi_sentence = "sentence=\"Tôi yêu học máy\"";
  other.replace(other.find(vi_sentence), vi_sentence.size(), "sentence=\"I love ML\"");
  auto vi = parse_lesson(other, "a.vi.md");
  REQUIRE(vi);
  CHECK(compare_translations(*en, *vi).empty());

  std::string wrong = kGood;
  wrong.replace(wrong.find("0.0625 ±"), 6, "0.0626");
  wrong.replace(wrong.find("@choice* b"), 10, "@choice b\n@choice* c");
  auto w = parse_lesson(wrong, "a.vi.md");
  REQUIRE(w);
  auto p = compare_translations(*en, *w);
  REQUIRE(p.size() == 2);
  CHECK(p[0].find("the answers differ") != std::string::npos);
  CHECK(p[1].find("the choices differ") != std::string::npos);
  auto short_one = parse_lesson("# T\n## S\n@panel forward\n", "a.vi.md");
  CHECK(compare_translations(*en, *short_one).size() == 1);
}

TEST_CASE("lesson answers: the computations reproduce the lecture notes' figures") {
  auto v = [](const std::string& c) {
    auto r = compute_answer(c);
    REQUIRE(r);
    REQUIRE(r->value);
    return *r->value;
  };
  CHECK(v("q_pattern t=0.6 mask=0110") == doctest::Approx(0.0576).epsilon(1e-12));
  CHECK(v("q_pattern t=0.5 mask=0011") == doctest::Approx(0.0625).epsilon(1e-12));
  CHECK(v("binomial_pmf L=4 t=0.5 k=0") == doctest::Approx(0.0625).epsilon(1e-12));
  CHECK(v("binomial_pmf L=4 t=0.5 k=1") == doctest::Approx(0.25).epsilon(1e-12));
  CHECK(v("binomial_mean L=10 t=0.3") == doctest::Approx(3.0));
  CHECK(v("weighted_masks L=10 t=0.8") == doctest::Approx(10.0));
  CHECK(v("llada_loss t=0.4 p=0.7,0.9") == doctest::Approx(1.155).epsilon(1e-3));
  CHECK(v("softmax z=0,0,0,0 i=2") == doctest::Approx(0.25));
  CHECK(v("entropy z=0,0,0,0") == doctest::Approx(std::log(4.0)).epsilon(1e-6));
  CHECK(v("top_p_kept z=10,0,0 p=0.9") == 1);
  // ∇_h of cross-entropy = Σ P(w) v_w − v_true; with two equal logits and orthogonal v it is (−½, ½).
  CHECK(v("grad_h v=1,0;0,1 h=0,0 true=0 component=0") == doctest::Approx(-0.5));
  CHECK(v("grad_h v=1,0;0,1 h=0,0 true=0 component=1") == doctest::Approx(0.5));
  CHECK(v("activation x=-1 f=relu") == 0);
  CHECK(v("activation x=-1 f=gelu") == doctest::Approx(-0.158655).epsilon(1e-4));
  CHECK(v("vocab tokenizer=byte") == 256);
  CHECK(v("neg_ln_vocab tokenizer=byte") == doctest::Approx(-std::log(256.0)));
  CHECK(v("token_count tokenizer=byte text=\"Việt\"") == 6);  // ệ is three bytes in UTF-8
  CHECK(v("logits_count B=5 T=8 tokenizer=byte") == 5 * 8 * 256);
  CHECK_FALSE(compute_answer("q_pattern t=1.7 mask=01"));
  CHECK_FALSE(compute_answer("no_such_thing x=1"));
  CHECK_FALSE(compute_answer("binomial_pmf L=4 t=0.5"));
  // Values that would overflow an int or index nothing are refused, never converted.
  CHECK_FALSE(compute_answer("binomial_pmf L=1e12 t=0.5 k=2"));
  CHECK_FALSE(compute_answer("softmax z=1,2 i=nan"));
  CHECK_FALSE(compute_answer("transfer_tokens masked=12 steps=4 step=4"));
  CHECK_FALSE(compute_answer("param_count tokenizer=byte d=1e9"));
  CHECK_FALSE(compute_answer("grad_h v=1,0 h=1,0 true=inf component=0"));
}

TEST_CASE("lessons/: each lesson parses, has four or more questions, and every @check equals its @answer") {
  const fs::path dir = fs::path(LLADA_SOURCE_DIR) / "lessons";
  std::map<std::string, std::vector<Lesson>> by_id;
  int computed = 0, skipped = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".md" || e.path().filename() == "README.md") continue;
    auto l = load_lesson(e.path().string());
    REQUIRE_MESSAGE(l, (l ? std::string() : l.error().to_string()));
    int questions = 0;
    for (const Step& s : l->steps)
      for (const Question& q : s.questions) {
        ++questions;
        if (q.check.empty()) continue;
        auto r = compute_answer(q.check);
        REQUIRE_MESSAGE(r, (e.path().string() + ": " + (r ? std::string() : r.error().to_string())));
        if (!r->value) {  // the tokenizer or corpus data is not installed here
          ++skipped;
          continue;
        }
        ++computed;
        INFO(e.path().string(), ":", q.check_line, ": ", q.check);
        CHECK(std::fabs(*r->value - q.answer) <= q.tolerance + 1e-12 * std::fabs(q.answer));
      }
    CHECK_MESSAGE(questions >= 4, e.path().string());
    by_id[l->id].push_back(std::move(*l));
  }
  CHECK(computed + skipped > 0);
  for (auto& [id, ls] : by_id) {
    INFO(id);
    REQUIRE(ls.size() == 2);  // English and Vietnamese
    CHECK(compare_translations(ls[0], ls[1]).empty());
  }
  MESSAGE(computed, " lesson answers computed by core/, ", skipped, " skipped (data not installed)");
}

TEST_CASE("lesson: a typed answer is right within the tolerance, with a decimal comma or a percent sign") {
  auto l = parse_lesson(kGood, "g.en.md");
  REQUIRE(l);
  const Question& num = l->steps[0].questions[0];  // 0.0625 ± 0.00005
  CHECK(answer_is_right(num, "0.0625", -1));
  CHECK(answer_is_right(num, "0,0625", -1));
  CHECK(answer_is_right(num, "6.25%", -1));
  CHECK(answer_is_right(num, " 0.06254 ", -1));
  CHECK_FALSE(answer_is_right(num, "0.0626", -1));
  CHECK_FALSE(answer_is_right(num, "1/16", -1));
  CHECK_FALSE(answer_is_right(num, "", -1));
  const Question& mc = l->steps[1].questions[0];  // the second choice is right
  CHECK(answer_is_right(mc, "", 1));
  CHECK_FALSE(answer_is_right(mc, "", 0));
  CHECK_FALSE(answer_is_right(mc, "", -1));
}

TEST_CASE("lesson: damaged lesson text gives a result or an error, never a crash") {
  // Lesson 1 cut, with lines dropped and bytes flipped by a fixed-seed generator.
  auto text = parse_lesson(kGood, "g.en.md");
  REQUIRE(text);
  const std::string base = std::string(kGood) + "@answer 3\n@choice* x\n@hint\n@show a=\"b\n@check softmax z=1 i=9\n";
  std::uint64_t x = 12345;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL, x >> 33; };
  int parsed = 0;
  for (int i = 0; i < 500; ++i) {
    std::string s = base.substr(0, next() % (base.size() + 1));
    for (int k = 0; k < 3 && !s.empty(); ++k) s[next() % s.size()] = char(next() % 256);
    auto l = parse_lesson(s, "f.en.md");
    if (!l) {
      CHECK(l.error().what.starts_with("f.en.md:"));
      continue;
    }
    ++parsed;
    (void)check_lesson(*l, fake_catalogue());
    (void)compare_translations(*l, *text);
  }
  CHECK(parsed > 0);
}
