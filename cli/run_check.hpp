// `weft check`: explore a protocol, print progress on stderr and a summary and counterexamples on stdout,
// shrink every invariant violation to a 1-minimal run, save traces and a JSON report; return the exit code.
#pragma once

#include "json_report.hpp"
#include "names.hpp"
#include "request.hpp"

#include <weft/checker/check.hpp>
#include <weft/print.hpp>
#include <weft/shrinker/shrink.hpp>
#include <weft/snapshot.hpp>
#include <weft/trace.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace weft::cli {

/// One progress line: the same fields on a terminal (redrawn) and in a log (one line each).
inline std::string progress_line(checker::Stats const& s) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f", s.seconds > 0 ? static_cast<double>(s.generated) / s.seconds : 0.0);
  return "weft: " + std::to_string(static_cast<long>(s.seconds)) + "s generated " + grouped(s.generated) +
         " distinct " + grouped(s.distinct) + " frontier " + grouped(s.frontier) + " depth " +
         std::to_string(s.depth) + " rate " + rate + "/s mem " + std::to_string(s.memory_bytes >> 20) + " MB";
}

/// A path as numbered lines, then its last state.
template <class M>
void print_path(checker::Path<M> const& path) {
  std::printf("    0  initial state\n");
  for (std::size_t i = 0; i < path.actions.size(); ++i) {
    bool const loops = path.loop_start && i + 1 == path.actions.size();
    std::printf("  %3zu  %s%s\n", i + 1, to_text(path.actions[i]).c_str(),
                loops ? ("   (back to step " + std::to_string(*path.loop_start) + ": the cycle repeats)").c_str() : "");
  }
  if (path.dead_end) std::printf("       (dead end: no event is enabled)\n");
  std::printf("  final state: %s\n", to_text(path.states.back()).c_str());
}

namespace detail {
// Replaces an invariant violation's path by its shrunk run (BFS paths are already shortest; random walks
// are not). Returns a line saying what shrinking did, or "".
template <class M>
std::string shrink_path(M const& model, checker::PropertyResult<M>& p) {
  if (!p.path || p.verdict != checker::Verdict::fails || p.expectation != Expectation::always) return "";
  auto const shrunk = shrinker::shrink(model, p.path->states.at(0), p.path->actions, p.name);
  checker::Path<M> path;
  path.states.push_back(p.path->states.at(0));
  for (auto const& a : shrunk.events) {
    path.states.push_back(*model.next_state(path.states.back(), a));
    path.actions.push_back(a);
  }
  char line[160];
  std::snprintf(line, sizeof line, "  shrunk from %zu to %zu events in %.2f s (%zu runs tried)%s\n", shrunk.before,
                shrunk.events.size(), shrunk.seconds, shrunk.candidates, shrunk.minimal ? "" : ", stopped by its budget");
  p.path = std::move(path);
  return shrunk.before == shrunk.events.size() ? "" : line;
}

template <class M>
std::string save_trace(M const& model, CheckRequest const& req, checker::PropertyResult<M> const& p) {
  std::filesystem::create_directories(req.trace_dir);
  bool const witness = p.expectation == Expectation::sometimes;
  std::string origin = to_string(req.options.strategy);
  if (req.options.timed) origin += ", timed";
  if (!req.from.empty()) origin += " from " + req.from;
  auto header = trace_header(req.protocol, req.config, p.name, witness ? expect::witnesses : expect::violates, origin,
                             req.options.strategy == checker::Strategy::random ? req.options.seed : 0);
  if (p.path->loop_start) header.loop_start = *p.path->loop_start;
  header.dead_end = p.path->dead_end;
  auto const trace = record_trace(model, p.path->states.at(0), p.path->actions, header);
  auto const file = std::filesystem::path(req.trace_dir) / trace_file_name(p.name, req.config, req.defaults);
  weft::save_trace(file, trace);
  return file.string();
}
}  // namespace detail

/// Explores `model` as `req` asks (from `start` when given); prints and writes the results; returns the
/// exit code.
template <class M>
int run_check(M const& model, CheckRequest const& req, std::vector<typename M::State> start = {}) {
  bool const tty = ::isatty(2);
  auto progress = [tty](checker::Stats const& s) {
    std::fprintf(stderr, tty ? "\r%s\033[K" : "%s\n", progress_line(s).c_str());
  };
  auto report = checker::check(model, req.options, progress, req.checkpoints, std::move(start));
  if (tty) std::fprintf(stderr, "\r\033[K");

  auto const& s = report.stats;
  std::printf("weft check %s: %s%s, %u thread%s\n", req.protocol.c_str(), to_string(req.options.strategy),
              req.options.timed ? " (timed network)" : "", req.options.threads, req.options.threads == 1 ? "" : "s");
  std::printf("  %s states generated, %s distinct, depth %llu, %.2f s (%.0f states/s), %llu MB\n",
              grouped(s.generated).c_str(), grouped(s.distinct).c_str(), static_cast<unsigned long long>(s.depth),
              s.seconds, s.seconds > 0 ? static_cast<double>(s.generated) / s.seconds : 0.0,
              static_cast<unsigned long long>(s.memory_bytes >> 20));
  std::string const coverage = report.complete() ? "complete: every reachable state explored"
                               : report.bound == checker::Bound::violation
                                   ? "stopped at the first violation (--keep-going explores on)"
                                   : "incomplete: bounded by " + std::string(to_string(report.bound));
  std::printf("  %s; fingerprint collision probability %.1e\n", coverage.c_str(), report.collision_probability());
  std::vector<std::string> trace_files;
  for (auto& p : report.properties) {
    std::printf("  %-10s %-40s %s\n", to_string(p.expectation), ("\"" + p.name + "\"").c_str(), to_string(p.verdict));
    std::string const shrunk = detail::shrink_path(model, p);
    std::string file;
    if (p.path && p.verdict == checker::Verdict::fails) {
      std::printf("  counterexample (%zu steps):\n%s", p.path->actions.size(), shrunk.c_str());
      print_path(*p.path);
    }
    if (p.path && !req.trace_dir.empty()) file = detail::save_trace(model, req, p);
    if (!file.empty()) std::printf("  trace: %s   (weft replay %s)\n", file.c_str(), file.c_str());
    trace_files.push_back(file);
  }
  if (!req.report_path.empty()) write_file_atomic(req.report_path, json_report(req, report, trace_files));
  if (report.violated()) return violation;
  return report.complete() ? ok : incomplete;
}

/// `weft check --from SNAPSHOT`: the same search, from the snapshot's state.
template <class M>
int run_check_from(M const& model, CheckRequest const& req) {
  auto const snap = load_snapshot<M>(req.from);
  std::printf("exploring from %s (%s)\n", req.from.c_str(), snap.header.source.c_str());
  return run_check(model, req, {snap.state});
}

}  // namespace weft::cli
