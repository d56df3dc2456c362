// Breadth-first search, level by level. The workers share each level's frontier block by block; each
// successor is admitted by the worker that owns its shard of the visited set (see bfs_worker.hpp). The
// first violation is found at the least depth, so its path is a shortest counterexample.
// Over a cluster (cluster.hpp) each rank runs this same loop on its own shards, in lockstep: every level
// ends with a collective step (agree) after which all ranks hold the same frontier size, stop flag and
// bound, so they take the same decisions.
#pragma once

#include <weft/checker/bfs_worker.hpp>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace weft::checker {

/// The levels of a breadth-first search and the workers that expand them.
template <Model M>
class BreadthFirst {
 public:
  using State = typename M::State;

  BreadthFirst(SearchCore<M>& core, ParentLog& log)
      : core_(core), log_(log), mailboxes_(std::max(1u, core.options.threads)) {
    if (distributed(core.options.cluster)) exchange_.emplace(*core.options.cluster);
    for (unsigned w = 0; w < mailboxes_.size(); ++w)
      workers_.push_back(std::make_unique<BfsWorker<M>>(core_, log_, mailboxes_, w, exchange_ ? &*exchange_ : nullptr));
  }

  /// Seeds the first level with the model's initial states.
  void seed() {
    std::vector<ParentLink> links;
    ByteBuffer key;
    typename Codec<M>::Workspace ws;
    for (auto const& s : core_.initial) {
      if (core_.rank() == 0) core_.generated.fetch_add(1, std::memory_order_relaxed);  // counted once in a cluster
      key.clear();
      Key const k = core_.codec.store(ws, s, key);
      if (FingerprintSet::shard_of(k.fp) % core_.ranks() != core_.rank()) continue;  // another rank's
      if (!core_.visited.insert(k)) continue;  // one thread: it owns every shard for now
      links.push_back({k.fp, 0});
      core_.check(s, k.fp, 1, [] { return std::nullopt; });
      level_.push(key.view());
    }
    log_.append(1, links);
    depth_ = 1;
    core_.depth = 1;
    agree();
  }

  /// Resumes from a saved frontier at `depth`.
  void resume(Frontier level, std::size_t depth) {
    level_ = std::move(level);
    depth_ = depth;
    agree();
    core_.depth = global_frontier_ == 0 ? depth - 1 : depth;  // a finished search's frontier is one past its last level
  }

  /// Expands levels until the frontier is empty, a budget is spent or `pause()` says to stop between
  /// levels (used for checkpoints). Returns true when the space is exhausted.
  template <class Pause>
  bool run(Pause&& pause) {
    while (global_frontier_ > 0 && !agreed_stop_) {
      if (depth_ >= core_.options.max_depth) {
        halt(Bound::depth);
        break;
      }
      expand_level();
      if (core_.states_exhausted() && global_frontier_ > 0) halt(Bound::states);
      if (agreed_stop_) break;
      pause(level_, depth_);
    }
    core_.bound.store(agreed_bound_);  // not a bound one rank's monitor met after the last level end
    return global_frontier_ == 0 && agreed_bound_ == static_cast<int>(Bound::none);
  }

  /// Bytes this rank sent to others, and its time waiting at level ends (distributed searches).
  std::pair<std::uint64_t, double> traffic() const {
    return exchange_ ? std::pair{exchange_->bytes_sent(), exchange_->idle_seconds()} : std::pair{std::uint64_t{0}, 0.0};
  }

  /// The current frontier (for checkpoints).
  Frontier const& level() const { return level_; }
  /// The depth of the current frontier.
  std::size_t depth() const { return depth_; }
  /// False when the last level was cut short, so the frontier and the visited set disagree.
  bool level_complete() const { return level_complete_; }

 private:
  void expand_level() {
    core_.check_clock();
    if (core_.stop.load() && !exchange_) return agree();  // the ranks of a cluster end each level together
    std::size_t const size = level_.size();
    core_.frontier = size;
    Level level;
    level.current = &level_;
    level.depth = depth_;
    std::vector<std::exception_ptr> errors(workers_.size());
    auto work = [&](std::size_t w) {
      try {
        workers_[w]->run(level);
      } catch (...) {
        errors[w] = std::current_exception();  // a model that throws (a bad send, say) ends the search
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers_.size(); ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    std::size_t processed = 0;
    Frontier next;
    for (auto& w : workers_) {
      processed += w->processed();
      next.splice(w->take_next());
    }
    core_.spilled_bytes.fetch_add(next.spilled_bytes(), std::memory_order_relaxed);
    level_complete_ = processed == size;
    level_ = std::move(next);
    ++depth_;
    agree();
    if (global_frontier_ > 0 && !agreed_stop_) core_.depth = depth_;  // the deepest level that holds states
    if (level_complete_) core_.note_level(global_frontier_);  // a level cut short by a stop says nothing of growth
  }

  // A stop every rank decides alike, from agreed figures.
  void halt(Bound why) {
    core_.halt(why);
    agreed_stop_ = true;
    if (agreed_bound_ == static_cast<int>(Bound::none)) agreed_bound_ = static_cast<int>(why);
  }

  // Makes the ranks' view one at a level end: the frontier's size, whether to stop and why, whether the
  // level was complete, and the others' counts (for progress and the state budget). Alone, it only notes
  // the frontier's size and the stop. The loop decides on these agreed values alone: the live flag may
  // flip on one rank just after (its monitor's clock or memory bound), and a rank that left the loop on
  // it would leave the others waiting at the next level end; the workers still see the live flag, so
  // that level is cut short on that rank and the next agree stops them all.
  void agree() {
    global_frontier_ = level_.size();
    agreed_stop_ = core_.stop.load();
    agreed_bound_ = core_.bound.load();
    if (exchange_) {
      struct Summary {
        std::uint64_t frontier, distinct, generated;
        std::int32_t bound;
        std::uint8_t stop, complete;
      };
      Summary mine{};
      mine = {level_.size(), core_.visited.size(), core_.generated.load(), core_.bound.load(), core_.stop.load(),
              level_complete_};
      std::uint64_t distinct = 0, generated = 0;
      int bound = static_cast<int>(Bound::none);
      bool stop = false, complete = true;
      global_frontier_ = 0;
      for (auto const& s : gather(*core_.options.cluster, mine)) {
        global_frontier_ += s.frontier;
        distinct += s.distinct;
        generated += s.generated;
        stop = stop || s.stop;
        complete = complete && s.complete;
        if (bound == static_cast<int>(Bound::none)) bound = s.bound;  // the lowest rank's reason
      }
      core_.others_distinct = distinct - mine.distinct;
      core_.others_generated = generated - mine.generated;
      core_.bound.store(bound);
      if (stop) core_.stop.store(true);
      agreed_stop_ = stop;
      agreed_bound_ = bound;
      level_complete_ = complete;
    }
    core_.frontier = global_frontier_;
  }

  SearchCore<M>& core_;
  ParentLog& log_;
  std::vector<Mailbox> mailboxes_;
  std::optional<RankExchange> exchange_;
  std::vector<std::unique_ptr<BfsWorker<M>>> workers_;
  Frontier level_;
  std::uint64_t global_frontier_ = 0;  // summed over the ranks
  std::size_t depth_ = 0;
  bool level_complete_ = true;
  bool agreed_stop_ = false;  // the stop and bound of the last agree, the same on every rank
  int agreed_bound_ = static_cast<int>(Bound::none);
};

}  // namespace weft::checker
