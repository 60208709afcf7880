#include "core/train/checkpoint.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/util/file.hpp"

namespace llada::train {

namespace {

constexpr char kMagic[8] = {'L', 'L', 'A', 'D', 'A', 'C', 'K', 'P'};

std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

// Appends plain values to a byte buffer (the host is little-endian, as every target of this project).
struct Writer {
  std::vector<unsigned char> bytes;
  void raw(const void* p, size_t n) {
    if (n == 0) return;  // an empty vector's data() may be null
    auto* c = static_cast<const unsigned char*>(p);
    bytes.insert(bytes.end(), c, c + n);
  }
  template <class T> void pod(T x) { raw(&x, sizeof x); }
  void str(const std::string& s) {
    pod(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
};

// Reads plain values with bounds checks; `ok` turns false at the first read past the end.
struct Reader {
  const unsigned char* p;
  size_t n, at = 0;
  bool ok = true;
  bool raw(void* out, size_t k) {
    if (!ok || n - at < k) return ok = false;
    if (k == 0) return true;  // an empty vector's data() may be null, which memcpy must not see
    std::memcpy(out, p + at, k);
    at += k;
    return true;
  }
  template <class T> T pod() {
    T x{};
    raw(&x, sizeof x);
    return x;
  }
  std::string str() {
    uint32_t len = pod<uint32_t>();
    if (!ok || n - at < len) { ok = false; return {}; }
    std::string s(reinterpret_cast<const char*>(p + at), len);
    at += len;
    return s;
  }
};

// A name from a file, safe to print: at most 40 bytes, control and non-ASCII bytes as '?'.
std::string display_name(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < 40; ++i) out += (s[i] >= ' ' && s[i] < 0x7F) ? s[i] : '?';
  return s.size() > 40 ? out + "…" : out;
}

std::string describe(const CheckpointMeta& m) {
  std::string s = m.model_kind + " (";
  for (size_t i = 0; i < m.config.size(); ++i)
    s += (i ? ", " : "") + m.config[i].first + "=" + std::to_string(m.config[i].second);
  return s + "), tokenizer " + m.tokenizer_id;
}

bool printable_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c >= 0x7F) return false;
  return true;
}

Result<void> check_header(const CheckpointMeta& m, uint64_t n_params, uint64_t n_m, uint64_t n_v) {
  if (m.model_kind != "zero-layer" && m.model_kind != "gpt" && m.model_kind != "llada")
    return fail("unknown model kind '" + display_name(m.model_kind) + "'");
  if (!printable_name(m.tokenizer_id)) return fail("tokenizer name '" + display_name(m.tokenizer_id) + "' is not a name");
  for (size_t i = 0; i < m.config.size(); ++i) {
    if (!printable_name(m.config[i].first)) return fail("a model field is named '" + display_name(m.config[i].first) + "'");
    for (size_t j = 0; j < i; ++j)
      if (m.config[j].first == m.config[i].first) return fail("the model field '" + m.config[i].first + "' appears twice");
  }
  if (n_params == 0) return fail("it holds no weights");
  if ((n_m != 0 && n_m != n_params) || n_v != n_m)
    return fail("it holds " + std::to_string(n_params) + " weights but " + std::to_string(n_m) + " and " +
                std::to_string(n_v) + " Adam moments");
  return {};
}

}  // namespace

uint32_t crc32(const void* data, size_t n, uint32_t crc) {
  static const std::array<uint32_t, 256> table = make_crc_table();
  auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

Result<void> save_checkpoint(const std::string& path, const CheckpointMeta& meta, std::span<const float> params,
                             std::span<const float> m, std::span<const float> v) {
  Writer header;
  header.str(meta.model_kind);
  header.str(meta.tokenizer_id);
  header.pod<uint64_t>(meta.step);
  header.pod(static_cast<uint32_t>(meta.config.size()));
  for (const auto& [k, val] : meta.config) {
    header.str(k);
    header.pod<int64_t>(val);
  }
  header.pod<uint64_t>(params.size());
  header.pod<uint64_t>(m.size());
  header.pod<uint64_t>(v.size());

  Writer out;
  out.raw(kMagic, sizeof kMagic);
  out.pod(kCheckpointVersion);
  out.pod(static_cast<uint32_t>(header.bytes.size()));
  out.raw(header.bytes.data(), header.bytes.size());
  out.raw(params.data(), params.size_bytes());
  out.raw(m.data(), m.size_bytes());
  out.raw(v.data(), v.size_bytes());
  out.pod(crc32(out.bytes.data(), out.bytes.size()));

  return write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(out.bytes.data()), out.bytes.size()),
                           "checkpoint");
}

Result<Checkpoint> read_checkpoint(const std::string& path) {
  // No size limit here: the weights may be large; the header's sizes are checked against the file's.
  auto file = read_file_bytes(path, SIZE_MAX);
  if (!file) return fail("cannot read checkpoint: " + file.error().what, "check the path; checkpoints are written by --save");
  return checkpoint_from_bytes(*file, path);
}

