// Throughput of tiktoken@1.0.22 (the WASM build of OpenAI's tokenizer) on one text file, single thread,
// for comparison with `llada-lab bench tokenize` (which runs this script when node and the package
// are present; ./lab bench fetches the package into the cache).
//
//   node tools/golden/bench_tiktoken.mjs gpt2|cl100k_base FILE
//
// Prints one JSON line: encoding, load_ms, mb_per_s (best of 3 full encodes after a warm-up), tokens,
// and ids_fnv32 (FNV-1a 32 over the ids as little-endian uint32) so the caller can check that both
// produced the same ids.
import { readFileSync } from "node:fs";
import { loadTiktoken } from "./tiktoken_env.mjs";

const [encoding, file] = process.argv.slice(2);
if (!encoding || !file) {
  console.error("usage: node bench_tiktoken.mjs gpt2|cl100k_base FILE");
  process.exit(2);
}
const text = readFileSync(file, "utf8");
const bytes = Buffer.byteLength(text, "utf8");
const { get_encoding } = loadTiktoken();
let t0 = performance.now();
const enc = get_encoding(encoding);
const loadMs = performance.now() - t0;
enc.encode_ordinary(text.slice(0, 200000));  // warm-up (JIT, WASM tier-up)
let best = Infinity, ids = null;
for (let r = 0; r < 3; ++r) {
  t0 = performance.now();
  ids = enc.encode_ordinary(text);
  best = Math.min(best, performance.now() - t0);
}
let h = 0x811c9dc5;
for (const id of ids)
  for (let k = 0; k < 4; ++k) h = Math.imul(h ^ ((id >>> (8 * k)) & 0xff), 0x01000193) >>> 0;
enc.free();
console.log(JSON.stringify({ encoding, load_ms: loadMs, mb_per_s: bytes / 1e6 / (best / 1000), tokens: ids.length,
                             ids_fnv32: h.toString(16) }));
