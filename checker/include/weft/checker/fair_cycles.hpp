// Finds a fair lasso in a FairGraph: a path from an initial state (the stem) into a cycle that a fair run can
// repeat for ever. Every temporal property reduces to one question of this shape, asked with flags per state:
//
//   before     the stem may pass here before its trigger        (eventually P: nowhere; leads_to: anywhere)
//   trigger    the stem may switch to its second phase here      (eventually P: not P; leads_to: P and not Q)
//   after      the stem and the cycle may pass here after it     (eventually P: not P; leads_to: not Q)
//   accepting  the cycle must pass some state marked so          (eventually_always P: not P; else: all)
//
// The algorithm is the Streett emptiness check: split the states reachable in the second phase into strongly
// connected components (Tarjan, iterative); a component where some strongly fair group is enabled but never
// taken cannot be repeated as a whole, so the states enabling that group are removed and the rest split again;
// a component is fair when every weakly fair group enabled in all its states, and every strongly fair group
// enabled in any, is taken by an edge inside it. Taking a whole component maximises what is taken, so for
// weak fairness no smaller set of states can do better. Every state may stutter, so a single state is a
// candidate cycle too (fair when no fair group is enabled there).
//
// The lasso: the shortest stem (breadth-first over state and phase) to any state of a fair component, then a
// cycle through that component built greedily: start from the stutter at the entry, and while the cycle
// closed back to the entry is unfair, extend it to take the first group it starves (or, for a weakly fair
// group the component never takes, to a state where the group is disabled).
#pragma once

#include <weft/checker/fair_graph.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

namespace weft::checker {

/// Per-state flags of a lasso query (see the banner).
enum LassoFlag : std::uint8_t { before = 1, trigger = 2, after = 4, accepting = 8 };

/// A lasso as state numbers: states[0] is initial, ordinals[k] leads from states[k] to states[k + 1], and the
/// last state repeats states[loop_start] (equal to the last index when the cycle is a stutter).
struct FairLasso {
  std::vector<std::uint32_t> states;
  std::vector<std::uint32_t> ordinals;
  std::size_t loop_start = 0;
};

/// The fair-lasso search over one graph; reusable across queries.
class FairCycles {
 public:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  explicit FairCycles(FairGraph const& g) : g_(g), words_((g.kinds.size() + 63) / 64) {}

  /// A fair lasso as `flags` ask (one LassoFlag set per state), or nothing when no fair run exists.
  std::optional<FairLasso> find(std::vector<std::uint8_t> const& flags) {
    flags_ = &flags;
    reach();
    components();
    std::uint32_t entry = none;
    for (std::uint32_t v = 0; v < g_.size(); ++v)
      if (comp_[v] != none && dist_[2 * v + 1] != none && (entry == none || dist_[2 * v + 1] < dist_[2 * entry + 1]))
        entry = v;
    if (entry == none) return std::nullopt;
    FairLasso lasso = stem(entry);
    cycle(entry, lasso);
    return lasso;
  }

  /// States whose cycle component is fair after the last find() (for tests): component id or `none`.
  std::vector<std::uint32_t> const& fair_components() const { return comp_; }

 private:
  using Bits = std::vector<std::uint64_t>;

  bool has(std::uint32_t v, LassoFlag f) const { return ((*flags_)[v] & f) != 0; }

  // Breadth-first over (state, phase): dist_ and parents of every reachable pair.
  void reach() {
    std::size_t const n = g_.size();
    dist_.assign(2 * n, none);
    parent_.assign(2 * n, none);
    via_.assign(2 * n, none);
    std::vector<std::uint32_t> queue;
    auto visit = [&](std::uint32_t v, unsigned phase, std::uint32_t from, std::uint32_t ordinal, std::uint32_t d) {
      std::uint32_t const at = 2 * v + phase;
      if (dist_[at] != none) return;
      dist_[at] = d, parent_[at] = from, via_[at] = ordinal;
      queue.push_back(at);
    };
    auto enter = [&](std::uint32_t v, std::uint32_t from, std::uint32_t ordinal, std::uint32_t d, bool in_phase_two) {
      if (in_phase_two) {
        if (has(v, after)) visit(v, 1, from, ordinal, d);
        return;
      }
      if (has(v, before)) visit(v, 0, from, ordinal, d);
      if (has(v, trigger)) visit(v, 1, from, ordinal, d);
    };
    for (std::uint32_t v : g_.initial)
      if (v < n) enter(v, none, none, 0, false);
    for (std::size_t head = 0; head < queue.size(); ++head) {
      std::uint32_t const at = queue[head], v = at / 2;
      bool const two = at % 2 == 1;
      if (!two && has(v, trigger)) visit(v, 1, at, none, dist_[at]);  // the trigger may start here
      for (auto const& e : g_.out(v)) enter(e.to, at, e.ordinal, dist_[at] + 1, two);
    }
  }

