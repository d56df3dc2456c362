// Kademlia's invariants, checked on every world state: routing tables hold only contacts the node has
// heard from and at most k per bucket; every pending timer refers to live state (hs-p4p ran this as a
// periodic self-check; here it is an invariant) and bounded tables stay within their bounds; a lookup
// sends a bounded number of messages; and a value stored at the k nodes closest to its key is found by
// every lookup that begins after the insert completed, as long as nothing went wrong (no request timed
// out, no value expired, no node crashed).
#pragma once

#include <kademlia/kademlia.hpp>

#include <weft/weft.hpp>

#include <algorithm>
#include <optional>
#include <vector>

namespace kademlia {

/// The nodes whose Kademlia ids are the k closest to `key`, sorted by address.
inline std::vector<weft::NodeId> k_closest(Settings const& cfg, KadId key) {
  std::vector<KadId> const ids = cfg.effective_ids();
  std::vector<weft::NodeId> nodes;
  for (weft::NodeId n = 0; n < ids.size(); ++n) nodes.push_back(n);
  std::sort(nodes.begin(), nodes.end(), [&](weft::NodeId a, weft::NodeId b) {
    return distance(ids[a], key) < distance(ids[b], key);
  });
  if (nodes.size() > cfg.k) nodes.resize(cfg.k);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

namespace detail {

inline NodeState const& node_state(World::State const& s, weft::NodeId n) { return World::state_of<Node>(s, n); }

template <class F>
bool every_node(World::State const& s, F&& ok) {
  for (weft::NodeId n = 0; n < s.nodes.size(); ++n)
    if (!ok(n, node_state(s, n))) return false;
  return true;
}

inline bool has_request(NodeState const& st, weft::NodeId peer, OpSeq op, Rpc rpc) {
  return std::binary_search(st.requests.begin(), st.requests.end(), Request{peer, op, rpc}, weft::Less{});
}

// A pending timer is live when what it will act on exists.
inline bool live(NodeState const& st, Timer const& t) {
  if (auto const* r = std::get_if<RequestTimeout>(&t)) return has_request(st, r->peer, r->op, r->rpc);
  if (std::holds_alternative<RefreshTick>(t)) return st.joined && st.refreshes_left > 0;
  if (auto const* p = std::get_if<RepublishTick>(&t))
    return std::any_of(st.published.begin(), st.published.end(),
                       [&](Publication const& x) { return x.key == p->key && x.republishes_left > 0; });
  auto const& e = std::get<ExpireTick>(t);
  return std::any_of(st.store.begin(), st.store.end(), [&](Entry const& x) { return x.key == e.key; });
}

inline bool timers_live(Settings const& cfg, World::State const& s) {
  return every_node(s, [&](weft::NodeId n, NodeState const& st) {
    auto const& timers = s.nodes[n].timers;
    for (auto const& t : timers)
      if (!live(st, std::get<0>(t))) return false;
    // Conversely, every outstanding request can time out (when requests time out at all).
    for (Request const& r : cfg.timeouts ? st.requests : std::vector<Request>{}) {
      World::Timer const tag{std::in_place_index<0>, Timer{RequestTimeout{r.peer, r.op, r.rpc}}};
      if (!std::binary_search(timers.begin(), timers.end(), tag, weft::Less{})) return false;
    }
    return true;
  });
}

inline bool within_bounds(Settings const& cfg, World::State const& s) {
  std::vector<KadId> const ids = cfg.effective_ids();
  return every_node(s, [&](weft::NodeId n, NodeState const& st) {
    if (st.requests.size() > cfg.max_requests) return false;
    std::vector<unsigned> buckets;
    for (Eviction const& e : st.evictions) {
      buckets.push_back(bucket_of(ids[n], e.old.id));
      if (!has_request(st, e.old.addr, 0, Rpc::ping)) return false;  // its ping is on its way
    }
    std::sort(buckets.begin(), buckets.end());
    if (std::adjacent_find(buckets.begin(), buckets.end()) != buckets.end()) return false;  // one per bucket
    // A search lists each other node at most once; a store lists its k targets.
    return !st.op || st.op->shortlist.size() <= (st.op->storing ? cfg.k : cfg.nodes - 1);
  });
}

inline bool buckets_bounded(Settings const& cfg, World::State const& s) {
  std::vector<KadId> const ids = cfg.effective_ids();
  return every_node(s, [&](weft::NodeId n, NodeState const& st) {
    for (Contact const& c : st.table)
      if (bucket_size(st.table, ids[n], bucket_of(ids[n], c.id)) > cfg.k) return false;
    return true;
  });
}

// Nothing disturbed the run: no request timed out, no value expired, no node crashed.
inline bool undisturbed(Settings const& cfg, World::State const& s) {
  return s.budget.crashes == cfg.world.faults.crashes &&
         every_node(s, [](weft::NodeId, NodeState const& st) { return !st.timed_out && !st.expired; });
}

// The value of an insert of `key` that completed before position `before` of the history and reached
// the k closest nodes, if there is one.
inline std::optional<Value> settled_value(Settings const& cfg, World::State const& s, KadId key, std::size_t before) {
  std::vector<weft::NodeId> const closest = k_closest(cfg, key);
  for (std::size_t i = 0; i < before; ++i) {
    auto const* ins = std::get_if<Inserted>(&std::get<0>(s.observed[i].value));
    if (ins && ins->key == key && std::includes(ins->stored_at.begin(), ins->stored_at.end(), closest.begin(), closest.end()))
      return ins->value;
  }
  return std::nullopt;
}

// Calls `f(node, result, value)` for every finished value lookup that began after a settled insert of its key.
template <class F>
bool every_later_lookup(Settings const& cfg, World::State const& s, F&& f) {
  for (std::size_t i = 0; i < s.observed.size(); ++i) {
    auto const* began = std::get_if<LookupBegan>(&std::get<0>(s.observed[i].value));
    if (!began) continue;
    std::optional<Value> const value = settled_value(cfg, s, began->key, i);
    if (!value) continue;
    for (Result const& r : node_state(s, s.observed[i].node).results)
      if (r.op == began->op && !f(r, *value)) return false;
  }
  return true;
}

}  // namespace detail

/// Adds Kademlia's properties, judged against the settings the world was made from.
inline void add_properties(World& w, Settings const& cfg) {
  using namespace detail;
  w.property(weft::always<World>("routing tables hold only contacts heard from", [](World const&, World::State const& s) {
    return every_node(s, [](weft::NodeId, NodeState const& st) {
      return std::all_of(st.table.begin(), st.table.end(), [&](Contact const& c) { return contains_sorted(st.heard, c); });
    });
  }));
  w.property(weft::always<World>("buckets hold at most k contacts",
                                 [cfg](World const&, World::State const& s) { return buckets_bounded(cfg, s); }));
  w.property(weft::always<World>("timers refer to live state",
                                 [cfg](World const&, World::State const& s) { return timers_live(cfg, s); }));
  w.property(weft::always<World>("tables stay within their bounds",
                                 [cfg](World const&, World::State const& s) { return within_bounds(cfg, s); }));
  w.property(weft::always<World>("lookups send a bounded number of messages", [cfg](World const&, World::State const& s) {
    // One FIND per contact (at most nodes - 1), then at most k STOREs.
    return every_node(s, [&](weft::NodeId, NodeState const& st) { return !st.op || st.op->sent <= cfg.nodes - 1 + cfg.k; });
  }));
  w.property(weft::always<World>("stored values are found", [cfg](World const&, World::State const& s) {
    if (!undisturbed(cfg, s)) return true;
    return every_later_lookup(cfg, s, [](Result const& r, Value v) { return r.found && *r.found == v; });
  }));
  w.property(weft::sometimes<World>("a later lookup finds a stored value", [cfg](World const&, World::State const& s) {
    bool found = false;
    every_later_lookup(cfg, s, [&](Result const& r, Value v) { return !(found = r.found && *r.found == v); });
    return found;
  }));
}

/// The world of `cfg` with every property.
inline World make_checked_world(Settings const& cfg) {
  World w = make_world(cfg);
  add_properties(w, cfg);
  return w;
}

/// Kademlia as its tools and tests know it: the world of `settings` with its properties.
inline auto const protocol = weft::protocol<Settings>(
    "kademlia", "the Kademlia DHT: k-buckets, iterative lookups, joins, inserts, refresh, republish, expiry",
    &make_checked_world);

}  // namespace kademlia
