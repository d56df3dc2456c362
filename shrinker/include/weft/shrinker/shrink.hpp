// The shrinker: from any run that breaks an invariant to a 1-minimal one, where removing any single event
// makes it stop failing. A candidate run skips events that are no longer enabled (the orphans of removed
// ones) and ends at its first violation, so every candidate that still fails is itself a valid, shorter
// trace. Passes, cheapest first: delta debugging over events; whole groups at once (a node's inputs, a
// node's crashes and restarts, the timeouts of one timer, the deliveries on one link); smaller payloads
// where the model offers them; and a last pass that tries every single removal until none works.
#pragma once

#include <weft/shrinker/groups.hpp>
#include <weft/stepping.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace weft::shrinker {

/// Limits on the work of one shrink.
struct ShrinkOptions {
  std::size_t max_candidates = 200000;                         ///< runs tried at most
  std::chrono::milliseconds time_limit = std::chrono::seconds(60);  ///< wall time at most
};

/// A shrunk run and what it took.
template <Model M>
struct Shrunk {
  std::vector<typename M::Action> events;  ///< the 1-minimal run
  std::size_t before = 0;                  ///< events before
  std::size_t candidates = 0;              ///< runs tried
  double seconds = 0;                      ///< time taken
  bool minimal = true;                     ///< false when a budget stopped the last pass early
};

/// A model that offers smaller versions of an action's payload: `void shrink_action(Action const&,
/// std::vector<Action>& smaller) const`, appending candidates, smallest first.
template <class M>
concept HasShrinkAction = requires(M const& m, typename M::Action const& a, std::vector<typename M::Action>& out) {
  m.shrink_action(a, out);
};

/// Runs `events` from `initial`, skipping events that are not enabled, up to the first state where
/// property `property` (an invariant) fails; the events taken, or nothing when it never fails.
template <Model M>
std::optional<std::vector<typename M::Action>> failing_run(M const& m, typename M::State const& initial,
                                                          std::vector<typename M::Action> const& events,
                                                          Property<M> const& property) {
  if (!property.predicate(m, initial)) return std::vector<typename M::Action>{};
  typename M::State s = initial, scratch;
  std::vector<typename M::Action> taken;
  for (auto const& a : events) {
    if (!successor(m, s, a, scratch)) continue;
    std::swap(s, scratch);
    taken.push_back(a);
    if (!property.predicate(m, s)) return taken;
  }
  return std::nullopt;
}

namespace detail {
template <Model M>
class Shrinker {
 public:
  using Action = typename M::Action;
  using Events = std::vector<Action>;

  Shrinker(M const& m, typename M::State const& initial, Property<M> const& p, ShrinkOptions const& o)
      : m_(m), initial_(initial), property_(p), options_(o) {}

  Shrunk<M> run(Events events) {
    Shrunk<M> out;
    out.before = events.size();
    auto failing = failing_run(m_, initial_, events, property_);
    if (!failing) throw Error("the run does not break \"" + property_.name + "\": nothing to shrink");
    current_ = std::move(*failing);
    for (std::size_t size = SIZE_MAX; current_.size() < size && !spent();) {
      size = current_.size();
      delta_debug();
      remove_groups();
      smaller_payloads();
    }
    out.minimal = one_minimal();
    out.events = current_;
    out.candidates = candidates_;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return out;
  }

 private:
  // Keeps `candidate` (as the run it actually is) when it still fails.
  bool attempt(Events const& candidate) {
    ++candidates_;
    auto failing = failing_run(m_, initial_, candidate, property_);
    if (!failing) return false;
    current_ = std::move(*failing);
    return true;
  }

  bool spent() const {
    return candidates_ >= options_.max_candidates ||
           std::chrono::steady_clock::now() - started_ >= options_.time_limit;
  }

  static Events without(Events const& e, std::size_t begin, std::size_t end) {
    Events out(e.begin(), e.begin() + static_cast<std::ptrdiff_t>(begin));
    out.insert(out.end(), e.begin() + static_cast<std::ptrdiff_t>(end), e.end());
    return out;
  }

  // Zeller's ddmin, by complements: remove ever smaller chunks.
  void delta_debug() {
    std::size_t n = 2;
    while (current_.size() >= 2 && !spent()) {
      std::size_t const chunk = (current_.size() + n - 1) / n;
      bool removed = false;
      for (std::size_t begin = 0; begin < current_.size() && !spent(); begin += chunk) {
        if (attempt(without(current_, begin, std::min(begin + chunk, current_.size())))) {
          removed = true;
          n = std::max<std::size_t>(n - 1, 2);
          break;
        }
      }
      if (removed) continue;
      if (n >= current_.size()) break;
      n = std::min(n * 2, current_.size());
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

  // Tries every single removal until none still fails; false when a budget cut it short.
  bool one_minimal() {
    for (std::size_t i = 0; i < current_.size();) {
      if (spent()) return false;
      if (attempt(without(current_, i, i + 1))) i = 0;
      else ++i;
    }
    return true;
  }

  M const& m_;
  typename M::State const& initial_;
  Property<M> const& property_;
  ShrinkOptions options_;
  Events current_;
  std::size_t candidates_ = 0;
  std::chrono::steady_clock::time_point const started_ = std::chrono::steady_clock::now();
};
}  // namespace detail

/// Shrinks `events`, run from `initial`, to a 1-minimal run that still breaks invariant `property`.
/// Throws weft::Error when the run does not break it, or when `property` is not an invariant of `m`.
template <Model M>
Shrunk<M> shrink(M const& m, typename M::State const& initial, std::vector<typename M::Action> events,
                 std::string const& property, ShrinkOptions const& options = {}) {
  for (auto const& p : m.properties()) {
    if (p.name != property) continue;
    if (p.expectation != Expectation::always)
      throw Error("the shrinker reduces invariant (always) violations; \"" + property + "\" is " + to_string(p.expectation));
    return detail::Shrinker<M>(m, initial, p, options).run(std::move(events));
  }
  throw Error("the model has no property named \"" + property + "\"");
}

}  // namespace weft::shrinker
