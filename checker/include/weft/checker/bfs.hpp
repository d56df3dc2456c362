// Breadth-first search, level by level. The workers share each level's frontier block by block; each
// successor is admitted by the worker that owns its shard of the visited set (see bfs_worker.hpp). The
// first violation is found at the least depth, so its path is a shortest counterexample.
#pragma once

#include <weft/checker/bfs_worker.hpp>

#include <algorithm>
#include <exception>
#include <memory>
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
    for (unsigned w = 0; w < mailboxes_.size(); ++w)
      workers_.push_back(std::make_unique<BfsWorker<M>>(core_, log_, mailboxes_, w));
  }

  /// Seeds the first level with the model's initial states.
  void seed() {
    std::vector<ParentLink> links;
    ByteBuffer key;
    typename Codec<M>::Workspace ws;
    for (auto const& s : core_.initial) {
      core_.generated.fetch_add(1, std::memory_order_relaxed);
      key.clear();
      Key const k = core_.codec.store(ws, s, key);
      if (!core_.visited.insert(k)) continue;  // one thread: it owns every shard for now
      links.push_back({k.fp, 0});
      core_.check(s, k.fp, 1, [] { return std::nullopt; });
      level_.push(key.view());
    }
    log_.append(1, links);
    depth_ = 1;
    core_.depth = 1;
    core_.frontier = level_.size();
  }

  /// Resumes from a saved frontier at `depth`.
  void resume(Frontier level, std::size_t depth) {
    level_ = std::move(level);
    depth_ = depth;
    core_.depth = level_.empty() ? depth - 1 : depth;  // a finished search's frontier is one past its last level
    core_.frontier = level_.size();
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
      if (core_.states_exhausted() && !level_.empty()) core_.halt(Bound::states);
      if (core_.stop.load()) break;
      pause(level_, depth_);
    }
    return level_.empty() && core_.bound.load() == static_cast<int>(Bound::none);
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
    if (core_.stop.load()) return;
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
    level_complete_ = processed == size;
    level_ = std::move(next);
    ++depth_;
    if (!level_.empty() && !core_.stop.load()) core_.depth = depth_;  // the deepest level that holds states
    core_.frontier = level_.size();
    if (level_complete_) core_.note_level(level_.size());  // a level cut short by a stop says nothing of growth
  }

  SearchCore<M>& core_;
  ParentLog& log_;
  std::vector<Mailbox> mailboxes_;
  std::vector<std::unique_ptr<BfsWorker<M>>> workers_;
  Frontier level_;
  std::size_t depth_ = 0;
  bool level_complete_ = true;
};

}  // namespace weft::checker
