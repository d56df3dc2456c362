// The shrinker: from any run that breaks an invariant to a short, readable one. A candidate run skips
// events that are no longer enabled and ends at its first violation (candidate.hpp), so every candidate
// that still fails is itself a valid, shorter run. Passes, cheapest first, repeated while they gain:
// delta debugging over events; whole groups at once (a node's inputs, its crashes and restarts, the
// timeouts of one timer, the deliveries on one link); smaller payloads where the model offers them;
// cutting the cycle between two visits of one state, or of two states equal up to renaming interchangeable
// nodes (the rest of the run renamed to follow). Then passes that use states, not only events: a
// bounded breadth-first search from the run's states for a shorter way to the violation (shorter_path.hpp).
// The result is 1-minimal (removing any single event makes it pass) unless a budget ran out, and among
// runs of its length it prefers fewer switches between nodes.
//
//   auto shrunk = weft::shrinker::shrink(world, initial, events, "answers match questions");
//   // shrunk.run: states, events and effects of the short run; shrunk.stats: before, after, time
#pragma once

#include <weft/choosers.hpp>
#include <weft/shrinker/candidate.hpp>
#include <weft/shrinker/ddmin.hpp>
#include <weft/shrinker/groups.hpp>
#include <weft/shrinker/lasso.hpp>
#include <weft/shrinker/shorter_path.hpp>
#include <weft/shrinker/shrinking.hpp>
#include <weft/shrinker/symmetric_cycles.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace weft::shrinker {

/// Limits on the work of one shrink.
struct ShrinkOptions {
  std::size_t max_candidates = 200000;                              ///< runs tried at most
  std::chrono::milliseconds time_limit = std::chrono::seconds(60);  ///< wall time at most
  std::size_t search_states = 50000;  ///< states each search for a shorter path may look at (0: no search)
};

/// A shrunk run, with its states and effects, and what shrinking it took.
template <class M>
struct Shrunk {
  Run<M> run;       ///< the short run, executed once with its effects
  Shrinking stats;  ///< what it took
};

/// A model that offers smaller versions of an action's payload: `void shrink_action(Action const&,
/// std::vector<Action>& smaller) const`, appending candidates, smallest first.
template <class M>
concept HasShrinkAction = requires(M const& m, typename M::Action const& a, std::vector<typename M::Action>& out) {
  m.shrink_action(a, out);
};

namespace detail {
template <Model M>
class Shrinker {
 public:
  using Action = typename M::Action;
  using Events = std::vector<Action>;

  Shrinker(M const& m, typename M::State const& initial, Property<M> const& p, ShrinkOptions const& o)
      : m_(m), initial_(initial), property_(p), options_(o) {}

  Shrunk<M> run(Events events) {
    Shrinking stats;
    stats.before = events.size();
    auto failing = failing_run(m_, initial_, events, property_);
    if (!failing) throw Error("the run does not break \"" + property_.name + "\": nothing to shrink");
    current_ = std::move(*failing);
    do cheap_passes();
    while (shorter_path() && !spent());
    stats.minimal = one_minimal();
    if (fewer_switches() && stats.minimal) stats.minimal = one_minimal();
    stats.after = current_.size();
    stats.candidates = candidates_;
    stats.searched = searched_;
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return {execute(m_, initial_, current_), stats};
  }

 private:
  // Keeps `candidate` (as the run it actually is) when it still fails and `accept` likes it.
  template <class Accept>
  bool attempt(Events const& candidate, Accept&& accept) {
    ++candidates_;
    auto failing = failing_run(m_, initial_, candidate, property_);
    if (!failing || !accept(*failing)) return false;
    current_ = std::move(*failing);
    return true;
  }
  bool attempt(Events const& candidate) {
    return attempt(candidate, [](Events const&) { return true; });
  }

  bool spent() const {
    return candidates_ >= options_.max_candidates || std::chrono::steady_clock::now() - started_ >= options_.time_limit;
  }

  static Events without(Events const& e, std::size_t begin, std::size_t end) {
    Events out(e.begin(), e.begin() + static_cast<std::ptrdiff_t>(begin));
    out.insert(out.end(), e.begin() + static_cast<std::ptrdiff_t>(end), e.end());
    return out;
  }

