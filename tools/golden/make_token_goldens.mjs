// Writes the expected token ids that tests/test_token_goldens.cpp compares against, using OpenAI's
// tiktoken (npm tiktoken@1.0.22, fetched into the ignored cache) as the reference.
//
//   node tools/golden/make_token_goldens.mjs        (from the repository root; needs ./lab setup's data)
//
// Output, in tests/data/tokens/:
//   CASE.txt                   the input (our own tricky texts, UTF-8, written byte for byte)
//   CASE.ENC.ids               ids of tiktoken's encode_ordinary (special-token text is plain text)
//   CASE.ENC.special.ids       ids of encode(text, "all") (only for cases with special tokens)
//   brown100k.ENC.ids          ids for the first >= 100 kB of the Brown corpus (the text itself is not
//                              committed: it is rebuilt from the data package, checked by its hash)
// ENC is gpt2 or cl100k. An .ids file: "#" header lines (input bytes and FNV-1a 64 hash), then the ids,
// 20 per line.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, brownText, fnv1a64, loadTiktoken } from "./tiktoken_env.mjs";

const OUT = join(ROOT, "tests", "data", "tokens");
const vietnamese =
  "Tiếng Việt có dấu: Đường đi khó không vì ngăn sông cách núi, mà khó vì lòng người ngại núi e sông.\n" +
  "Học, học nữa, học mãi. Mỗi ngày tôi chọn một niềm vui. Nguyễn Thị Hương ở Hà Nội, quận Đống Đa.\n" +
  "Chữ hoa: TIẾNG VIỆT, ĐẸP, NGHIÊNG; số 1.234,56 đồng; “ngoặc kép” và ‘đơn’.\n";
const CASES = {
  vi_nfc: vietnamese.normalize("NFC"),
  vi_nfd: vietnamese.normalize("NFD"),  // combining marks after base letters: \p{M} is neither L nor N
  emoji: "👍 👍🏽 👨‍👩‍👧‍👦 family; 🏳️‍🌈 flag 🇻🇳🇺🇸 ❤️ ❤ 😀😀😀 a😀b 🧑🏿‍💻 ⌚️ #️⃣ 1️⃣\n",
  crlf: "line one\r\nline two\r\n\r\n  indented\r\n\tend\r\n\r\n\r\nlast\r",
  whitespace: "a  b   c    d\n\n\n\ne     \n   \t\t x\n" + " ".repeat(40) + "y" + "\n".repeat(12) +
              "z \n \n  \n" + "\t".repeat(5) + "w" + " ".repeat(7),
  unicode_space: "a\u00a0b\u3000c\u2028d\u0085e\u200bf\u202fg \u00a0 h\u2003\u2003i\u000bj\u000ck\u0085\u0085\n",
  contractions: "DON'T I'M We'Ll you're THEY'RE it's IT'S He'D she'S 'tis o'clock I'VE we've we'VE " +
                "Y'ALL can't CAN'T 'S 'LL ’s don’t ſ'ſ 'ſ 'K 'k x'Re\n",
  digits: "1234567890123456789012345678901234567890 3.14159265358979 1,000,000 ٣٤٥٦ ２０２４ 0x1F 007 " +
          "12 123 1234 12345 ½ ² Ⅻ 1st 2nd 10k 9.99$\n",
  specials: "Hello<|endoftext|>world <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|> <|endofprompt|> " +
            "<|endoftext <|endoftext|><|endoftext|>\n",
  mixed: "def f(x):\n    return x**2 + 1  # square\n\nhttps://example.com/a?b=c&d=e 中文分词很难。" +
         "العربية हिन्दी 한국어 日本語のテキスト Ελληνικά Русский текст — «quotes» … ©2024 user@mail.org " +
         "{\"json\": [1, 2.5, null]} <tag attr='v'/> ;;;!!! ??? $$$ %%%\n",
};
const SPECIAL_CASES = new Set(["specials"]);

function idsFile(header, ids) {
  const lines = [...header.map((h) => "# " + h)];
  for (let i = 0; i < ids.length; i += 20) lines.push(Array.from(ids.slice(i, i + 20)).join(" "));
  return lines.join("\n") + "\n";
}

const { get_encoding } = loadTiktoken();
mkdirSync(OUT, { recursive: true });
const encodings = { gpt2: get_encoding("gpt2"), cl100k: get_encoding("cl100k_base") };
const inputs = { ...CASES, brown100k: brownText(100000) };
for (const [name, text] of Object.entries(inputs)) {
  if (name !== "brown100k") writeFileSync(join(OUT, name + ".txt"), text, "utf8");
  const header = [`input ${name} bytes ${Buffer.byteLength(text, "utf8")} fnv1a64 ${fnv1a64(text)}`,
                  "expected ids from tiktoken@1.0.22 (tools/golden/make_token_goldens.mjs)"];
  for (const [enc, e] of Object.entries(encodings)) {
    writeFileSync(join(OUT, `${name}.${enc}.ids`), idsFile([...header, `encode_ordinary, ${enc}`], e.encode_ordinary(text)));
    if (SPECIAL_CASES.has(name))
      writeFileSync(join(OUT, `${name}.${enc}.special.ids`), idsFile([...header, `encode(text, "all"), ${enc}`], e.encode(text, "all")));
  }
}
for (const e of Object.values(encodings)) e.free();
console.error(`wrote goldens for ${Object.keys(inputs).length} inputs into ${OUT}`);