  // Marks comp_[v] with a fair component id for every state of a fair component of the phase-two region.
  void components() {
    std::size_t const n = g_.size();
    comp_.assign(n, none);
    region_.assign(n, 0);
    index_.assign(n, none);
    low_.assign(n, 0);
    scc_.assign(n, 0);
    stamp_ = scc_stamp_ = 0;
    std::vector<std::vector<std::uint32_t>> work(1);
    for (std::uint32_t v = 0; v < n; ++v)
      if (dist_[2 * v + 1] != none) work[0].push_back(v);
    std::uint32_t next_comp = 0;
    while (!work.empty()) {
      std::vector<std::uint32_t> region = std::move(work.back());
      work.pop_back();
      ++stamp_;
      for (std::uint32_t v : region) region_[v] = stamp_, index_[v] = none;
      tarjan(region, [&](std::vector<std::uint32_t>& c) { judge(c, work, next_comp); });
    }
  }

  // Calls `found` with each strongly connected component of `region` (in a buffer it may reuse).
  template <class Found>
  void tarjan(std::vector<std::uint32_t> const& region, Found&& found) {
    std::vector<std::uint32_t> stack, c;
    std::vector<std::pair<std::uint32_t, std::size_t>> calls;  // (state, where its next edge is encoded)
    std::uint32_t counter = 0;
    for (std::uint32_t root : region) {
      if (index_[root] != none) continue;
      auto open = [&](std::uint32_t v) {
        index_[v] = low_[v] = counter++;
        stack.push_back(v);
        on_stack(v, true);
        calls.push_back({v, g_.first[v]});
      };
      open(root);
      while (!calls.empty()) {
        auto& [v, next] = calls.back();
        if (next < g_.first[v + 1]) {
          std::uint32_t const w = g_.edge_at(v, next, next).to;
          if (region_[w] != stamp_) continue;
          if (index_[w] == none) open(w);
          else if (is_on_stack(w)) low_[v] = std::min(low_[v], index_[w]);
          continue;
        }
        std::uint32_t const done = v;
        calls.pop_back();
        if (!calls.empty()) low_[calls.back().first] = std::min(low_[calls.back().first], low_[done]);
        if (low_[done] != index_[done]) continue;
        c.clear();
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack(w, false);
          c.push_back(w);
        } while (w != done);
        found(c);
      }
    }
  }
  void on_stack(std::uint32_t v, bool on) { scc_[v] = on ? ~0u : 0; }
  bool is_on_stack(std::uint32_t v) const { return scc_[v] == ~0u; }

  void add(Bits& b, std::uint32_t set) const {
    for (std::uint32_t gid : g_.sets[set]) b[gid / 64] |= std::uint64_t{1} << (gid % 64);
  }
  static bool test(Bits const& b, std::uint32_t gid) { return (b[gid / 64] >> (gid % 64)) & 1; }

  // Judges one strongly connected component: fair, hopeless, or to be split without its SF-starving states.
  void judge(std::vector<std::uint32_t>& c, std::vector<std::vector<std::uint32_t>>& work, std::uint32_t& next_comp) {
    std::uint32_t const id = ++scc_stamp_ | 0x80000000u;  // never equal to the on-stack mark
    for (std::uint32_t v : c) scc_[v] = id;
    Bits taken(words_), any(words_), all(words_, ~std::uint64_t{0}), here(words_);
    bool accepts = false;
    for (std::uint32_t v : c) {
      accepts = accepts || has(v, accepting);
      std::fill(here.begin(), here.end(), 0);
      add(here, g_.enabled[v]);
      for (std::size_t w = 0; w < words_; ++w) any[w] |= here[w], all[w] &= here[w];
      for (auto const& e : g_.out(v))
        if (scc_[e.to] == id) add(taken, e.taken);
    }
    std::vector<std::uint32_t> starved;  // strongly fair groups enabled here but never taken
    bool weak_starved = false;
    for (std::uint32_t gid = 0; gid < g_.kinds.size(); ++gid) {
      if (test(taken, gid)) continue;
      if (g_.kinds[gid] == Fair::strong && test(any, gid)) starved.push_back(gid);
      if (g_.kinds[gid] == Fair::weak && test(all, gid)) weak_starved = true;
    }
    if (!starved.empty()) {
      std::vector<std::uint32_t> rest;
      for (std::uint32_t v : c) {
        bool keep = true;
        for (std::uint32_t gid : g_.sets[g_.enabled[v]])
          keep = keep && std::find(starved.begin(), starved.end(), gid) == starved.end();
        if (keep) rest.push_back(v);
      }
      if (!rest.empty()) work.push_back(std::move(rest));
      return;
    }
    if (weak_starved || !accepts) return;
    for (std::uint32_t v : c) comp_[v] = next_comp;
    ++next_comp;
  }

