// The messages the window shows but did not write: core's Result errors and the trainer's messages,
// English text with paths, numbers and names spliced in. Each line below is a catalogue template for
// tr_message (app/i18n/i18n.hpp): %s stands for a variable part, which is kept. The Vietnamese lives in
// app/i18n/vi.po (section "core messages"); tests/test_i18n.cpp produces the real messages from core/
// and fails when one of their lines no longer matches (core reworded it: update the template here and
// in vi.po). A message no template matches is shown in English, never lost.
#include <vector>

#include "app/i18n/i18n.hpp"

namespace llada::app {

const std::vector<const char*>& message_templates() {
  static const std::vector<const char*> list = {
      tr_noop("HINT: "),
      // Files and text (core/util/file.cpp, core/data/text.cpp, core/data/corpus.cpp).
      tr_noop("cannot open %s: no such file"),
      tr_noop("check the path (relative paths start at %s)"),
      tr_noop("cannot open %s (%s)"),
      tr_noop("No such file or directory"),
      tr_noop("Permission denied"),
      tr_noop("check that the file exists and is readable"),
      tr_noop("%s is a folder, not a text file"),
      tr_noop("%s is a folder, not a file"),
      tr_noop("choose a file"),
      tr_noop("give the path of a file inside it"),
      tr_noop("cannot read %s"),
      tr_noop("check that the file is readable"),
      tr_noop("%s is not valid UTF-8: invalid byte sequence %s at byte offset %s (%s)"),
      tr_noop("%s is not valid UTF-8: the text ends inside a character (%s) at byte offset %s (%s)"),
      tr_noop("line %s, column %s, after \"%s\""),
      tr_noop("line %s, column %s"),
      tr_noop("re-save the file as UTF-8 or use the lossy option (invalid bytes become U+FFFD)"),
      tr_noop("%s is empty"),
      tr_noop("choose a text with at least %s characters"),
      tr_noop("%s is too short: %s characters, at least %s characters are needed"),
      tr_noop("choose a longer text (at least %s characters)"),
      tr_noop("there is no corpus named '%s' and no file at that path"),
      tr_noop("choose sample, brown, kjv or vi, or give the path of a UTF-8 text file"),
      // Data not fetched (core/tok/load.cpp, core/util/data_path.cpp, app/lab_session.cpp).
      tr_noop("cannot find %s under '%s' (looked for '%s' and '%s')"),
      tr_noop("run './lab setup' to fetch %s with npm (or point --data-dir / LLADA_DATA_DIR at a folder holding "
              "it); the 'byte' tokenizer works without any download"),
      tr_noop("cannot find %s ('%s'); looked in:"),  // the folders follow, one a line, as they are
      tr_noop("the GPT-2 vocabulary (encoder.json)"),
      tr_noop("the GPT-2 merges (vocab.bpe)"),
      tr_noop("the cl100k_base ranks"),
      tr_noop("cannot use tokenizer '%s': %s"),
      tr_noop("choose another tokenizer (byte needs no download)"),
      // Checkpoints (core/train/checkpoint.cpp, core/train/session.cpp, the trainer).
      tr_noop("cannot read checkpoint: %s"),
      tr_noop("check the path; checkpoints are written by --save"),
      tr_noop("'%s' is not a LLaDA Lab checkpoint (wrong magic bytes)"),
      tr_noop("give a file written by 'llada-lab train --save' or the window's Save button"),
      tr_noop("checkpoint '%s' has format version %s, this program reads %s"),
      tr_noop("re-save it with the program version that wrote it, or train again"),
      tr_noop("checkpoint '%s' is truncated inside its header (%s bytes)"),
      tr_noop("checkpoint '%s' has a malformed header"),
      tr_noop("checkpoint '%s' has an impossible header: %s"),
      tr_noop("it was written by another program or version, or edited; use another checkpoint or train again"),
      tr_noop("checkpoint '%s' is truncated or has extra bytes: %s bytes, the header promises %s"),
      tr_noop("checkpoint '%s' is corrupt (checksum mismatch)"),
      tr_noop("the file is damaged or was cut short; use another checkpoint or train again"),
      tr_noop("checkpoint '%s' holds a different model: %s; the running model is %s"),
      tr_noop("choose the same model settings as when the checkpoint was saved, or train a new one"),
      tr_noop("checkpoint '%s' was trained with tokenizer '%s', the running model uses '%s'"),
      tr_noop("choose --tokenizer %s"),
      tr_noop("saved checkpoint '%s' at step %s"),
      tr_noop("loaded checkpoint '%s' at step %s"),
      // Memory (core/train/memory.cpp, core/nn/cpu_backend.cpp, the trainer, app/widgets/background_job.hpp).
      tr_noop("%s needs about %s of memory, and %s are available"),
      tr_noop("training %s needs about %s of memory, and %s are available"),
      tr_noop("choose a smaller model (--d, --layers), batch (--batch, --seq) or vocabulary, or close other programs"),
      tr_noop("embedding table of %s x %s is too large"),
      tr_noop("choose a smaller d or a smaller vocabulary"),
      tr_noop("out of host memory: could not allocate %s MiB"),
      tr_noop("choose a smaller model, vocabulary or batch, or close other programs"),
      tr_noop("out of memory while training"),
      tr_noop("choose a smaller model, batch or vocabulary"),
      tr_noop("out of memory"),
      tr_noop("choose a smaller model, vocabulary or text; close other programs"),
      // Divergence and devices (core/train/trainer.cpp, core/eval, core/inspect).
      tr_noop("training diverged at step %s (loss %s, gradient norm %s, learning rate %s): paused, weights "
              "restored to step %s."),
      tr_noop("lower the learning rate, then press Start"),
      tr_noop("training diverged at step %s"),
      tr_noop("%s training diverged at step %s"),
      tr_noop("lower the learning rate"),
      tr_noop("lower the learning rate (--lr)"),
      tr_noop("learning rate %s refused"),
      tr_noop("choose a positive, finite rate"),
      tr_noop("the %s device failed at step %s: %s"),
      tr_noop("continue on the CPU (Training panel: Continue on CPU) from step %s, the last good weights"),
      tr_noop("continuing on the CPU from step %s (the last good weights)"),
      tr_noop("the table holds non-finite values"),
      tr_noop("the model diverged: reset or reload it"),
      // Names core gives the window (core/data/corpus.cpp: named_corpora's titles), shown through tr().
      tr_noop("Built-in sample (English + Vietnamese, 5 KB)"),
      tr_noop("Brown corpus (American English, 1961, 6.1 MB)"),
      tr_noop("King James Bible (1611, 4.1 MB)"),
      tr_noop("Debian New Maintainers' Guide in Vietnamese (220 KB)"),
      // The window's own composed messages (app/gui.cpp, app/lab_session.cpp): the detail after the lead
      // may be English (a settings file's problem), the lead is translated.
      tr_noop("settings.json: %s"),
      tr_noop("--lesson: no lesson '%s'"),
      tr_noop("the lessons are%s"),
      tr_noop("%s model not built: %s"),
      tr_noop("--train: unknown model '%s'"),
      tr_noop("use zero-layer, gpt or llada"),
  };
  return list;
}

}  // namespace llada::app
