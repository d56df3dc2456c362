// The end of a distributed breadth-first search: what the ranks found is made one report, the same on
// every rank. Of each property's findings the shallowest wins (the lowest rank among equals), so a
// counterexample is as short as a single process's; its path is rebuilt by walking the parent links
// back, each step asked of the rank that owns the state (parent links stay with their owner), then
// replayed like any path. Counts are summed, and each rank's own figures kept. (A swarm of random walks
// across ranks shares its findings itself: random_walk.hpp.)
#pragma once

#include <weft/checker/bfs.hpp>
#include <weft/checker/memory.hpp>
#include <weft/checker/cluster.hpp>
#include <weft/checker/parent_log.hpp>
#include <weft/checker/search.hpp>

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

namespace weft::checker {

/// The chain of fingerprints from an initial state to `fp` (found at `depth`), each parent asked of the
/// rank that owns its child. Collective.
template <Model M>
std::vector<Fingerprint> chain_across(SearchCore<M> const& core, ParentLog const& log, Fingerprint fp, std::size_t depth) {
  std::vector<Fingerprint> chain{fp};
  for (std::size_t d = depth; d > 1; --d) {
    unsigned const owner = static_cast<unsigned>(FingerprintSet::shard_of(fp) % core.ranks());
    Fingerprint const mine = owner == core.rank() ? log.parent_of(fp, d) : 0;
    fp = gather(*core.options.cluster, mine).at(owner);
    chain.push_back(fp);
  }
  return {chain.rbegin(), chain.rend()};
}

/// Makes every rank's findings the cluster's: per property, the shallowest finding of any rank. Collective.
template <Model M>
void merge_findings(SearchCore<M>& core) {
  struct Found {
    std::uint64_t depth, fp;
  };
  for (std::size_t i = 0; i < core.properties.size(); ++i) {
    auto const& f = core.findings[i];
    Found const mine{f ? f->depth : std::numeric_limits<std::uint64_t>::max(), f ? f->fp : 0};
    auto const all = gather(*core.options.cluster, mine);
    auto const best = std::min_element(all.begin(), all.end(), [](Found a, Found b) { return a.depth < b.depth; });
    if (best->depth == std::numeric_limits<std::uint64_t>::max()) core.findings[i].reset();
    else core.findings[i] = typename SearchCore<M>::Finding{best->fp, best->depth, std::nullopt};
  }
}

/// The cluster's totals in `stats` (the deepest level any rank reached), and each rank's own figures;
/// `traffic`: this rank's bytes sent and idle time. Collective.
template <Model M>
void merge_stats(SearchCore<M>& core, std::pair<std::uint64_t, double> traffic, Stats& stats) {
  struct Summary {  // one collective: each rank's figures, its depth and its visited set's (which add up)
    RankStats rank;
    std::uint64_t depth;
    double omissions, units;
    std::uint64_t bytes;
  };
  Summary mine{};
  mine.rank.distinct = core.visited.size();
  mine.rank.generated = core.generated.load();
  std::tie(mine.rank.bytes_sent, mine.rank.idle_seconds) = traffic;
  mine.rank.peak_memory_bytes = peak_resident_bytes();
  mine.depth = core.depth.load();
  mine.omissions = stats.expected_omissions;
  mine.units = stats.hash_factor * static_cast<double>(mine.rank.distinct);
  mine.bytes = stats.visited_bytes;
  auto const all = gather(*core.options.cluster, mine);
  stats.ranks.clear();
  stats.distinct = stats.generated = stats.visited_bytes = 0;
  stats.expected_omissions = 0;
  double units = 0;
  for (auto const& r : all) {
    stats.ranks.push_back(r.rank);
    stats.distinct += r.rank.distinct;
    stats.generated += r.rank.generated;
    stats.depth = std::max<std::uint64_t>(stats.depth, r.depth);
    stats.visited_bytes += r.bytes;
    stats.expected_omissions += r.omissions;
    units += r.units;
  }
  if (!core.visited.lossy()) return;
  stats.hash_factor = stats.distinct ? units / static_cast<double>(stats.distinct) : 0;
}

/// The cluster's coverage on every rank: each rank's counts added up. Collective.
template <Model M>
void merge_coverage(SearchCore<M>& core) {
  std::vector<CoverageRow> total(core.coverage.classes());
  for (auto const& rows : gather(*core.options.cluster, core.coverage.rows())) {
    if (rows.size() != total.size()) throw Error("the ranks disagree on the model's actions: do all run the same model?");
    for (std::size_t i = 0; i < total.size(); ++i) total[i] += rows[i];
  }
  core.coverage.set(std::move(total));
}

/// Rank 0 judged the temporal properties (alone: the graph is built in one process); the others take its
/// verdicts, so that every rank's report and exit code agree. Collective.
template <Model M>
void share_temporal_verdicts(SearchCore<M>& core, Report<M>& r) {
  std::vector<std::uint8_t> verdicts;
  for (auto const& p : r.properties) verdicts.push_back(static_cast<std::uint8_t>(p.verdict));
  auto const from_zero = gather(*core.options.cluster, verdicts).at(0);
  for (std::size_t i = 0; i < r.properties.size() && i < from_zero.size(); ++i)
    if (is_temporal(r.properties[i].expectation)) r.properties[i].verdict = static_cast<Verdict>(from_zero[i]);
}

}  // namespace weft::checker
