// The JSON report of a check, for nightly jobs: written by cereal from plain reflected structs.
#pragma once

#include <weft/cli/request.hpp>

#include <weft/checker/result.hpp>
#include <weft/serialize.hpp>

#include <map>
#include <string>
#include <vector>

namespace weft::cli {

/// One property's line in the report.
struct PropertyLine {
  BOOST_HANA_DEFINE_STRUCT(PropertyLine,
    (std::string, name), (std::string, expectation), (std::string, verdict),
    (std::size_t, path_length), (std::string, trace_file));
};

/// One action class's line in the report: how often it was enabled and taken, and the new states it found.
struct ActionLine {
  BOOST_HANA_DEFINE_STRUCT(ActionLine,
    (std::string, name), (std::uint64_t, enabled), (std::uint64_t, taken), (std::uint64_t, new_states));
};

/// One rank's figures in the report of a distributed check.
struct RankLine {
  BOOST_HANA_DEFINE_STRUCT(RankLine,
    (std::uint64_t, distinct), (std::uint64_t, generated), (std::uint64_t, bytes_sent), (double, idle_seconds),
    (std::uint64_t, peak_memory_bytes));
};

/// The report of one `check`. Rates count what they say: states generated (initial states and every
/// successor computed) and distinct states, per second of wall time; memory is the process's peak.
struct ReportFile {
  BOOST_HANA_DEFINE_STRUCT(ReportFile,
    (std::string, protocol), (std::map<std::string, std::string>, config), (std::string, strategy),
    (unsigned, threads), (bool, complete), (std::string, bounded_by), (std::uint64_t, generated),
    (std::uint64_t, distinct), (std::uint64_t, depth), (double, seconds), (double, generated_per_second),
    (double, distinct_per_second), (std::uint64_t, peak_memory_bytes), (unsigned, fingerprint_bits),
    (double, collision_probability), (bool, looks_unbounded), (std::uint64_t, graph_states), (std::uint64_t, graph_edges), (std::uint64_t, graph_bytes),
    (double, graph_seconds), (double, wait_seconds), (std::uint64_t, part_bytes), (std::vector<PropertyLine>, properties),
    (std::vector<RankLine>, ranks), (std::uint64_t, spilled_bytes), (std::string, lossy), (std::uint64_t, visited_bytes),
    (double, hash_factor), (double, expected_omissions), (double, coverage), (std::vector<ActionLine>, actions),
    (std::vector<std::string>, never_enabled));
};

/// The report as JSON text.
template <class M>
std::string json_report(CheckRequest const& req, checker::Report<M> const& r, std::vector<std::string> const& files) {
  auto per_second = [&](std::uint64_t n) { return r.stats.seconds > 0 ? static_cast<double>(n) / r.stats.seconds : 0.0; };
  ReportFile out{req.protocol, req.config, to_string(req.options.strategy), req.options.threads, r.complete(),
                 to_string(r.bound), r.stats.generated, r.stats.distinct, r.stats.depth, r.stats.seconds,
                 per_second(r.stats.generated), per_second(r.stats.distinct), r.stats.peak_memory_bytes,
                 r.stats.fingerprint_bits, r.collision_probability(), !r.complete() && checker::looks_unbounded(r.stats), r.stats.graph_states,
                 r.stats.graph_edges, r.stats.graph_bytes, r.stats.graph_seconds, r.stats.wait_seconds, r.stats.part_bytes, {}, {},
                 r.stats.spilled_bytes, r.stats.lossy, r.stats.visited_bytes, r.stats.hash_factor,
                 r.stats.expected_omissions, r.coverage(), {}, checker::never_enabled(r.actions)};
  for (auto const& a : r.actions) out.actions.push_back({a.name, a.enabled, a.taken, a.fresh});
  for (auto const& k : r.stats.ranks)
    out.ranks.push_back({k.distinct, k.generated, k.bytes_sent, k.idle_seconds, k.peak_memory_bytes});
  for (std::size_t i = 0; i < r.properties.size(); ++i) {
    auto const& p = r.properties[i];
    out.properties.push_back({p.name, to_string(p.expectation), to_string(p.verdict),
                              p.path ? p.path->events.size() : 0, files.at(i)});
  }
  return to_json(out, "report");
}

}  // namespace weft::cli
