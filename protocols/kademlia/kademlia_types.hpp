// Kademlia's data: ids and contacts, the four RPCs and their replies, timers, user commands, the state of
// a running lookup and of a node. Plain reflected structs, kept small and canonical (sorted tables,
// bounded counters) so that exhaustive checks terminate. See kademlia.hpp for the behaviour.
#pragma once

#include <weft/effects.hpp>
#include <weft/node_id.hpp>
#include <weft/reflect.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kademlia {

/// A Kademlia id (of a node or of a key): a few bits, compared by XOR distance. Distinct from the
/// weft::NodeId, which is the node's network address.
using KadId = std::uint8_t;
/// A stored value.
using Value = std::uint8_t;
/// An operation's sequence number at its node; 0 tags maintenance pings.
using OpSeq = std::uint8_t;

/// Who a node is: its network address and its Kademlia id.
struct Contact {
  BOOST_HANA_DEFINE_STRUCT(Contact, (weft::NodeId, addr), (KadId, id));
};

// --- RPCs: every message carries the sender's Kademlia id, and the operation it belongs to -----------

/// PING: is the contact alive? (sent before evicting the least recently seen contact of a full bucket)
struct Ping {
  BOOST_HANA_DEFINE_STRUCT(Ping, (KadId, sender), (OpSeq, op));
};
/// The reply to PING.
struct Pong {
  BOOST_HANA_DEFINE_STRUCT(Pong, (KadId, sender), (OpSeq, op));
};
/// FIND_NODE: the k contacts closest to `target` that the receiver knows.
struct FindNode {
  BOOST_HANA_DEFINE_STRUCT(FindNode, (KadId, sender), (OpSeq, op), (KadId, target));
};
/// The reply to FIND_NODE.
struct FoundNodes {
  BOOST_HANA_DEFINE_STRUCT(FoundNodes, (KadId, sender), (OpSeq, op), (std::vector<Contact>, contacts));
};
/// FIND_VALUE: the value of `key` if the receiver stores it, else as FIND_NODE.
struct FindValue {
  BOOST_HANA_DEFINE_STRUCT(FindValue, (KadId, sender), (OpSeq, op), (KadId, key));
};
/// The reply to FIND_VALUE: the value, or the closest contacts.
struct FoundValue {
  BOOST_HANA_DEFINE_STRUCT(FoundValue, (KadId, sender), (OpSeq, op), (std::optional<Value>, value),
                           (std::vector<Contact>, contacts));
};
/// STORE: keep `key` -> `value`.
struct Store {
  BOOST_HANA_DEFINE_STRUCT(Store, (KadId, sender), (OpSeq, op), (KadId, key), (Value, value));
};
/// The reply to STORE.
struct Stored {
  BOOST_HANA_DEFINE_STRUCT(Stored, (KadId, sender), (OpSeq, op));
};
/// Every message of the protocol.
using Msg = std::variant<Ping, Pong, FindNode, FoundNodes, FindValue, FoundValue, Store, Stored>;

/// Which RPC a request is.
enum class Rpc : std::uint8_t { ping, find_node, find_value, store };

/// An outstanding request: to `peer`, for operation `op`. At most one per (peer, op, rpc).
struct Request {
  BOOST_HANA_DEFINE_STRUCT(Request, (weft::NodeId, peer), (OpSeq, op), (Rpc, rpc));
};

// --- Timers ------------------------------------------------------------------------------------------

/// The request (peer, op, rpc) has waited too long: its contact is taken as failed.
struct RequestTimeout {
  BOOST_HANA_DEFINE_STRUCT(RequestTimeout, (weft::NodeId, peer), (OpSeq, op), (Rpc, rpc));
};
/// Time to refresh a bucket (a lookup of an id in it).
struct RefreshTick {
  BOOST_HANA_DEFINE_STRUCT(RefreshTick);
};
/// Time for the publisher to store `key` again at the k closest nodes.
struct RepublishTick {
  BOOST_HANA_DEFINE_STRUCT(RepublishTick, (KadId, key));
};
/// The stored value of `key` has not been refreshed by a STORE for too long: it is dropped.
struct ExpireTick {
  BOOST_HANA_DEFINE_STRUCT(ExpireTick, (KadId, key));
};
/// Every timer of a node.
using Timer = std::variant<RequestTimeout, RefreshTick, RepublishTick, ExpireTick>;

