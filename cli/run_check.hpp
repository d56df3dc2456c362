// Runs a check for the command line: live progress on stderr, a summary and counterexamples on stdout,
// an optional JSON report and trace files, and the exit code.
#pragma once

#include "json_report.hpp"
#include "request.hpp"

#include <weft/checker/check.hpp>
#include <weft/file.hpp>
#include <weft/print.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace weft::cli {

/// Thousands separators for counts.
inline std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// One progress line: the same fields on a terminal (redrawn) and in a log (one line each).
inline std::string progress_line(checker::Stats const& s) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f", s.seconds > 0 ? static_cast<double>(s.generated) / s.seconds : 0.0);
  return "weft: " + std::to_string(static_cast<long>(s.seconds)) + "s generated " + grouped(s.generated) +
         " distinct " + grouped(s.distinct) + " frontier " + grouped(s.frontier) + " depth " +
         std::to_string(s.depth) + " rate " + rate + "/s mem " + std::to_string(s.memory_bytes >> 20) + " MB";
}

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

template <class M>
std::string save_trace(CheckRequest const& req, checker::PropertyResult<M> const& p) {
  std::filesystem::create_directories(req.trace_dir);
  std::string name;
  for (char c : p.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  auto const file = std::filesystem::path(req.trace_dir) / (req.protocol + "." + name + ".json");
  PathFile<M> out{req.protocol, req.config, p.name, to_string(p.expectation), to_string(p.verdict),
                  p.path->actions, p.path->states};
  write_file_atomic(file, to_json(out, "trace"));
  return file.string();
}

/// Explores `model` as `req` asks; prints and writes the results; returns the exit code.
template <class M>
int run_check(M const& model, CheckRequest const& req) {
  bool const tty = ::isatty(2);
  auto progress = [tty](checker::Stats const& s) {
    std::fprintf(stderr, tty ? "\r%s\033[K" : "%s\n", progress_line(s).c_str());
  };
  auto report = checker::check(model, req.options, progress, req.checkpoints);
  if (tty) std::fprintf(stderr, "\r\033[K");

  auto const& s = report.stats;
  std::printf("weft check %s: %s, %u thread%s\n", req.protocol.c_str(), to_string(req.options.strategy),
              req.options.threads, req.options.threads == 1 ? "" : "s");
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
  for (auto const& p : report.properties) {
    std::printf("  %-10s %-40s %s\n", to_string(p.expectation), ("\"" + p.name + "\"").c_str(), to_string(p.verdict));
    std::string file;
    if (p.path && p.verdict == checker::Verdict::fails) {
      std::printf("  counterexample (%zu steps):\n", p.path->actions.size());
      print_path(*p.path);
    }
    if (p.path && !req.trace_dir.empty()) file = save_trace(req, p);
    trace_files.push_back(file);
  }
  if (!req.report_path.empty()) write_file_atomic(req.report_path, json_report(req, report, trace_files));
  if (report.violated()) return violation;
  return report.complete() ? ok : incomplete;
}

}  // namespace weft::cli