  // The removal passes, again while one of them gains.
  void cheap_passes() {
    for (std::size_t size = SIZE_MAX; current_.size() < size && !spent();) {
      size = current_.size();
      cut_cycles();
      cut_symmetric_cycles();
      delta_debug();
      remove_groups();
      smaller_payloads();
    }
  }

  // Zeller's ddmin, by complements: remove ever smaller chunks.
  void delta_debug() {
    ddmin(current_, [&](Events candidate) { return attempt(std::move(candidate)); }, [&] { return spent(); });
  }

  // A run that comes back to a state it visited can skip everything in between: the rest replays alike.
  void cut_cycles() {
    std::vector<Fingerprint> fps;
    for (bool cut = true; cut && !spent();) {
      cut = false;
      ++candidates_;
      failing_run(m_, initial_, current_, property_, &fps);
      std::unordered_map<Fingerprint, std::size_t> first;
      std::size_t best_from = 0, best_to = 0;
      for (std::size_t k = 0; k < fps.size(); ++k) {
        auto [it, fresh] = first.emplace(fps[k], k);
        if (!fresh && k - it->second > best_to - best_from) best_from = it->second, best_to = k;
      }
      if (best_to > best_from) cut = attempt(without(current_, best_from, best_to));
    }
  }

  // Two states equal up to renaming interchangeable nodes: the cycle between them is cut and the rest of
  // the run renamed to follow (symmetric_cycles.hpp).
  void cut_symmetric_cycles() {
    if constexpr (HasRenamingRepresentative<M>) {
      if constexpr (requires { m_.has_symmetry(); })
        if (!m_.has_symmetry()) return;
      for (bool cut = true; cut && !spent();) {
        auto candidate = cut_symmetric_cycle(m_, execute(m_, initial_, current_));
        cut = candidate && attempt(*candidate);
      }
    }
  }

  // Whole groups at once, then each group but its first event (shorter timer sequences, say).
  void remove_groups() {
    for (bool keep_first : {false, true}) {
      for (std::size_t g = 0; !spent(); ++g) {
        auto groups = group_events(current_);
        if (g >= groups.size()) break;
        Events candidate;
        std::size_t seen = 0;
        for (std::size_t i = 0; i < current_.size(); ++i)
          if (groups[g].count(i) == 0 || (keep_first && seen++ == 0)) candidate.push_back(current_[i]);
        if (candidate.size() < current_.size() && attempt(candidate)) g = SIZE_MAX;  // groups changed: start over
      }
    }
  }

  void smaller_payloads() {
    if constexpr (HasShrinkAction<M>) {
      std::vector<Action> smaller;
      for (std::size_t i = 0; i < current_.size() && !spent(); ++i) {
        for (bool shrunk = true; shrunk && i < current_.size() && !spent();) {  // again from each smaller value
          shrunk = false;
          smaller.clear();
          m_.shrink_action(current_[i], smaller);
          for (auto const& a : smaller) {
            Events candidate = current_;
            candidate[i] = a;
            if ((shrunk = attempt(candidate))) break;
          }
        }
      }
    }
  }

  // From each state of the run, earliest first, a bounded search for a strictly shorter way to the
  // violation; the first one found replaces the rest of the run. True when the run got shorter.
  bool shorter_path() {
    if (options_.search_states == 0) return false;
    Run<M> run = execute(m_, initial_, current_);
    for (std::size_t i = searched_from_; i + 1 < run.states.size() && !spent(); ++i) {
      std::size_t const left = current_.size() - i;
      auto path = shorter_failing_path(m_, run.states[i], property_, left - 1, options_.search_states, searched_);
      if (!path) continue;
      Events candidate(current_.begin(), current_.begin() + static_cast<std::ptrdiff_t>(i));
      candidate.insert(candidate.end(), path->begin(), path->end());
      if (attempt(candidate)) {
        searched_from_ = i;  // the searches before i failed within their budget: no need to repeat them
        return true;
      }
    }
    searched_from_ = SIZE_MAX;
    return false;
  }

