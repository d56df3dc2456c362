// Depth-first search: memory-lean (the stack holds one path), with an optional depth bound. The stack is
// the path, so counterexamples need no parent log. Same visited set and property checks as BFS.
#pragma once

#include <weft/checker/search.hpp>

#include <vector>

namespace weft::checker {

/// Depth-first search over a SearchCore.
template <Model M>
class DepthFirst {
 public:
  using State = typename M::State;

  explicit DepthFirst(SearchCore<M>& core) : core_(core) {}

  /// Explores everything reachable; returns true when the space is exhausted.
  bool run() {
    for (auto const& s : core_.initial) {
      core_.generated.fetch_add(1, std::memory_order_relaxed);
      Key const k = core_.key(s);
      if (!core_.visited.insert(k)) continue;
      push(s, k.fp);
      core_.check(stack_[0].state, k.fp, 1, [&] { return path_to(nullptr); });
      if (core_.options.max_depth <= 1) {
        truncated_ = true;
        height_ = 0;
      }
      descend();
      if (core_.stop.load()) break;
    }
    if (truncated_) core_.halt(Bound::depth);
    core_.coverage.add(counts_);
    return core_.bound.load() == static_cast<int>(Bound::none);
  }

 private:
  struct Frame {
    State state;
    Fingerprint key = 0;
    std::vector<typename M::Action> actions;  // kept across reuse of the frame: no allocation once warm
    std::size_t next = 0;
    bool any = false;  // some action was enabled
  };

  void push(State s, Fingerprint k) {
    if (height_ == stack_.size()) stack_.emplace_back();
    Frame& f = stack_[height_++];
    f.state = std::move(s);
    f.key = k;
    f.actions.clear();
    core_.model.actions(f.state, f.actions);
    f.next = 0;
    f.any = false;
    if (height_ > core_.depth.load(std::memory_order_relaxed)) core_.depth = height_;
  }

  void descend() {
    std::uint64_t generated = 0;
    while (height_ > 0 && !core_.stop.load(std::memory_order_relaxed)) {
      Frame& top = stack_[height_ - 1];
      if (top.next == top.actions.size()) {
        if (!top.any && core_.checking_deadlock()) core_.check_dead_end(top.key, height_, [&] { return path_to(nullptr); });
        --height_;
        continue;
      }
      std::optional<State> next{std::in_place};
      if (!step(core_.model, top.state, top.actions[top.next++], *next)) continue;
      top.any = true;
      std::size_t const c = action_class(core_.model, top.actions[top.next - 1]);
      counts_.step(c);
      if (core_.checking_steps())
        core_.check_step(top.state, top.actions[top.next - 1], *next, top.key, height_, [&] { return path_to(&*next); });
      if (++generated % 1024 == 0) {
        core_.generated.fetch_add(1024, std::memory_order_relaxed);
        core_.check_clock();
        core_.check_memory();
      }
      if (!core_.within_constraints(*next)) continue;  // counted, not explored
      Key const k = core_.key(*next);
      if (!core_.visited.insert(k)) continue;
      counts_.found(c);
      core_.check(*next, k.fp, height_ + 1, [&] { return path_to(&*next); });
      if (core_.states_exhausted()) core_.halt(Bound::states);
      if (height_ + 1 >= core_.options.max_depth) {
        truncated_ = true;  // found and checked at the bound, but not expanded
        continue;
      }
      push(std::move(*next), k.fp);
      core_.frontier = height_;
    }
    core_.generated.fetch_add(generated % 1024, std::memory_order_relaxed);
  }

  // The stack as a path, ending in `last` when given.
  Run<M> path_to(State const* last) const {
    Run<M> p;
    for (std::size_t i = 0; i < height_; ++i) {
      p.states.push_back(stack_[i].state);
      if (i + 1 < height_ || last) p.events.push_back(stack_[i].actions[stack_[i].next - 1]);
    }
    if (last) p.states.push_back(*last);
    return p;
  }

  SearchCore<M>& core_;
  std::vector<Frame> stack_;
  std::size_t height_ = 0;
  bool truncated_ = false;
  CoverageCounts counts_{core_.coverage.classes()};
};

}  // namespace weft::checker
