// `TOOL fuzz FILE`: hostile copies of a trace or snapshot, for a while, each read back by the very path
// every command reads files by (Subject: protocol check, strict decoding, the model's validation), then,
// when accepted, replayed, printed and compared. Half the copies are type-valid semantic edits of a state
// (weft::testing::mutate), re-fingerprinted so that only validation can catch them; half are damaged
// bytes of the file (flipped, cut, repeated), in its JSON or binary form. A copy must be refused with one
// error or accepted and handled: a crash, or any other exception, is a finding. Exit 0 without findings.
#pragma once

#include <weft/cli/request.hpp>
#include <weft/cli/subject.hpp>

#include <weft/diff.hpp>
#include <weft/replay.hpp>
#include <weft/testing/mutate.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace weft::cli {

namespace detail {
// Damages `bytes`: a byte flipped, a stretch cut or repeated, the end cut off.
inline std::string damage(std::string bytes, Rng& rng) {
  if (bytes.empty()) return bytes;
  std::size_t const at = rng.below(bytes.size());
  switch (rng.below(5)) {
    case 0: bytes[at] = static_cast<char>(bytes[at] ^ (1u << rng.below(8))); break;
    case 1: bytes[at] = static_cast<char>(rng.below(256)); break;
    case 2: bytes.erase(at, 1 + rng.below(16)); break;
    case 3: bytes.insert(at, bytes.substr(at, 1 + rng.below(64))); break;
    default: bytes.resize(at); break;
  }
  return bytes;
}

// A copy of document `doc` with one state edited (and its recorded fingerprint made to match).
template <class M>
Trace<M> edited(Trace<M> t, Rng& rng) {
  std::size_t const k = rng.below(t.steps.size() + 1);
  if (k == 0) {
    weft::testing::mutate(t.initial, rng);
    t.initial_fingerprint = to_hex(fingerprint(t.initial));
  } else if (rng.chance(0.2)) {
    weft::testing::mutate(t.steps[k - 1].event, rng);
  } else {
    weft::testing::mutate(t.steps[k - 1].state, rng);
    t.steps[k - 1].fingerprint = to_hex(fingerprint(t.steps[k - 1].state));
  }
  return t;
}
template <class M>
Snapshot<M> edited(Snapshot<M> s, Rng& rng) {
  weft::testing::mutate(s.state, rng);
  s.header.fingerprint = to_hex(fingerprint(s.state));
  return s;
}

// Everything a command does with a file it accepted.
template <class M>
void exercise(Subject<M> const& subject, std::string const& file, Trace<M> const& original) {
  auto const t = subject.load_trace(file);
  auto const r = replay(subject.model, t);
  (void)unmet_expectation(subject.model, t, r);
  std::string text = to_text(t.initial);
  for (auto const& step : t.steps) text += to_text(step.event) + to_text(step.state);
  (void)diff(original.initial, t.initial);
}
template <class M>
void exercise(Subject<M> const& subject, std::string const& file, Snapshot<M> const& original) {
  auto const s = subject.load_snapshot(file);
  (void)to_text(s.state);
  (void)diff(original.state, s.state);
  std::vector<typename M::Action> actions;
  subject.model.actions(s.state, actions);
  typename M::State next;
  for (auto const& a : actions) (void)step(subject.model, s.state, a, next);
}
}  // namespace detail

/// Fuzzes the loaders with copies of `req.file`; returns ok when every copy was refused cleanly or handled.
template <class M, class Doc>
int fuzz_document(Subject<M> const& subject, FuzzRequest const& req, Doc const& original) {
  namespace fs = std::filesystem;
  fs::path const dir = fs::temp_directory_path() / ("weft-fuzz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Rng rng = Rng::from_seed(req.seed);
  std::size_t tried = 0, refused = 0, accepted = 0, findings = 0;
  auto const started = std::chrono::steady_clock::now();
  auto const deadline = started + std::chrono::milliseconds(static_cast<long long>(req.seconds * 1000));
  std::string const json = [&] { fs::path f = dir / "o.json"; save_document(f, original, Format::json); return read_file(f); }();
  std::string const binary = [&] { fs::path f = dir / "o.bin"; save_document(f, original, Format::binary); return read_file(f); }();
  while (std::chrono::steady_clock::now() < deadline) {
    bool const as_binary = rng.chance(0.5);
    fs::path const file = dir / (as_binary ? "copy.bin" : "copy.json");
    if (rng.chance(0.5)) save_document(file, detail::edited(original, rng), as_binary ? Format::binary : Format::json);
    else write_file_atomic(file, detail::damage(as_binary ? binary : json, rng));
    ++tried;
    try {
      detail::exercise(subject, file.string(), original);
      ++accepted;
    } catch (Error const&) {
      ++refused;
    } catch (std::exception const& e) {
      ++findings;
      fs::path const kept = dir / ("finding-" + std::to_string(findings) + file.extension().string());
      fs::copy_file(file, kept, fs::copy_options::overwrite_existing);
      std::printf("  finding: %s (kept as %s)\n", e.what(), kept.c_str());
    }
  }
  double const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("fuzzed %s for %.1f s: %zu hostile copies, %zu refused with one error, %zu accepted and handled, %zu findings\n",
              req.file.c_str(), seconds, tried, refused, accepted, findings);
  if (findings == 0) fs::remove_all(dir);
  return findings == 0 ? ok : violation;
}

/// `fuzz`: the trace or snapshot `req.file` names.
template <class M>
int run_fuzz(Subject<M> const& subject, FuzzRequest const& req) {
  if (document_kind(req.file) == "weft-snapshot") return fuzz_document(subject, req, subject.load_snapshot(req.file));
  return fuzz_document(subject, req, subject.load_trace(req.file));
}

}  // namespace weft::cli