Result<Checkpoint> checkpoint_from_bytes(std::string_view bytes, const std::string& path) {
  const std::string hint_damaged = "the file is damaged or was cut short; use another checkpoint or train again";
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return fail("'" + path + "' is not a LLaDA Lab checkpoint (wrong magic bytes)",
                "give a file written by 'llada-lab train --save' or the window's Save button");
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  Reader r{data, bytes.size()};
  r.at = sizeof kMagic;
  const uint32_t version = r.pod<uint32_t>();
  const uint32_t header_len = r.pod<uint32_t>();
  if (r.ok && version != kCheckpointVersion)
    return fail("checkpoint '" + path + "' has format version " + std::to_string(version) + ", this program reads " +
                    std::to_string(kCheckpointVersion),
                "re-save it with the program version that wrote it, or train again");
  if (!r.ok || bytes.size() - r.at < header_len)
    return fail("checkpoint '" + path + "' is truncated inside its header (" + std::to_string(bytes.size()) + " bytes)",
                hint_damaged);
  Checkpoint ck;
  Reader h{data + r.at, header_len};
  ck.meta.model_kind = h.str();
  ck.meta.tokenizer_id = h.str();
  ck.meta.step = h.pod<uint64_t>();
  const uint32_t n_config = h.pod<uint32_t>();
  for (uint32_t i = 0; h.ok && i < n_config; ++i) {
    std::string key = h.str();
    int64_t val = h.pod<int64_t>();
    ck.meta.config.emplace_back(std::move(key), val);
  }
  const uint64_t n_params = h.pod<uint64_t>(), n_m = h.pod<uint64_t>(), n_v = h.pod<uint64_t>();
  if (!h.ok || h.at != h.n) return fail("checkpoint '" + path + "' has a malformed header", hint_damaged);
  // Each field of the header is checked here or when the model is built from it (model_config_from_meta):
  // a checksum proves the file is as written, not that what was written makes sense.
  if (auto ok = check_header(ck.meta, n_params, n_m, n_v); !ok)
    return fail("checkpoint '" + path + "' has an impossible header: " + ok.error().what,
                "it was written by another program or version, or edited; use another checkpoint or train again");
  r.at += header_len;
  // Sizes come from the file: compare in a way that cannot overflow before trusting them.
  const uint64_t limit = (bytes.size() - r.at) / sizeof(float);
  if (n_params > limit || n_m > limit || n_v > limit || n_params + n_m + n_v > limit ||
      bytes.size() - r.at != (n_params + n_m + n_v) * sizeof(float) + sizeof(uint32_t)) {
    const uint64_t expected = r.at + (n_params + n_m + n_v) * sizeof(float) + sizeof(uint32_t);
    return fail("checkpoint '" + path + "' is truncated or has extra bytes: " + std::to_string(bytes.size()) +
                    " bytes, the header promises " + std::to_string(expected),
                hint_damaged);
  }
  uint32_t stored = 0;
  std::memcpy(&stored, data + bytes.size() - sizeof stored, sizeof stored);
  if (crc32(data, bytes.size() - sizeof stored) != stored)
    return fail("checkpoint '" + path + "' is corrupt (checksum mismatch)", hint_damaged);
  auto take = [&](std::vector<float>& dst, uint64_t count) {
    dst.resize(count);
    r.raw(dst.data(), count * sizeof(float));
  };
  take(ck.params, n_params);
  take(ck.m, n_m);
  take(ck.v, n_v);
  return ck;
}

Result<void> check_compatible(const CheckpointMeta& file, const CheckpointMeta& running, const std::string& path) {
  if (file.model_kind != running.model_kind || file.config != running.config)
    return fail("checkpoint '" + path + "' holds a different model: " + describe(file) + "; the running model is " +
                    describe(running),
                "choose the same model settings as when the checkpoint was saved, or train a new one");
  if (file.tokenizer_id != running.tokenizer_id)
    return fail("checkpoint '" + path + "' was trained with tokenizer '" + file.tokenizer_id +
                    "', the running model uses '" + running.tokenizer_id + "'",
                "choose --tokenizer " + file.tokenizer_id);
  return {};
}

Result<CheckpointMeta> load_checkpoint_into(const std::string& path, const CheckpointMeta& running,
                                            std::span<float> params, std::span<float> m, std::span<float> v) {
  auto ck = read_checkpoint(path);
  if (!ck) return std::unexpected(ck.error());
  if (auto ok = check_compatible(ck->meta, running, path); !ok) return std::unexpected(ok.error());
  if (ck->params.size() != params.size())
    return fail("checkpoint '" + path + "' has " + std::to_string(ck->params.size()) + " weights, the model has " +
                    std::to_string(params.size()),
                "the file was written by a different version of the model; train again");
  const bool moments = !ck->m.empty() && ck->m.size() == m.size() && ck->v.size() == v.size();
  std::copy(ck->params.begin(), ck->params.end(), params.begin());
  if (moments) {
    std::copy(ck->m.begin(), ck->m.end(), m.begin());
    std::copy(ck->v.begin(), ck->v.end(), v.begin());
  } else {
    std::fill(m.begin(), m.end(), 0.0f);  // a weights-only file restarts the moments
    std::fill(v.begin(), v.end(), 0.0f);
  }
  return ck->meta;
}

int64_t config_value(const CheckpointMeta& meta, const std::string& key, int64_t fallback) {
  for (const auto& [k, val] : meta.config)
    if (k == key) return val;
  return fallback;
}

}  // namespace llada::train
