// The search behind check_linearizable (namespace weft::properties; the search itself is in detail):
// Wing & Gong's algorithm with Lowe's memoisation, as Porcupine and Knossos do it. Operations are tried
// in call order; a linearized one is lifted out of a doubly linked event list; reaching a response whose
// operation is not yet linearized forces a backtrack; a (linearized set, state) pair explored once is
// never explored again, which keeps the search polynomial on most real histories. Sets and states are
// told apart by 128-bit hashes, as weft's checker tells states apart by fingerprints.
#pragma once

#include <weft/properties/history.hpp>
#include <weft/properties/spec.hpp>

#include <weft/fingerprint.hpp>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace weft::properties {

/// What check_linearizable decided.
enum class Verdict : std::uint8_t {
  linearizable,      ///< some real-time respecting order replays through the spec
  not_linearizable,  ///< no such order exists
  unknown,           ///< the step budget ran out first
};

/// The printed name of a verdict.
inline char const* to_string(Verdict v) {
  return v == Verdict::linearizable ? "linearizable" : v == Verdict::not_linearizable ? "not linearizable" : "unknown";
}

namespace detail {

// 64-bit finaliser (splitmix64): spreads bits so that linear probing sees no clusters.
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The memo: a set of (linearized set, state) keys, both as 128-bit hashes: 32 bytes a key, however long
// the history (exact sets of n bits cost gigabytes at n = 20000). Keys sit in an open-addressing table
// that allocates only when it doubles; an all-zero slot is empty (a real key is all zero with
// probability 2^-256).
class MemoSet {
 public:
  struct Key {
    std::uint64_t set_low, set_high;  // Zobrist hash of the linearized set
    Fingerprint128 state;             // fingerprint of the spec state
    friend bool operator==(Key const&, Key const&) = default;
  };

  MemoSet() : slots_(1024, Key{}) {}

  // Inserts the key; false when it was already present.
  bool insert(Key const& key) {
    std::size_t const mask = slots_.size() - 1;
    std::size_t i = slot_of(key) & mask;
    for (; !(slots_[i] == Key{}); i = (i + 1) & mask)
      if (slots_[i] == key) return false;
    slots_[i] = key;
    if (++count_ * 2 > slots_.size()) grow();
    return true;
  }

 private:
  static std::size_t slot_of(Key const& key) { return mix64(key.set_low ^ key.state.low); }
  void grow() {
    std::vector<Key> old(slots_.size() * 2, Key{});
    old.swap(slots_);
    std::size_t const mask = slots_.size() - 1;
    for (Key const& key : old) {
      if (key == Key{}) continue;
      std::size_t i = slot_of(key) & mask;
      while (!(slots_[i] == Key{})) i = (i + 1) & mask;
      slots_[i] = key;
    }
  }

  std::vector<Key> slots_;
  std::size_t count_ = 0;
};

// The search over one (sub-)history: `ids` are the history indices it covers; inside, operations are
// numbered by their position in `ids`. Pending operations need a spec with step_pending (checked before).
template <SequentialSpec S>
class Search {
 public:
  Search(S const& spec, SpecHistory<S> const& history, std::vector<std::size_t> ids)
      : spec_(spec), history_(history), ids_(std::move(ids)), state_(spec.init()) {
    build_events();
    for (std::uint32_t op = 0; op < ids_.size(); ++op) {
      zobrist_.push_back({mix64(2 * std::uint64_t{op}), mix64(2 * std::uint64_t{op} + 1)});
      if (operation(op).returned()) ++completed_total_;
    }
    frames_.reserve(ids_.size());
  }