// --- Commands: user inputs, and the maintenance tasks queued beside them ----------------------------

/// Join the network through `bootstrap`: look up our own id starting from it.
struct Join {
  BOOST_HANA_DEFINE_STRUCT(Join, (Contact, bootstrap));
};
/// Find the k nodes closest to `target`.
struct LookupNode {
  BOOST_HANA_DEFINE_STRUCT(LookupNode, (KadId, target));
};
/// Find the value stored under `key`.
struct LookupValue {
  BOOST_HANA_DEFINE_STRUCT(LookupValue, (KadId, key));
};
/// Store `value` under `key` at the k nodes closest to `key`.
struct Insert {
  BOOST_HANA_DEFINE_STRUCT(Insert, (KadId, key), (Value, value));
};
/// Bucket refresh: a node lookup of `target` (not a user command).
struct Refresh {
  BOOST_HANA_DEFINE_STRUCT(Refresh, (KadId, target));
};
/// The publisher stores its value again (not a user command).
struct Republish {
  BOOST_HANA_DEFINE_STRUCT(Republish, (KadId, key), (Value, value));
};
/// What a user asks a node to do.
using Input = std::variant<Join, LookupNode, LookupValue, Insert>;
/// What a node does, one at a time: user commands and maintenance tasks.
using Command = std::variant<Join, LookupNode, LookupValue, Insert, Refresh, Republish>;

// --- Outputs: what the user is told, recorded in the world's history ---------------------------------

/// A value lookup (operation `op` of its node) has started.
struct LookupBegan {
  BOOST_HANA_DEFINE_STRUCT(LookupBegan, (OpSeq, op), (KadId, key));
};
/// An insert has completed: every STORE was answered or timed out. `stored_at`: the nodes that hold
/// the value (those that answered, and the publisher if it is among the k closest it found), sorted.
struct Inserted {
  BOOST_HANA_DEFINE_STRUCT(Inserted, (KadId, key), (Value, value), (std::vector<weft::NodeId>, stored_at));
};
/// Every output.
using Output = std::variant<LookupBegan, Inserted>;

// --- A running operation -----------------------------------------------------------------------------

/// Where a candidate of a lookup stands.
enum class Status : std::uint8_t { fresh, waiting, answered, failed };

/// A contact on a lookup's shortlist.
struct Candidate {
  BOOST_HANA_DEFINE_STRUCT(Candidate, (Contact, contact), (Status, status));
};

/// The iterative lookup at the heart of every command. Finding: the shortlist is sorted by distance to
/// the target. Storing (inserts): the shortlist holds the STORE targets.
struct Op {
  BOOST_HANA_DEFINE_STRUCT(Op,
    (OpSeq, seq),
    (Command, command),
    (bool, storing),
    (std::vector<Candidate>, shortlist),
    (std::uint8_t, sent)  // requests this operation has sent: bounded by a property
  );
};

/// A bucket is full and its least recently seen contact `old` is being pinged; `fresh` replaces it if
/// the ping times out.
struct Eviction {
  BOOST_HANA_DEFINE_STRUCT(Eviction, (Contact, old), (Contact, fresh));
};
/// A stored key.
struct Entry {
  BOOST_HANA_DEFINE_STRUCT(Entry, (KadId, key), (Value, value));
};
/// A key this node published, and how many republishes it still owes.
struct Publication {
  BOOST_HANA_DEFINE_STRUCT(Publication, (KadId, key), (Value, value), (std::uint8_t, republishes_left));
};
/// The answer of a value lookup, for the user.
struct Result {
  BOOST_HANA_DEFINE_STRUCT(Result, (OpSeq, op), (KadId, key), (std::optional<Value>, found));
};