  // Tries every single removal until none still fails; false when a budget cut it short.
  bool one_minimal() {
    for (std::size_t i = 0; i < current_.size();) {
      if (spent()) return false;
      if (attempt(without(current_, i, i + 1))) i = 0;
      else ++i;
    }
    return true;
  }

  // Among runs as short, prefers fewer switches between nodes: moves an event next to the nearest earlier
  // (or later) event at the same node, while that helps and the run still fails as soon.
  bool fewer_switches() {
    bool any = false;
    for (bool moved = true; moved && !spent();) {
      moved = false;
      for (std::size_t i = 0; i < current_.size() && !moved && !spent(); ++i) {
        auto const at = actor(current_[i]);
        if (!at) continue;
        std::size_t const now = switches(current_), size = current_.size();
        for (std::size_t to : neighbours_at(i, *at)) {
          Events candidate = current_;
          Action e = std::move(candidate[i]);
          candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(i));
          candidate.insert(candidate.begin() + static_cast<std::ptrdiff_t>(to), std::move(e));
          if (switches(candidate) >= now) continue;
          if (attempt(candidate, [&](Events const& got) { return got.size() <= size && switches(got) < now; })) {
            moved = any = true;
            break;
          }
        }
      }
    }
    return any;
  }

  // Where event i could go to sit beside another event at node `at`: just after the nearest earlier one,
  // just before the nearest later one (positions in the run without event i).
  std::vector<std::size_t> neighbours_at(std::size_t i, NodeId at) const {
    std::vector<std::size_t> out;
    for (std::size_t j = i; j-- > 0;)
      if (auto a = actor(current_[j]); a && *a == at) {
        if (j + 1 < i) out.push_back(j + 1);
        break;
      }
    for (std::size_t j = i + 1; j < current_.size(); ++j)
      if (auto a = actor(current_[j]); a && *a == at) {
        if (j > i + 1) out.push_back(j - 1);
        break;
      }
    return out;
  }

  M const& m_;
  typename M::State const& initial_;
  Property<M> const& property_;
  ShrinkOptions options_;
  Events current_;
  std::size_t candidates_ = 0, searched_ = 0, searched_from_ = 0;
  std::chrono::steady_clock::time_point const started_ = std::chrono::steady_clock::now();
};
}  // namespace detail

/// Shrinks `events`, run from `initial`, to a short run that still breaks invariant `property`.
/// Throws weft::Error when the run does not break it, or when `property` is not an invariant of `m`.
template <Model M>
Shrunk<M> shrink(M const& m, typename M::State const& initial, std::vector<typename M::Action> events,
                 std::string const& property, ShrinkOptions const& options = {}) {
  for (auto const& p : m.properties()) {
    if (p.name != property) continue;
    if (is_temporal(p.expectation))
      throw Error("\"" + property + "\" is judged on lassos: shrink its counterexample as a Run with its loop start");
    if (p.expectation != Expectation::always)
      throw Error("the shrinker reduces invariant (always) and temporal violations; \"" + property + "\" is " +
                  to_string(p.expectation));
    return detail::Shrinker<M>(m, initial, p, options).run(std::move(events));
  }
  throw Error("the model has no property named \"" + property + "\"");
}

/// Shrinks counterexample `run` of `property`: an invariant's path as above, or a temporal property's lasso
/// (run.loop_start set) to a shorter fair lasso that still violates it (lasso.hpp).
template <Model M>
Shrunk<M> shrink(M const& m, Run<M> const& run, std::string const& property, ShrinkOptions const& options = {}) {
  for (auto const& p : m.properties()) {
    if (p.name != property || !is_temporal(p.expectation)) continue;
    if (!run.loop_start) throw Error("\"" + property + "\" is judged on lassos, and this run has no loop start");
    Shrunk<M> out;
    out.run = detail::LassoShrinker<M>(m, run.initial(), p, options.max_candidates, options.time_limit).run(run, out.stats);
    return out;
  }
  return shrink(m, run.initial(), run.events, property, options);
}

}  // namespace weft::shrinker