  // Runs until a verdict, or until `budget` steps are spent (unknown).
  Verdict run(std::uint64_t budget) {
    if (completed_total_ == 0) return Verdict::linearizable;
    std::uint32_t entry = next_[head()];
    while (true) {
      if (steps_ == budget) return Verdict::unknown;
      ++steps_;
      if (entry != head() && events_[entry].call) {
        if (!try_linearize(entry, 0)) entry = next_[entry];
        else if (completed_done_ == completed_total_) return Verdict::linearizable;
        else entry = next_[head()];
        continue;
      }
      // A response reached before its operation was linearized (or the end, which only pending calls
      // precede): the last choice was wrong. Undo it and try its next outcome, then the next call.
      if (frames_.empty()) return Verdict::not_linearizable;
      auto const [undone, alt] = undo();
      if (!try_linearize(undone, alt + 1)) entry = next_[undone];
      else if (completed_done_ == completed_total_) return Verdict::linearizable;
      else entry = next_[head()];
    }
  }

  std::uint64_t steps() const { return steps_; }
  // The current linearization (after a linearizable run, a complete one), as history indices.
  std::vector<std::size_t> order() const { return history_indices(current_order()); }
  std::vector<std::size_t> best_prefix() const { return history_indices(best_order_); }

  // The returned operations outside the best prefix that real time would allow next. The spec rejects
  // each of them after the prefix: one it accepted would have made a longer prefix (or, if memoised, one
  // had been found already). Pending operations are left out: nothing forces them to take effect.
  std::vector<std::size_t> stuck() const {
    std::vector<char> in_prefix(ids_.size(), 0);
    for (std::uint32_t op : best_order_) in_prefix[op] = 1;
    std::uint64_t min_ret = std::numeric_limits<std::uint64_t>::max();
    for (std::uint32_t op = 0; op < ids_.size(); ++op)
      if (!in_prefix[op] && operation(op).returned()) min_ret = std::min(min_ret, operation(op).ret);
    std::vector<std::size_t> out;
    for (std::uint32_t op = 0; op < ids_.size(); ++op)
      if (!in_prefix[op] && operation(op).returned() && operation(op).call <= min_ret) out.push_back(ids_[op]);
    return out;
  }
  typename S::State const& best_state() const { return best_state_; }

 private:
  struct Event {
    std::uint64_t time;
    std::uint32_t op;
    bool call;
  };
  struct Frame {
    std::uint32_t entry;     // the call entry of the operation linearized here
    std::uint32_t alt;       // which of its outcomes was taken
    typename S::State before;
  };

  auto const& operation(std::uint32_t op) const { return history_[ids_[op]]; }
  std::uint32_t head() const { return static_cast<std::uint32_t>(events_.size()); }

  // Events in time order; at equal times calls come first, so that touching intervals stay concurrent.
  void build_events() {
    for (std::uint32_t op = 0; op < ids_.size(); ++op) {
      events_.push_back({operation(op).call, op, true});
      if (operation(op).returned()) events_.push_back({operation(op).ret, op, false});
    }
    std::sort(events_.begin(), events_.end(), [](Event const& a, Event const& b) {
      if (a.time != b.time) return a.time < b.time;
      if (a.call != b.call) return a.call;
      return a.op < b.op;
    });
    std::uint32_t const n = head();  // a circular list through a sentinel at index n
    next_.resize(n + 1);
    prev_.resize(n + 1);
    call_entry_.assign(ids_.size(), n);
    ret_entry_.assign(ids_.size(), n);
    for (std::uint32_t e = 0; e <= n; ++e) {
      next_[e] = e == n ? 0 : e + 1;
      prev_[e] = e == 0 ? n : e - 1;
      if (e < n) (events_[e].call ? call_entry_ : ret_entry_)[events_[e].op] = e;
    }
  }

  void unlink(std::uint32_t e) {
    next_[prev_[e]] = next_[e];
    prev_[next_[e]] = prev_[e];
  }
  void relink(std::uint32_t e) {
    next_[prev_[e]] = e;
    prev_[next_[e]] = e;
  }
  // Dancing links: entries come back in the reverse order they left, so their neighbours are still valid.
  void lift(std::uint32_t op) {
    unlink(call_entry_[op]);
    if (ret_entry_[op] != head()) unlink(ret_entry_[op]);
  }
  void unlift(std::uint32_t op) {
    if (ret_entry_[op] != head()) relink(ret_entry_[op]);
    relink(call_entry_[op]);
  }
  // Adds `op` to the linearized set, or takes it out.
  void flip(std::uint32_t op) {
    set_low_ ^= zobrist_[op].first;
    set_high_ ^= zobrist_[op].second;
  }