/// A node. `table` is the k-buckets flattened: grouped by bucket index, least recently seen first within
/// a bucket. `heard`, `timed_out` and `expired` are ghost fields: read by the properties only.
struct NodeState {
  BOOST_HANA_DEFINE_STRUCT(NodeState,
    (std::vector<Contact>, table),
    (std::vector<Eviction>, evictions),
    (std::vector<Request>, requests),        // sorted; at most max_requests (rate limiting)
    (std::optional<Op>, op),                 // the running command
    (std::vector<Command>, queue),           // commands waiting for it
    (std::vector<Entry>, store),             // sorted by key
    (std::vector<Publication>, published),   // sorted by key
    (std::vector<Result>, results),
    (std::uint8_t, next_op),
    (std::uint8_t, refreshes_left),
    (bool, joined),
    (std::vector<Contact>, heard),           // ghost: every contact a message came from, sorted
    (bool, timed_out),                       // ghost: some request of this node timed out
    (bool, expired)                          // ghost: some value stored here expired
  );
};

// --- Configuration and small helpers ------------------------------------------------------------

/// Bug switches: each reintroduces a real class of DHT bug (all off by default).
struct Bugs {
  /// The lookup ends at the first reply that brings no node closer than the closest known, even though
  /// queries are still in flight (or unqueried among the k closest): declaring a lookup done before its
  /// outstanding replies arrive, a classic shortcut of the paper's "a round that brings nothing closer"
  /// rule. It misses values held by the in-flight contacts.
  bool stop_early = false;
  /// The reply path removes the request but forgets to cancel its timeout timer: a dangling timer, the
  /// leak hs-p4p's periodic self-check looked for (a later timeout acts on a request that is gone).
  bool timer_leak = false;
  /// Contacts learned from FIND replies go straight into the routing table without ever being heard
  /// from: the unverified-contact bug behind routing table poisoning and stale tables.
  bool unverified_contacts = false;
  /// Off by one in the bucket capacity test (`<= k` for `< k`): buckets grow to k + 1.
  bool bucket_overflow = false;
  /// Eviction pings bypass the limit on outstanding requests (the limiter guards lookups only): churn
  /// in a full bucket then floods the network and the request table, a DHT amplification vector.
  bool ping_flood = false;
  /// A timed-out contact goes back to the shortlist's unqueried candidates instead of being marked
  /// failed: a retry loop that keeps a lookup against a slow or dead node sending for ever.
  bool retry_failed = false;
};

/// Timer delays (recorded for timed walks; the untimed checker lets any pending timer fire at any time).
struct Delays {
  weft::Ticks request = 100;
  weft::Ticks refresh = 1000;
  weft::Ticks republish = 1000;
  weft::Ticks expire = 2500;
};

/// Sets the status of `addr` on an operation's list.
inline void set_status(Op& o, weft::NodeId addr, Status st) {
  for (Candidate& c : o.shortlist)
    if (c.contact.addr == addr) c.status = st;
}
/// The stored entry of `key`, if any.
inline Entry const* entry(NodeState const& s, KadId key) {
  for (Entry const& e : s.store)
    if (e.key == key) return &e;
  return nullptr;
}
/// The publication of `key`, if any.
inline Publication* publication(NodeState& s, KadId key) {
  for (Publication& p : s.published)
    if (p.key == key) return &p;
  return nullptr;
}
/// The key and value an insert or republish stores.
inline Entry payload(Command const& c) {
  if (auto const* i = std::get_if<Insert>(&c)) return {i->key, i->value};
  auto const& r = std::get<Republish>(c);
  return {r.key, r.value};
}

}  // namespace kademlia
