// Counterexamples and witnesses as trace files: any report's paths written down so that the protocol's
// tool replays them (`TOOL replay FILE` rebuilds the model from the trace's protocol and configuration).
// Files are named after the property and the settings that differ from the defaults, so that each bug
// switch gets its own file, and written atomically.
//
//   auto const lock = lock::protocol({.bug_stale_release = true});
//   auto const report = weft::checker::check(lock.model);
//   for (auto const& file : weft::checker::save_traces(lock, report, "traces/")) ...
#pragma once

#include <weft/checker/result.hpp>
#include <weft/protocol.hpp>
#include <weft/trace.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace weft::checker {

/// What a saved trace says of itself: the protocol and configuration it replays on, and how it was found.
struct TraceLabel {
  std::string protocol;                        ///< the protocol's name ("" for a model no tool knows)
  std::map<std::string, std::string> config;   ///< every settings key's value
  std::map<std::string, std::string> defaults; ///< the defaults (the file name lists what differs)
  std::string origin;                          ///< bfs, dfs, random, test...
  std::uint64_t seed = 0;                      ///< the seed of random walks (0 if none)
};

/// The label of a configured model's traces.
template <Model M>
TraceLabel label_of(Configured<M> const& c, std::string origin) {
  return {c.protocol, c.config, c.defaults, std::move(origin), 0};
}

/// Writes property `p`'s path as a trace in `dir` (created if need be); returns the file written.
template <Model M>
std::filesystem::path save_path(M const& model, PropertyResult<M> const& p, TraceLabel const& label,
                                std::filesystem::path const& dir) {
  if (!p.path) throw Error("\"" + p.name + "\" has no path to save");
  bool const witness = p.expectation == Expectation::sometimes;
  auto header = trace_header(label.protocol, label.config, p.name, witness ? expect::witnesses : expect::violates,
                             label.origin, label.seed);
  auto const trace = p.path->has_effects() ? to_trace(model, *p.path, header) : record_trace(model, p.path->initial(), p.path->events, header);
  std::filesystem::create_directories(dir);
  auto const file = dir / trace_file_name(p.name, label.config, label.defaults);
  save_trace(file, trace);
  return file;
}

/// Writes every path of `r` (counterexamples and witnesses) as traces in `dir`: one entry per property of
/// the report, the file written or "" when it has no path.
template <Model M>
std::vector<std::string> save_traces(M const& model, Report<M> const& r, TraceLabel const& label,
                                     std::filesystem::path const& dir) {
  std::vector<std::string> files;
  for (auto const& p : r.properties) files.push_back(p.path ? save_path(model, p, label, dir).string() : "");
  return files;
}

/// The same for a configured model, its traces labelled with its protocol and configuration.
template <Model M>
std::vector<std::string> save_traces(Configured<M> const& c, Report<M> const& r, std::filesystem::path const& dir,
                                     std::string origin = "test") {
  return save_traces(c.model, r, label_of(c, std::move(origin)), dir);
}

}  // namespace weft::checker
