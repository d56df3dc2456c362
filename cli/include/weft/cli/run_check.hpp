// `weft check`: explore a protocol, print progress on stderr and a summary and counterexamples on stdout,
// shrink every invariant violation to a 1-minimal run, save traces and a JSON report; return the exit code.
#pragma once

#include <weft/cli/json_report.hpp>
#include <weft/cli/names.hpp>
#include <weft/cli/property_table.hpp>
#include <weft/cli/request.hpp>

#include <weft/checker/check.hpp>
#include <weft/checker/dot_graph.hpp>
#include <weft/checker/describe.hpp>
#include <weft/checker/traces.hpp>
#include <weft/print.hpp>
#include <weft/snapshot.hpp>
#include <weft/trace.hpp>
#include <weft/validate.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <utility>

namespace weft::cli {

/// The hint a search that looks unbounded earns, or "": the depth kept rising while the frontier stayed flat.
inline std::string unbounded_hint(checker::Stats const& s) {
  if (!checker::looks_unbounded(s)) return "";
  return "looks unbounded: the depth rose for " + std::to_string(s.flat_levels) + " levels while the frontier stayed near " +
         grouped(s.frontier) + " (a counter or a queue that grows for ever? bound it in the model, or use --max-depth)";
}

/// One progress line: the same fields on a terminal (redrawn) and in a log (one line each).
inline std::string progress_line(std::string const& tool, checker::Stats const& s) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f", s.seconds > 0 ? static_cast<double>(s.generated) / s.seconds : 0.0);
  std::string line = tool + ": " + std::to_string(static_cast<long>(s.seconds)) + "s generated " + grouped(s.generated) +
                     " distinct " + grouped(s.distinct) + " frontier " + grouped(s.frontier) + " depth " +
                     std::to_string(s.depth) + " rate " + rate + "/s mem " + std::to_string(s.memory_bytes >> 20) + " MB";
  if (std::string const hint = unbounded_hint(s); !hint.empty()) line += "; " + hint;
  return line;
}

namespace detail {
inline std::string shrunk_line(std::optional<checker::Shrinking> const& s) {
  if (!s || s->before == s->after) return "";
  char line[160];
  std::snprintf(line, sizeof line, "  shrunk from %zu to %zu events in %.2f s (%zu runs tried)%s\n", s->before, s->after,
                s->seconds, s->candidates, s->minimal ? "" : ", stopped by its budget");
  return line;
}

// The summary's coverage line (a class never enabled hints at a vacuous configuration or dead code; in a
// bounded search, only in the part explored), and with --coverage the whole table.
inline void print_coverage(std::vector<checker::ActionCoverage> const& table, bool complete, bool whole) {
  std::size_t enabled = 0, width = 12;
  for (auto const& row : table) {
    enabled += row.enabled > 0;
    width = std::max(width, row.name.size());
  }
  std::string line = "  actions: " + std::to_string(enabled) + " of " + std::to_string(table.size()) + " classes enabled";
  std::string sep = complete ? "; never enabled: " : "; not enabled in the part explored: ";
  for (auto const& name : checker::never_enabled(table)) line += std::exchange(sep, ", ") + name;
  std::printf("%s\n", line.c_str());
  if (!whole) return;
  std::printf("    %-*s %15s %15s %15s\n", static_cast<int>(width), "action", "enabled", "taken", "new states");
  for (auto const& row : table)
    std::printf("    %-*s %15s %15s %15s\n", static_cast<int>(width), row.name.c_str(), grouped(row.enabled).c_str(),
                grouped(row.taken).c_str(), grouped(row.fresh).c_str());
}

inline checker::TraceLabel trace_label(CheckRequest const& req) {
  std::string origin = to_string(req.options.strategy);
  if (req.options.timed) origin += ", timed";
  if (!req.from.empty()) origin += " from " + req.from;
  return {req.protocol, req.config, req.defaults, origin,
          req.options.strategy == checker::Strategy::random ? req.options.seed : 0};
}
}  // namespace detail

