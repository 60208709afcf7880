// The soak test's scripted user: `llada-lab --config-dir DIR --soak SEED --soak-seconds S` (run by
// `./lab soak MINUTES [SEED]` in the sanitizer build under Xvfb).
//
// Both models train (GPT and LLaDA, byte tokenizer, the sample text) while a user who acts at random —
// from SEED alone — does what a person does with the window, every few frames:
//
//   panel       shows or hides a panel, tiles the shown ones, changes the UI scale
//   param       sets a panel parameter through the registry (app/params.hpp) to a random value in its
//               range, sometimes a boundary, sometimes as a drag over several frames; text parameters
//               get texts from a small set (empty, Vietnamese, long, pinned tokens, invalid UTF-8)
//   tokenizer   sets a panel's tokenizer, or rebuilds a model with another tokenizer (byte, gpt2, cl100k)
//   checkpoint  saves a model, loads its own, another model's or a damaged checkpoint (the Training
//               panel's calls: Trainer::save / load)
//   scene       saves a scene (with or without checkpoints), opens one, or opens a damaged one
//               (save_scene_file / open_scene_file, as File › Save scene… / Open scene…)
//   language    switches English ↔ Vietnamese (View › Language)
//   classroom   enters or leaves classroom mode (F11 / Esc key presses, or View › Classroom mode)
//   lesson      opens a lesson at a step, steps on and back (arrow keys in classroom mode), answers a
//               question, asks "Show me", closes it
//   train       Space / S / R keys, Start, Pause, Step, Step 100, the live learning rate
//   export      runs a panel's File menu export (CSV, PNG)
//
// The first ten actions take each kind once (in an order drawn from the seed), so even a short run
// covers them all. Files go to DIR/soak-files (also the export folder). Models that stop (paused by an
// action, rebuilt by a scene, diverged) are started again within a few seconds, as the Training panel's
// buttons would, so both keep training.
//
// Each action is logged on stderr with its frame and kind ("llada-lab: soak 1234 param: softmax.T =
// 2.5"; lines without a kind say what followed: a message shown, a value refused, a model restarted).
// The same SEED replays the same kinds of action at the same frames; each action's own choices come
// from (SEED, its number), so where the window's state differs (a model still building) only that
// action differs, never the ones after it. The resident size is sampled every 2 s
// (app/soak_memory.hpp); a frame longer than 2 s (the UI thread blocked, or starved of CPU) is logged as a
// slow frame with the last action before it. When S seconds have passed the window closes, and soak_summary() prints on
// stdout:
//
//   soak: seed 7, 60.0 s, 2101 frames, 140 actions: panel 20, param 55, … ; 3 errors shown, …
//   soak: RSS start 310.2 MiB, peak 702.4 MiB, end 690.0 MiB; growth +4.1 MiB/h …
//
// UI thread only.
#pragma once

#include <string>

#include "app/state.hpp"

namespace llada::cli {
class Args;
}

namespace llada::app {

// Reads --soak SEED and --soak-seconds S (default 60); returns what is wrong with them ("" when fine).
// Call from the window's option parsing, before Args::problems().
std::string parse_soak_options(cli::Args& a);
bool soak_on();
// Once a frame, inside the ImGui frame after the panels: acts, samples memory, asks the window to close
// when the time is up.
void soak_frame(AppState& s, int frame);
// After the loop: the summary on stdout.
void soak_summary();

}  // namespace llada::app
