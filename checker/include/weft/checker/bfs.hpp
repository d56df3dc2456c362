// Breadth-first search, level by level: each level's states are split among the worker threads in
// chunks; each worker expands its chunk into a private part of the next level. The first violation is
// found at the least depth, so its path is a shortest counterexample.
#pragma once

#include <weft/checker/parent_log.hpp>
#include <weft/checker/search.hpp>

#include <algorithm>
#include <thread>
#include <vector>

namespace weft::checker {

/// A state waiting in the frontier, with the key it was stored under.
template <class State>
struct Entry {
  State state;      ///< the state
  Fingerprint key;  ///< its fingerprint (of its representative, under symmetry)
};

/// One BFS level to expand and where its successors go.
template <Model M>
class BreadthFirst {
 public:
  using State = typename M::State;

  BreadthFirst(SearchCore<M>& core, ParentLog& log) : core_(core), log_(log) {}

  /// Seeds the first level with the model's initial states.
  void seed() {
    std::vector<ParentLink> links;
    for (auto& s : core_.model.init_states()) {
      core_.generated.fetch_add(1, std::memory_order_relaxed);
      Fingerprint const k = core_.key(s);
      if (!core_.visited.insert(k)) continue;
      links.push_back({k, 0});
      core_.check(s, k, 1, [] { return std::nullopt; });
      level_.push_back({std::move(s), k});
    }
    log_.append(1, links);
    depth_ = 1;
    core_.depth = 1;
  }

  /// Resumes from a saved frontier at `depth`.
  void resume(std::vector<Entry<State>> level, std::size_t depth) {
    level_ = std::move(level);
    depth_ = depth;
    core_.depth = level_.empty() ? depth - 1 : depth;  // a finished search's frontier is one past its last level
  }

  /// Expands levels until the frontier is empty, a budget is spent or `pause()` says to stop between
  /// levels (used for checkpoints). Returns true when the space is exhausted.
  template <class Pause>
  bool run(Pause&& pause) {
    while (!level_.empty() && !core_.stop.load()) {
      if (depth_ >= core_.options.max_depth) {
        core_.halt(Bound::depth);
        break;
      }
      expand_level();
      if (core_.stop.load()) break;
      pause(level_, depth_);
    }
    return level_.empty() && core_.bound.load() == static_cast<int>(Bound::none);
  }

  /// The current frontier (for checkpoints).
  std::vector<Entry<State>> const& level() const { return level_; }
  /// The depth of the current frontier.
  std::size_t depth() const { return depth_; }
  /// False when the last level was cut short, so the frontier and the visited set disagree.
  bool level_complete() const { return level_complete_; }

 private:
  struct Part {
    std::vector<Entry<State>> next;
    std::vector<ParentLink> links;
  };

  void expand_level() {
    core_.check_clock();
    if (core_.stop.load()) return;
    core_.frontier = level_.size();
    unsigned const threads = std::max(1u, std::min<unsigned>(core_.options.threads, (level_.size() + 255) / 256));
    std::vector<Part> parts(threads);
    std::atomic<std::size_t> cursor{0}, processed{0};
    auto work = [&](Part& part) { processed += expand_chunks(cursor, part); };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, std::ref(parts[t]));
    work(parts[0]);
    for (auto& t : pool) t.join();
    level_complete_ = processed.load() == level_.size();
    ++depth_;
    std::vector<ParentLink> links;
    std::size_t total = 0;
    for (auto& p : parts) total += p.next.size();
    level_.clear();
    level_.shrink_to_fit();
    level_.reserve(total);
    for (auto& p : parts) {
      std::move(p.next.begin(), p.next.end(), std::back_inserter(level_));
      links.insert(links.end(), p.links.begin(), p.links.end());
      p = Part{};
    }
    log_.append(depth_, links);
    if (!level_.empty() && !core_.stop.load()) core_.depth = depth_;  // the deepest level that holds states
    core_.frontier = level_.size();
  }

  // Returns how many states of the level it expanded.
  std::size_t expand_chunks(std::atomic<std::size_t>& cursor, Part& part) {
    constexpr std::size_t chunk = 256;
    std::size_t processed = 0;
    std::vector<typename M::Action> actions;
    std::uint64_t generated = 0;
    for (;;) {
      std::size_t const begin = cursor.fetch_add(chunk);
      if (begin >= level_.size() || core_.stop.load(std::memory_order_relaxed)) break;
      std::size_t const end = std::min(begin + chunk, level_.size());
      for (std::size_t i = begin; i < end; ++i) generated += expand(level_[i], actions, part);
      processed += end - begin;
      core_.generated.fetch_add(generated, std::memory_order_relaxed);
      generated = 0;
      if (core_.states_exhausted()) core_.halt(Bound::states);
      core_.check_clock();
    }
    return processed;
  }

  std::uint64_t expand(Entry<State> const& from, std::vector<typename M::Action>& actions, Part& part) {
    actions.clear();
    core_.model.actions(from.state, actions);
    std::uint64_t generated = 0;
    for (auto const& a : actions) {
      auto next = core_.model.next_state(from.state, a);
      if (!next) continue;
      ++generated;
      Fingerprint const k = core_.key(*next);
      if (!core_.visited.insert(k)) continue;
      part.links.push_back({k, from.key});
      core_.check(*next, k, depth_ + 1, [] { return std::nullopt; });
      part.next.push_back({std::move(*next), k});
    }
    return generated;
  }

  SearchCore<M>& core_;
  ParentLog& log_;
  std::vector<Entry<State>> level_;
  std::size_t depth_ = 0;
  bool level_complete_ = true;
};

}  // namespace weft::checker
