// What computes a lesson's numeric answers: `@check NAME KEY=VALUE …` names a function here, which calls
// core/ (never a second copy of the math), so a lesson can only teach a number the program produces.
// `llada-lab lesson check` and the tests compare each @check with its @answer.
//
//   q_pattern t=0.6 mask=0110          q(x_t | x_0) of a mask pattern (1 = [MASK])    core/math/binomial
//   binomial_pmf L=4 t=0.5 k=2         P(exactly k of L masked)                        core/math/binomial
//   binomial_mean L=100 t=0.7          expected masks L·t                              core/math/binomial
//   weighted_masks L=10 t=0.2          (1/t)·E[masks]: what the 1/t factor makes of them
//   llada_loss t=0.4 p=0.7,0.9         −(1/t) Σ log p over the masked positions        core/math/llada_loss
//   softmax z=2,1,0 T=1 i=0            p_i of softmax(z / T)                           core/math/sampling
//   entropy z=2,1,0 T=1                H of softmax(z / T) in nats                     core/math/sampling
//   top_p_kept z=… p=0.9               tokens kept by top-p (nucleus) filtering        core/math/sampling
//   grad_h v=1,0;0,1;1,1 h=1,0 true=0 component=0
//                                      ∂L/∂h_c of cross-entropy through logits z = V h:
//                                      Σ_w P(w)·v_w − v_true (softmax from core/math)
//   model_calls model=gpt length=12    forward passes to generate 12 tokens left to right  core/generate
//   model_calls model=llada length=12 steps=4 [block=12]  … and by LLaDA's reverse process
//   transfer_tokens masked=12 steps=4 step=0  tokens LLaDA commits at that step         core/generate
//   activation x=-1 f=gelu|relu        the activation the zero-layer GPT uses          core/nn/ops
//   vocab tokenizer=gpt2               V, the tokenizer's vocabulary size             core/tok
//   neg_ln_vocab tokenizer=gpt2        −ln V: the log-probability of a uniform guess
//   token_count tokenizer=gpt2 text="…" tokens the tokenizer spends on the text        core/tok
//   logits_count B=5 T=8 tokenizer=byte numbers in the zero-layer GPT's output [B, T, V] (a real forward)
//   param_count tokenizer=byte d=64    parameters of the zero-layer GPT                core/models
//   vocab_used tokenizer=gpt2 corpus=sample  distinct token ids the corpus uses     core/data/token_stats
#pragma once

#include <optional>
#include <string>

#include "core/util/result.hpp"

namespace llada::lesson {

struct Computed {
  std::optional<double> value;  // empty: cannot be computed here (the data is not installed)
  std::string unavailable;      // why not, with what to do
};

// Errors: an unknown NAME, a missing or malformed argument, arguments core refuses (t = 1.7, …).
Result<Computed> compute_answer(const std::string& check);

}  // namespace llada::lesson
