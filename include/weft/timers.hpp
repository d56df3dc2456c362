// A node's pending timers, and the one place where a timer effect changes them. Every holder of pending
// timers keeps them as a table sorted by tag, at most one entry per tag, and changes it only here: the
// simulated world's node records (tags alone: in the model a pending timer may fire at any time), the
// timed network's deadlines (ticks) and a live node's clock (time points).
//
//   std::vector<weft::Pending<Tag, double>> due;                  // a timed holder
//   weft::apply_timer_effect(due, effect, [&](weft::Ticks d) { return now + d; });
//   if (weft::timers::disarm(due, fired)) ...                     // it was pending; now it is not
#pragma once

#include <weft/compare.hpp>
#include <weft/effects.hpp>

#include <algorithm>
#include <utility>
#include <variant>
#include <vector>

namespace weft {

/// A pending timer with its deadline, for holders that know when timers are due.
template <class Timer, class Due>
struct Pending {
  Timer timer;  ///< its tag
  Due due;      ///< when it fires
};

namespace timers {

/// The tag of a table entry: the entry itself, or a Pending's timer.
template <class Timer>
Timer const& tag_of(Timer const& t) {
  return t;
}
template <class Timer, class Due>
Timer const& tag_of(Pending<Timer, Due> const& p) {
  return p.timer;
}

/// The entry of `table` with tag `tag`, or nullptr.
template <class Entry, class Timer>
Entry const* find(std::vector<Entry> const& table, Timer const& tag) {
  auto at = std::lower_bound(table.begin(), table.end(), tag,
                             [](Entry const& e, Timer const& t) { return compare(tag_of(e), t) < 0; });
  return at != table.end() && equal(tag_of(*at), tag) ? &*at : nullptr;
}

/// Arms `entry`, replacing the pending entry with its tag (re-arming a timer restarts it).
template <class Entry>
void arm(std::vector<Entry>& table, Entry entry) {
  auto at = std::lower_bound(table.begin(), table.end(), entry,
                             [](Entry const& a, Entry const& b) { return compare(tag_of(a), tag_of(b)) < 0; });
  if (at != table.end() && equal(tag_of(*at), tag_of(entry))) *at = std::move(entry);
  else table.insert(at, std::move(entry));
}

/// Removes the entry with tag `tag`: true when it was pending (a timer that fires is disarmed this way).
template <class Entry, class Timer>
bool disarm(std::vector<Entry>& table, Timer const& tag) {
  auto at = std::lower_bound(table.begin(), table.end(), tag,
                             [](Entry const& e, Timer const& t) { return compare(tag_of(e), t) < 0; });
  if (at == table.end() || !equal(tag_of(*at), tag)) return false;
  table.erase(at);
  return true;
}

}  // namespace timers

/// Carries out a timer effect (SetTimer, CancelTimer) on a node's table of pending timers; any other
/// effect leaves it alone. `due_of(delay)` gives a new timer's deadline in a table of Pending entries.
template <class Entry, class Msg, class Timer, class Out, class DueOf>
void apply_timer_effect(std::vector<Entry>& table, Effect<Msg, Timer, Out> const& effect, DueOf&& due_of) {
  if (auto const* set = std::get_if<SetTimer<Timer>>(&effect)) {
    if constexpr (std::is_same_v<Entry, Timer>) timers::arm(table, set->timer);
    else timers::arm(table, Entry{set->timer, due_of(set->delay)});
  } else if (auto const* cancel = std::get_if<CancelTimer<Timer>>(&effect)) {
    timers::disarm(table, cancel->timer);
  }
}

/// The same for a table of tags alone, as the model keeps them (no deadlines).
template <class Msg, class Timer, class Out>
void apply_timer_effect(std::vector<Timer>& table, Effect<Msg, Timer, Out> const& effect) {
  apply_timer_effect(table, effect, [](Ticks) { return 0; });
}

}  // namespace weft