  FairLasso stem(std::uint32_t entry) const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> back;  // (state, ordinal into it)
    for (std::uint32_t at = 2 * entry + 1; at != none; at = parent_[at])
      if (via_[at] != none || parent_[at] == none) back.push_back({at / 2, via_[at]});
    FairLasso l;
    for (auto it = back.rbegin(); it != back.rend(); ++it) {
      if (it != back.rbegin()) l.ordinals.push_back(it->second);
      l.states.push_back(it->first);
    }
    l.loop_start = l.states.size() - 1;
    return l;
  }

  struct Hop {
    std::uint32_t from, ordinal, to;
  };

  // The shortest path inside entry's component from `from` to a state `goal` accepts, or through an edge
  // taking `group` when group != none.
  template <class Goal>
  std::vector<Hop> path_within(std::uint32_t from, Goal&& goal, std::uint32_t group) {
    std::uint32_t const k = comp_[from];
    std::vector<std::uint32_t> queue{from};
    std::unordered_map<std::uint32_t, Hop> seen{{from, {none, none, from}}};
    auto hop_of = [&](std::uint32_t v) {
      auto it = seen.find(v);
      return it == seen.end() ? Hop{none, none, none} : it->second;
    };
    auto unwind = [&](Hop last) {
      std::vector<Hop> path{last};
      for (Hop h = hop_of(last.from); h.from != none; h = hop_of(h.from)) path.push_back(h);
      return std::vector<Hop>(path.rbegin(), path.rend());
    };
    for (std::size_t head = 0; head < queue.size(); ++head) {
      std::uint32_t const v = queue[head];
      if (group == none && goal(v)) return v == from ? std::vector<Hop>{} : unwind(hop_of(v));
      for (auto const& e : g_.out(v)) {
        if (comp_[e.to] != k) continue;
        Hop const h{v, e.ordinal, e.to};
        if (group != none) {
          for (std::uint32_t gid : g_.sets[e.taken])
            if (gid == group) return unwind(h);
        }
        if (hop_of(e.to).to != none) continue;
        seen.emplace(e.to, h);
        queue.push_back(e.to);
      }
    }
    return {};
  }

  std::uint32_t edge_taken(Hop h) const {
    for (auto const& e : g_.out(h.from))
      if (e.ordinal == h.ordinal) return e.taken;
    return 0;
  }

  // The first group the closed cycle `hops` (a stutter at `entry` when empty) starves, or none.
  std::uint32_t starved(std::uint32_t entry, std::vector<Hop> const& hops) const {
    Bits taken(words_), any(words_), all(words_, ~std::uint64_t{0}), here(words_);
    auto visit = [&](std::uint32_t v) {
      std::fill(here.begin(), here.end(), 0);
      add(here, g_.enabled[v]);
      for (std::size_t w = 0; w < words_; ++w) any[w] |= here[w], all[w] &= here[w];
    };
    visit(entry);
    for (auto const& h : hops) add(taken, edge_taken(h)), visit(h.to);
    for (std::uint32_t gid = 0; gid < g_.kinds.size(); ++gid)
      if (!test(taken, gid) && test(g_.kinds[gid] == Fair::strong ? any : all, gid)) return gid;
    return none;
  }

  void cycle(std::uint32_t entry, FairLasso& l) {
    std::vector<Hop> prefix;
    auto end = [&] { return prefix.empty() ? entry : prefix.back().to; };
    auto extend = [&](std::vector<Hop> more) { prefix.insert(prefix.end(), more.begin(), more.end()); };
    if (!has(entry, accepting)) extend(path_within(entry, [&](std::uint32_t v) { return has(v, accepting); }, none));
    for (;;) {
      std::vector<Hop> closed = prefix;
      if (end() != entry) {
        auto back = path_within(end(), [&](std::uint32_t v) { return v == entry; }, none);
        closed.insert(closed.end(), back.begin(), back.end());
      }
      std::uint32_t const gid = starved(entry, closed);
      if (gid == none) {
        for (auto const& h : closed) l.ordinals.push_back(h.ordinal), l.states.push_back(h.to);
        return;
      }
      auto take = path_within(end(), [](std::uint32_t) { return false; }, gid);
      if (take.empty()) {  // a weakly fair group the component never takes: visit a state where it is disabled
        auto disabled = [&](std::uint32_t v) {
          for (std::uint32_t x : g_.sets[g_.enabled[v]])
            if (x == gid) return false;
          return true;
        };
        take = path_within(end(), disabled, none);
      }
      if (take.empty()) throw std::logic_error("fair cycle: a starved group cannot be served in its component");
      extend(std::move(take));
    }
  }

  FairGraph const& g_;
  std::size_t words_;
  std::vector<std::uint8_t> const* flags_ = nullptr;
  std::vector<std::uint32_t> dist_, parent_, via_, comp_, region_, index_, low_, scc_;
  std::uint32_t stamp_ = 0, scc_stamp_ = 0;
};

}  // namespace weft::checker
