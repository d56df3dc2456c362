// Kademlia as a weft world: every node runs kademlia::Node (node.hpp); node 0 is the bootstrap node
// and the publisher. The client script: every other node joins through node 0, node 0 inserts one key,
// then some nodes look the key up (node lookups and value lookups). The properties are in
// properties/kademlia/kademlia_properties.hpp.
#pragma once

#include "node.hpp"

#include <weft/protocol.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace kademlia {

/// The world: one role, Node, on every node.
using World = weft::World<Node>;

/// Kademlia ids by address when none are given. For 4 bits and the key 0, n1 and n2 (ids 1 and 2) are the
/// two closest to the key, then n0 (3). n3 (13) has all three in its bucket 3, nearest n1, then n0, then
/// n2: a joining n3's lookup of its own id ends once n1 and n0 have answered, so n3 never hears from n2,
/// a holder of the key, and with k = 2 its full bucket exercises eviction.
inline std::vector<KadId> default_ids(std::uint32_t nodes, std::uint32_t bits) {
  std::vector<KadId> const table{3, 1, 2, 13, 8, 7, 11, 14, 5, 10, 4, 12, 6, 9, 15, 0};
  std::vector<KadId> out;
  for (std::uint32_t i = 0; i < nodes; ++i)  // with fewer than 4 bits: 0, 1, 2, ...
    out.push_back(static_cast<KadId>(bits >= 4 && i < table.size() ? table[i] << (bits - 4) : i));
  return out;
}

/// Everything that shapes a Kademlia world.
struct Settings {
  std::uint32_t nodes = 4;        ///< nodes; node 0 bootstraps and publishes
  std::uint32_t bits = 4;         ///< id length (1 to 8)
  std::vector<KadId> ids;         ///< Kademlia id by address; empty: default_ids(nodes, bits)
  std::uint32_t k = 2;            ///< bucket size and replication
  std::uint32_t alpha = 2;        ///< lookup parallelism
  std::uint32_t max_requests = 3; ///< outstanding requests per node (rate limit)
  std::uint32_t refreshes = 0;    ///< bucket refreshes per node after it joins
  std::uint32_t republishes = 0;  ///< republishes of the inserted value
  bool expire = false;            ///< stored values expire
  bool timeouts = false;          ///< requests time out (false: a reliable network, replies awaited for ever)
  KadId key = 0;                  ///< the key node 0 inserts
  Value value = 7;                ///< its value
  std::uint32_t lookups = 1;      ///< value lookups of the key, by the last `lookups` nodes (all: node 0 too)
  std::uint32_t node_lookups = 0; ///< node lookups of the key's id, by nodes 1, 2, ... after joining
  bool bug_stop_early = false;           ///< see Bugs::stop_early
  bool bug_timer_leak = false;           ///< see Bugs::timer_leak
  bool bug_unverified_contacts = false;  ///< see Bugs::unverified_contacts
  bool bug_bucket_overflow = false;      ///< see Bugs::bucket_overflow
  bool bug_ping_flood = false;           ///< see Bugs::ping_flood
  bool bug_retry_failed = false;         ///< see Bugs::retry_failed
  /// Network and node faults, seed (unused by the protocol). FIFO links by default: Kademlia runs over
  /// request/reply exchanges, and unordered delivery multiplies the states without finding more.
  weft::WorldSettings world{.delivery = weft::Delivery::fifo};

  /// The ids in use: `ids`, or the default table.
  std::vector<KadId> effective_ids() const { return ids.empty() ? default_ids(nodes, bits) : ids; }
};

}  // namespace kademlia

BOOST_HANA_ADAPT_STRUCT(kademlia::Settings, nodes, bits, ids, k, alpha, max_requests, refreshes, republishes, expire,
                        timeouts, key, value, lookups, node_lookups, bug_stop_early, bug_timer_leak,
                        bug_unverified_contacts, bug_bucket_overflow, bug_ping_flood, bug_retry_failed, world);

