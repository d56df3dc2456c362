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

// A copy of document `doc` with its initial state (stored in it, then) or one event edited; the initial
// state's recorded fingerprint is made to match, so that only validation can refuse it.
template <class M>
Trace<M> edited(M const& m, Trace<M> t, Rng& rng) {
  if (t.steps.empty() || rng.chance(0.5)) {
    auto s = start_of(m, t);
    weft::testing::mutate(s, rng);
    t.initial_fingerprint = to_hex(fingerprint(s));
    t.initial = std::move(s);
  } else {
    weft::testing::mutate(t.steps[rng.below(t.steps.size())].event, rng);
  }
  return t;
}
template <class M>
Snapshot<M> edited(M const&, Snapshot<M> s, Rng& rng) {
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
  std::string text = to_text(start_of(subject.model, t));
  for (auto const& step : t.steps) text += to_text(step.event);
  (void)diff(start_of(subject.model, original), start_of(subject.model, t));
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
    if (rng.chance(0.5)) save_document(file, detail::edited(subject.model, original, rng), as_binary ? Format::binary : Format::json);
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