/// Explores `model` as `req` asks (from `start` when given); prints and writes the results; returns the
/// exit code.
template <class M>
int run_check(M const& model, CheckRequest const& req, std::vector<typename M::State> start = {}) {
  // In a distributed search rank 0 speaks for the cluster: the others print nothing and write no files.
  bool const lead = !req.options.cluster || req.options.cluster->rank() == 0;
  bool const tty = ::isatty(2);
  checker::ProgressFn progress;
  if (lead)
    progress = [tty, &req](checker::Stats const& s) {
      std::fprintf(stderr, tty ? "\r%s\033[K" : "%s\n", progress_line(req.tool, s).c_str());
    };
  if (!req.dump_graph.empty() && lead) {
    auto const graph = checker::dot_graph(model, req.options, start);
    write_file_atomic(req.dump_graph, graph.text);
    std::printf("state graph: %zu states, %zu edges written to %s\n", graph.states, graph.edges, req.dump_graph.c_str());
  }
  auto report = checker::check(model, req.options, progress, req.checkpoints, std::move(start));
  if (tty) std::fprintf(stderr, "\r\033[K");

  auto const& s = report.stats;
  std::string const workers = s.ranks.size() > 1 ? std::to_string(s.ranks.size()) + " ranks"
                              : std::to_string(req.options.threads) + (req.options.threads == 1 ? " thread" : " threads");
  std::printf("%s check %s: %s%s, %s\n", req.tool.c_str(), req.protocol.c_str(), to_string(req.options.strategy),
              req.options.timed ? " (timed network)" : "", workers.c_str());
  std::printf("  %s states generated, %s distinct, depth %llu, %.2f s (%.0f generated/s), peak %llu MB\n",
              grouped(s.generated).c_str(), grouped(s.distinct).c_str(), static_cast<unsigned long long>(s.depth),
              s.seconds, s.seconds > 0 ? static_cast<double>(s.generated) / s.seconds : 0.0,
              static_cast<unsigned long long>(s.peak_memory_bytes >> 20));
  std::string const coverage = report.complete() ? "complete: every reachable state explored"
                               : report.bound == checker::Bound::violation
                                   ? "stopped at the first violation (--keep-going explores on)"
                                   : "incomplete: bounded by " + std::string(to_string(report.bound));
  if (s.lossy.empty())
    std::printf("  %s; fingerprint collision probability %.1e%s\n", coverage.c_str(), report.collision_probability(),
                s.fingerprint_bits == 128 ? " (128-bit)" : "");
  else
    std::printf("  %s\n  %s in %llu MB (hash factor %.1f): about %.3g states omitted, coverage %.6f%%\n", coverage.c_str(),
                s.lossy.c_str(), static_cast<unsigned long long>(s.visited_bytes >> 20), s.hash_factor,
                s.expected_omissions, 100 * report.coverage());
  detail::print_coverage(report.actions, report.complete(), req.coverage);
  if (s.spilled_bytes)
    std::printf("  frontier: %.1f MB written to disk past --frontier-memory\n", static_cast<double>(s.spilled_bytes) / (1 << 20));
  if (std::string const hint = unbounded_hint(s); !hint.empty() && !report.complete()) std::printf("  %s\n", hint.c_str());
  if (s.graph_states)
    std::printf("  liveness graph: %s states, %s edges, %llu MB (%llu bytes a state), %.2f s\n", grouped(s.graph_states).c_str(),
                grouped(s.graph_edges).c_str(), static_cast<unsigned long long>(s.graph_bytes >> 20),
                static_cast<unsigned long long>(s.graph_bytes / s.graph_states), s.graph_seconds);
  if (s.part_bytes) std::printf("  part tables: %.2f MB (distinct node records, messages, rests)\n", static_cast<double>(s.part_bytes) / (1 << 20));
  if (double const busy = (s.seconds - s.graph_seconds) * req.options.threads; req.options.threads > 1 && busy > 0)
    std::printf("  threads waited %.2f s at level ends (%.0f%% of their time)\n", s.wait_seconds, 100 * s.wait_seconds / busy);
  for (std::size_t i = 0; i < s.ranks.size(); ++i)
    std::printf("  rank %zu: %s states, %s generated, sent %.1f MB, idle %.2f s at level ends, peak %llu MB\n", i,
                grouped(s.ranks[i].distinct).c_str(), grouped(s.ranks[i].generated).c_str(),
                static_cast<double>(s.ranks[i].bytes_sent) / (1 << 20), s.ranks[i].idle_seconds,
                static_cast<unsigned long long>(s.ranks[i].peak_memory_bytes >> 20));
  std::vector<std::string> trace_files;
  int const width = kind_width(report.properties);
  for (auto& p : report.properties) {
    print_property_line(width, p.expectation, p.name, to_string(p.verdict));
    std::string const shrunk = detail::shrunk_line(p.shrunk);
    std::string file;
    if (p.path && p.verdict == checker::Verdict::fails) {
      std::printf("  counterexample (%zu steps):\n%s", p.path->events.size(), shrunk.c_str());
      std::printf("%s", checker::describe(*p.path).c_str());
      for (auto const& note : p.notes) std::printf("      %s\n", note.c_str());
    }
    if (p.path && !req.trace_dir.empty() && lead) file = checker::save_path(model, p, detail::trace_label(req), req.trace_dir).string();
    if (!file.empty()) std::printf("  trace: %s   (%s replay %s)\n", file.c_str(), req.tool.c_str(), file.c_str());
    trace_files.push_back(file);
  }
  if (!req.report_path.empty() && lead) write_file_atomic(req.report_path, json_report(req, report, trace_files));
  if (report.violated()) return violation;
  return report.complete() ? ok : incomplete;
}

/// `weft check --from SNAPSHOT`: the same search, from the snapshot's state.
template <class M>
int run_check_from(M const& model, CheckRequest const& req) {
  auto const snap = load_snapshot<M>(req.from);  // the protocol was taken from its header
  check_snapshot(model, snap, req.from);
  std::printf("exploring from %s (%s)\n", req.from.c_str(), snap.header.source.c_str());
  return run_check(model, req, {snap.state});
}

}  // namespace weft::cli
