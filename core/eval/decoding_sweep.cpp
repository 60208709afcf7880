#include "core/eval/decoding_sweep.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/eval/likelihood.hpp"

namespace llada::eval {

int32_t end_of_text_id(const Tokenizer& tok) {
  for (const SpecialToken& s : tok.specials())
    if (s.text == "<|endoftext|>") return s.id;
  return -1;
}

Result<AnswerQuality> judge_answer(const gen::LogitsFn& gpt, int V, std::span<const int32_t> x, int prompt_len,
                                   int context, int32_t eot_id) {
  const int L = static_cast<int>(x.size());
  if (prompt_len < 1 || prompt_len >= L)
    return fail("an answer to judge needs a prompt of at least one token and at least one answer token",
                "give a prompt and a length of 1 or more");
  auto nll = exact_nll_causal(gpt, V, x, prompt_len, context);
  if (!nll) return std::unexpected(nll.error());
  AnswerQuality q;
  q.tokens = L - prompt_len;
  q.nll_per_token = *nll / q.tokens;
  int eot = 0, rep = 0;
  for (int i = prompt_len; i < L; ++i) {
    eot += x[i] == eot_id;
    rep += x[i] == x[i - 1];
  }
  q.eot_share = eot_id < 0 ? std::numeric_limits<double>::quiet_NaN() : double(eot) / q.tokens;
  q.repeat_share = double(rep) / q.tokens;
  return q;
}

std::vector<DecodingSetting> decoding_grid(std::span<const gen::Remasking> remasking, std::span<const int> steps,
                                           std::span<const int> blocks, std::span<const float> thresholds,
                                           int gen_length) {
  std::vector<DecodingSetting> out;
  for (gen::Remasking r : remasking)
    for (int b : blocks) {
      if (b < 1 || gen_length % b != 0) continue;
      const int n_blocks = gen_length / b;
      for (float th : thresholds) {
        if (th > 0) {
          out.push_back({r, 0, b, th});
          continue;
        }
        for (int s : steps)
          if (s >= 1 && s % n_blocks == 0) out.push_back({r, s, b, 0.0f});
      }
    }
  return out;
}

Result<std::vector<DecodingRow>> run_decoding_sweep(const SweepInputs& in, std::span<const DecodingSetting> grid,
                                                    const std::function<void(int, int)>& progress) {
  std::vector<DecodingRow> rows;
  int done = 0;
  for (const DecodingSetting& set : grid) {
    if (in.cancel && in.cancel->load()) return fail("the decoding sweep was cancelled", "run it again");
    DecodingRow row;
    row.setting = set;
    double eot_sum = 0;
    for (const auto& prompt : in.prompts)
      for (uint64_t seed : in.seeds) {
        gen::LladaOptions opt{.gen_length = in.gen_length, .steps = set.threshold > 0 ? 1 : set.steps,
                              .block_length = set.block_length, .temperature = in.temperature,
                              .remasking = set.remasking, .threshold = set.threshold, .seed = seed,
                              .mask_id = in.mask_id, .record_top = 0};
        const auto t0 = std::chrono::steady_clock::now();
        auto r = gen::generate_llada(in.llada, in.V, prompt, opt);
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!r) return std::unexpected(r.error());
        auto q = judge_answer(in.judge, in.judge_V, r->tokens, static_cast<int>(prompt.size()), in.judge_context,
                              in.eot_id);
        if (!q) return std::unexpected(q.error());
        ++row.runs;
        row.evaluations += r->evaluations;
        row.wall_s += dt;
        row.nll_per_token += q->nll_per_token;
        eot_sum += q->eot_share;
        row.repeat_share += q->repeat_share;
      }
    if (row.runs > 0) {
      row.nll_per_token /= row.runs;
      row.eot_share = eot_sum / row.runs;
      row.repeat_share /= row.runs;
    }
    rows.push_back(row);
    if (progress) progress(++done, static_cast<int>(grid.size()));
  }
  return rows;
}

CsvTable decoding_table(std::span<const DecodingRow> rows) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> rm;
  std::vector<double> steps, block, th, runs, evals, wall, nll, eot, rep;
  for (const DecodingRow& r : rows) {
    rm.push_back(gen::remasking_name(r.setting.remasking));
    steps.push_back(r.setting.threshold > 0 ? none : r.setting.steps);
    block.push_back(r.setting.block_length);
    th.push_back(r.setting.threshold);
    runs.push_back(r.runs);
    evals.push_back(r.evaluations_per_run());
    wall.push_back(r.runs ? 1000.0 * r.wall_s / r.runs : none);
    nll.push_back(r.nll_per_token);
    eot.push_back(r.eot_share);
    rep.push_back(r.repeat_share);
  }
  return CsvTable{{"remasking", "steps", "block", "threshold", "runs", "evaluations_per_run", "wall_ms_per_run",
                   "nll_per_token", "eot_share", "repeat_share"},
                  {rm, steps, block, th, runs, evals, wall, nll, eot, rep}};
}

}  // namespace llada::eval