namespace kademlia {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::nodes, "nodes; node 0 bootstraps and inserts", weft::Bounds{2, 16});
  d(&Settings::bits, "bits of Kademlia ids and keys", weft::Bounds{1, 8});
  d(&Settings::ids, "Kademlia id of each node, comma-separated (empty: a spread table)", weft::Bounds{0, 255});
  d(&Settings::k, "bucket size and replication factor", weft::Bounds{1, 16});
  d(&Settings::alpha, "lookup parallelism", weft::Bounds{1, 16});
  d(&Settings::max_requests, "outstanding requests a node may have (rate limit)", weft::Bounds{1, 64});
  d(&Settings::refreshes, "bucket refreshes per node after joining", weft::Bounds{0, 8});
  d(&Settings::republishes, "republishes of the inserted value", weft::Bounds{0, 8});
  d(&Settings::expire, "stored values expire unless stored again");
  d(&Settings::timeouts, "requests time out (0: replies are awaited for ever)");
  d(&Settings::key, "the key node 0 inserts", weft::Bounds{0, 255});
  d(&Settings::value, "its value", weft::Bounds{0, 255});
  d(&Settings::lookups, "value lookups of the key, by the last nodes (nodes: every node)", weft::Bounds{0, 16});
  d(&Settings::node_lookups, "node lookups of the key's id, by nodes 1, 2, ...", weft::Bounds{0, 15});
  d(&Settings::bug_stop_early, "bug: a lookup ends at the first reply that brings nothing closer");
  d(&Settings::bug_timer_leak, "bug: a reply does not cancel its request's timeout timer");
  d(&Settings::bug_unverified_contacts, "bug: contacts from FIND replies enter the routing table");
  d(&Settings::bug_bucket_overflow, "bug: off by one in the bucket capacity test");
  d(&Settings::bug_ping_flood, "bug: eviction pings ignore the limit on outstanding requests");
  d(&Settings::bug_retry_failed, "bug: a timed-out contact is queried again, without limit");
}

/// Throws weft::Error when the settings cannot make a world.
inline void validate(Settings const& s) {
  auto fail = [](std::string const& why) { throw weft::Error("kademlia: " + why); };
  if (s.nodes < 2 || s.nodes > 16) fail("nodes must be 2 to 16");
  if (s.bits < 1 || s.bits > 8) fail("bits must be 1 to 8");
  if (s.k < 1 || s.alpha < 1 || s.max_requests < 1) fail("k, alpha and max_requests must be at least 1");
  if (s.refreshes > 8 || s.republishes > 8) fail("refreshes and republishes must be at most 8");
  if (s.lookups > s.nodes || s.node_lookups >= s.nodes) fail("lookups must be at most nodes, node_lookups below nodes");
  std::vector<KadId> ids = s.effective_ids();
  if (ids.size() != s.nodes) fail("ids must name one id per node");
  for (KadId id : ids)
    if (id >> s.bits) fail("id " + std::to_string(id) + " does not fit in " + std::to_string(s.bits) + " bits");
  if (s.key >> s.bits) fail("the key does not fit in the id bits");
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) fail("ids must be distinct");
}

/// The node process the settings describe.
inline Node make_node(Settings const& s) {
  Node n;
  n.ids = s.effective_ids();
  n.bits = s.bits;
  n.k = s.k;
  n.alpha = s.alpha;
  n.max_requests = s.max_requests;
  n.refreshes = static_cast<std::uint8_t>(s.refreshes);
  n.republishes = static_cast<std::uint8_t>(s.republishes);
  n.expire = s.expire;
  n.timeouts = s.timeouts;
  n.bugs = {.stop_early = s.bug_stop_early,
            .timer_leak = s.bug_timer_leak,
            .unverified_contacts = s.bug_unverified_contacts,
            .bucket_overflow = s.bug_bucket_overflow,
            .ping_flood = s.bug_ping_flood,
            .retry_failed = s.bug_retry_failed};
  return n;
}

/// The world without properties (see kademlia_properties.hpp): the client script, faults and network.
/// It records outputs, since the lookup property compares when lookups began with when inserts ended.
inline World make_world(Settings const& s) {
  validate(s);
  World w(std::vector<std::size_t>(s.nodes, 0), make_node(s));
  std::vector<KadId> const ids = s.effective_ids();
  w.input(0, Input{Insert{s.key, s.value}});
  for (weft::NodeId n = 1; n < s.nodes; ++n) {
    w.input(n, Input{Join{Contact{0, ids[0]}}});
    if (n <= s.node_lookups) w.input(n, Input{LookupNode{s.key}});
  }
  for (weft::NodeId n = 0; n < s.nodes; ++n)
    if (n + s.lookups >= s.nodes) w.input(n, Input{LookupValue{s.key}});
  w.configure(s.world).record_outputs();
  return w;
}

}  // namespace kademlia
