// `llada-lab generate`: text from a checkpoint, left to right (AR) or by LLaDA's reverse process.
#include <climits>
#include <cstdio>
#include <string_view>

#include "app/cli/args.hpp"
#include "app/cli/device_option.hpp"
#include "app/cli/command.hpp"
#include "app/cli/train_setup.hpp"
#include "core/generate/autoregressive.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/generate/model_logits.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/session.hpp"

namespace llada::cli {
namespace {

// The generated text as bytes (a token may decode to a NUL byte; printf("%s") would stop there).
void write_text(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

int run_generate(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h", "--ar", "--llada", "--greedy", "--trace"});
  if (a.has("--help") || a.has("-h")) {
    std::printf(
        "Usage: llada-lab generate --model FILE --prompt TEXT [--ar|--llada] [OPTIONS]\n\n"
        "  --model FILE        a checkpoint written by 'llada-lab train --save'\n"
        "  --prompt TEXT       the beginning of the text\n"
        "  --ar | --llada      left to right, or LLaDA's reverse process (default: what the model was trained for)\n"
        "  --length N          tokens to generate (default 20)\n"
        "  --temperature X     AR default 1; LLaDA default 0 (argmax), > 0 adds Gumbel noise\n"
        "  --greedy --top-k K --top-p P   AR sampling\n"
        "  --steps N --block N --remasking low-confidence|random|margin|entropy\n"
        "                      LLaDA (defaults: length, length, low-confidence)\n"
        "  --threshold X       LLaDA parallel decoding: commit every position scoring >= X (at least one a step);\n"
        "                      0 (default) keeps the fixed schedule of --steps\n"
        "  --pin \"0:Once, 5:upon\"   LLaDA infilling: fix these answer positions (0 = first generated token)\n"
        "  --seed N            the random draws (default 1)\n"
        "  --trace             print every step (AR: top tokens; LLaDA: positions committed)\n%s",
        device_option_help());
    return 0;
  }
  const auto path = a.get("--model");
  const std::string prompt = a.get_or("--prompt", "");
  const bool want_ar = a.has("--ar"), want_llada = a.has("--llada"), greedy = a.has("--greedy"), trace = a.has("--trace");
  // Ranges: a generation of 1M tokens is already hours; the model's context bounds LLaDA further.
  const int length = static_cast<int>(a.get_int("--length", 20, 1, 1 << 20));
  const std::string device = read_device_option(a);
  const auto temp = a.get("--temperature");
  const double temperature = a.get_double("--temperature", 0, 0, 1e6);
  const int top_k = static_cast<int>(a.get_int("--top-k", 0, 0, INT_MAX));
  const double top_p = a.get_double("--top-p", 1.0, 0, 1);
  const int steps = static_cast<int>(a.get_int("--steps", length, 1, 1 << 20));
  const int block = static_cast<int>(a.get_int("--block", length, 1, 1 << 20));
  const std::string remasking = a.get_or("--remasking", "low-confidence");
  const double threshold = a.get_double("--threshold", 0.0, 0.0, 1.0);
  const std::string pins = a.get_or("--pin", "");
  const uint64_t seed = a.get_u64("--seed", 1);
  if (auto p = a.problems(); !p.empty() || !path || (want_ar && want_llada)) {
    std::fprintf(stderr, "llada-lab generate: %s\nHINT: run 'llada-lab generate --help'.\n",
                 !p.empty() ? p.c_str() : !path ? "--model FILE is required" : "choose one of --ar and --llada");
    return 2;
  }
  auto backend = choose_backend(device);
  if (!backend) return report(backend.error());
  auto loaded = train::load_model_checkpoint(*path, *backend);
  if (!loaded) return report(loaded.error());
  Model& model = loaded->model;
  auto tok = load_tokenizer(loaded->meta.tokenizer_id);
  if (!tok) return report(tok.error());
  const std::vector<int32_t> ids = (*tok)->encode(prompt);
  const int V = model.vocab();
  gen::LogitsFn fn = gen::model_logits(model);
  const bool llada = want_llada || (!want_ar && loaded->meta.model_kind == "llada");
  if (llada) {
    if (auto ok = gen::check_llada_fits(model, static_cast<int>(ids.size()), length, loaded->meta.model_kind); !ok)
      return report(ok.error());
    auto rm = gen::parse_remasking(remasking);
    if (!rm) return report(rm.error());
    auto pinned = gen::parse_pins(pins, [&](std::string_view t) { return (*tok)->encode(std::string(t)); });
    if (!pinned) return report(pinned.error());
    gen::LladaOptions opt{.gen_length = length, .steps = steps, .block_length = block,
                          .temperature = static_cast<float>(temperature), .remasking = *rm,
                          .threshold = static_cast<float>(threshold), .seed = seed, .mask_id = model.mask_id(),
                          .pins = std::move(*pinned)};
    auto r = gen::generate_llada(fn, V, ids, opt);
    if (!r) return report(r.error());
    if (trace) {
      for (const auto& s : r->trace) {
        std::printf("step %d (block %d):", s.step, s.block);
        for (const auto& c : s.commits)
          std::printf(" %d=%s(%.3f)", c.position, display_piece((*tok)->piece(c.token)).c_str(), c.confidence);
        std::printf("\n");
      }
      std::printf("model evaluations: %d; tokens committed per step:", r->evaluations);
      for (int n : r->commits_per_step()) std::printf(" %d", n);
      std::printf("\n");
    }
    write_text((*tok)->decode(r->tokens));
    return 0;
  }
  if (ids.empty()) return report(Error{"the prompt is empty", "give --prompt with at least one word"});
  gen::ArOptions opt{.max_new_tokens = length, .temperature = temp ? static_cast<float>(temperature) : 1.0f,
                     .greedy = greedy, .top_k = top_k, .top_p = static_cast<float>(top_p), .seed = seed,
                     .context = gen::ar_context(model)};
  auto r = gen::generate_ar(fn, V, ids, opt);
  if (!r) return report(r.error());
  if (trace)
    for (size_t i = 0; i < r->steps.size(); ++i) {
      std::printf("step %zu: %s p=%.3f  top:", i, display_piece((*tok)->piece(r->steps[i].token)).c_str(),
                  r->steps[i].prob);
      for (const auto& e : r->steps[i].top) std::printf(" %s(%.3f)", display_piece((*tok)->piece(e.token)).c_str(), e.prob);
      std::printf("\n");
    }
  write_text((*tok)->decode(r->tokens));
  return 0;
}

RegisterCommand reg{"generate", "generate text from a checkpoint (autoregressive or LLaDA)", run_generate};

}  // namespace
}  // namespace llada::cli