  // The states `op` may lead to from `from`, into `out` (cleared first, so a reused buffer stops allocating).
  void outcomes(std::uint32_t op, typename S::State const& from, std::vector<typename S::State>& out) const {
    out.clear();
    auto const& o = operation(op);
    if (o.returned()) {
      if (auto next = spec_.step(from, o.input, *o.output)) out.push_back(std::move(*next));
    } else if constexpr (HasStepPending<S>) {
      auto next = spec_.step_pending(from, o.input);
      if constexpr (std::same_as<decltype(next), std::optional<typename S::State>>) {
        if (next) out.push_back(std::move(*next));
      } else {
        for (auto&& s : next) out.push_back(std::move(s));
      }
    }
  }

  // Linearizes the operation at call entry `entry` next, taking its first outcome from `first_alt` on
  // whose (linearized set, state) pair is new. False when there is none.
  bool try_linearize(std::uint32_t entry, std::uint32_t first_alt) {
    std::uint32_t const op = events_[entry].op;
    outcomes(op, state_, outcomes_);
    flip(op);
    for (std::uint32_t alt = first_alt; alt < outcomes_.size(); ++alt) {
      if (!memo_.insert({set_low_, set_high_, fingerprint128(outcomes_[alt])})) continue;
      frames_.push_back({entry, alt, std::move(state_)});
      state_ = std::move(outcomes_[alt]);
      lift(op);
      if (operation(op).returned()) ++completed_done_;
      if (frames_.size() > best_order_.size()) remember_best();
      return true;
    }
    flip(op);
    return false;
  }

  std::pair<std::uint32_t, std::uint32_t> undo() {
    Frame& f = frames_.back();
    std::uint32_t const op = events_[f.entry].op;
    std::pair<std::uint32_t, std::uint32_t> const undone{f.entry, f.alt};
    state_ = std::move(f.before);
    frames_.pop_back();
    unlift(op);
    flip(op);
    if (operation(op).returned()) --completed_done_;
    return undone;
  }

  // Only when the search goes deeper than ever before (at most once per operation), so off the hot path.
  void remember_best() {
    best_order_.clear();
    for (Frame const& f : frames_) best_order_.push_back(events_[f.entry].op);
    best_state_ = state_;
  }
  std::vector<std::uint32_t> current_order() const {
    std::vector<std::uint32_t> ops;
    for (Frame const& f : frames_) ops.push_back(events_[f.entry].op);
    return ops;
  }
  std::vector<std::size_t> history_indices(std::vector<std::uint32_t> const& ops) const {
    std::vector<std::size_t> out;
    for (std::uint32_t op : ops) out.push_back(ids_[op]);
    return out;
  }

  S const& spec_;
  SpecHistory<S> const& history_;
  std::vector<std::size_t> ids_;
  std::vector<Event> events_;
  std::vector<std::uint32_t> next_, prev_, call_entry_, ret_entry_;
  std::uint64_t set_low_ = 0, set_high_ = 0;  // Zobrist hash of the linearized set, kept by flip()
  std::vector<std::pair<std::uint64_t, std::uint64_t>> zobrist_;
  MemoSet memo_;
  std::vector<Frame> frames_;
  typename S::State state_;
  std::vector<typename S::State> outcomes_;
  std::vector<std::uint32_t> best_order_;
  typename S::State best_state_ = state_;
  std::size_t completed_total_ = 0;
  std::size_t completed_done_ = 0;
  std::uint64_t steps_ = 0;
};

}  // namespace detail
}  // namespace weft::properties

