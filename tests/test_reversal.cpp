// The reversal-curse corpus and its questions: one direction per fact, and the questions scored against
// "oracle" models that know exactly the corpus's sentences (a lookup, no generalisation): they answer
// every forward question and no reversed one, and the LLaDA oracle fills every blanked first name.
#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/eval/reversal.hpp"

using namespace llada::eval;

namespace {

constexpr int T = 32;
constexpr int V = 256;

std::vector<std::string> padded_corpus(const std::vector<Fact>& facts) {
  std::vector<std::string> out;
  for (const Fact& f : facts) {
    std::string s = stated_sentence(f);
    s.resize(T, '\n');
    out.push_back(s);
  }
  return out;
}

// Row t: the next byte of the corpus sentence that begins with tokens[0..t], else 'x'.
llada::gen::LogitsFn ar_oracle(std::vector<std::string> corpus) {
  return [corpus](const int32_t* tokens, int n, float* logits) {
    for (int t = 0; t < n; ++t) {
      int next = 'x';
      for (const std::string& s : corpus) {
        bool ok = t + 1 < int(s.size());
        for (int i = 0; ok && i <= t; ++i) ok = (unsigned char)s[i] == tokens[i];
        if (ok) next = (unsigned char)s[t + 1];
      }
      for (int v = 0; v < V; ++v) logits[t * V + v] = v == next ? 10.0f : 0.0f;
    }
  };
}

// Every position: the byte of the corpus sentence that agrees with all unmasked positions, else 'x'.
llada::gen::LogitsFn llada_oracle(std::vector<std::string> corpus) {
  return [corpus](const int32_t* tokens, int n, float* logits) {
    const std::string* hit = nullptr;
    for (const std::string& s : corpus) {
      bool ok = int(s.size()) >= n;
      for (int i = 0; ok && i < n; ++i) ok = tokens[i] == V || (unsigned char)s[i] == tokens[i];
      if (ok) hit = &s;
    }
    for (int t = 0; t < n; ++t)
      for (int v = 0; v < V; ++v) logits[t * V + v] = v == (hit ? (unsigned char)(*hit)[t] : 'x') ? 10.0f : 0.0f;
  };
}

}  // namespace

TEST_CASE("the facts corpus: reproducible per seed, distinct four-letter names, each fact in one direction") {
  const auto a = make_facts(40, 7), b = make_facts(40, 7), c = make_facts(40, 8);
  CHECK(a.size() == 40);
  std::set<std::string> names;
  int teacher = 0;
  for (size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k].a == b[k].a);
    CHECK(a[k].b == b[k].b);
    CHECK(a[k].a.size() == 4);
    CHECK(std::isupper((unsigned char)a[k].a[0]));
    names.insert(a[k].a), names.insert(a[k].b);
    teacher += a[k].teacher_form;
    const std::string s = stated_sentence(a[k]);
    CHECK(s == (a[k].teacher_form ? a[k].a + "'s teacher is " + a[k].b + "." : a[k].b + "'s student is " + a[k].a + "."));
  }
  CHECK(names.size() == 80);  // every name in exactly one fact
  CHECK(teacher == 20);       // half stated each way
  CHECK(c[0].a + c[0].b != a[0].a + a[0].b);
}

TEST_CASE("oracles that memorised the corpus answer every forward question and no reversed one") {
  const auto facts = make_facts(12, 3);
  const auto corpus = padded_corpus(facts);
  auto ar = reversal_accuracy_ar(ar_oracle(corpus), facts, T);
  REQUIRE(ar);
  CHECK(ar->forward == 1.0);
  CHECK(ar->reversed == 0.0);
  CHECK(std::isnan(ar->infill));
  auto ll = reversal_accuracy_llada(llada_oracle(corpus), V, facts, T);
  REQUIRE(ll);
  CHECK(ll->forward == 1.0);
  CHECK(ll->reversed == 0.0);
  CHECK(ll->infill == 1.0);  // the blank before "'s teacher is B." is recoverable from the rest
  auto small = reversal_accuracy_ar(ar_oracle(corpus), facts, 16);
  REQUIRE_FALSE(small);
  CHECK_FALSE(small.error().hint.empty());
}
