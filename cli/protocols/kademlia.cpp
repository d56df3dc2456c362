// `weft check kademlia`: the Kademlia DHT (k-buckets, PING, FIND_NODE, FIND_VALUE, STORE, iterative
// lookups) with a client script: nodes join through node 0, node 0 inserts a key, nodes look it up.
#include "dispatch.hpp"

#include <kademlia/kademlia.hpp>
#include <kademlia/kademlia_properties.hpp>

#include <charconv>
#include <string>

namespace weft::cli {

namespace {

// "4,1,2,13" -> ids; "default" -> none (the default table).
std::vector<kademlia::KadId> parse_ids(std::string const& text) {
  std::vector<kademlia::KadId> ids;
  if (text == "default") return ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t const end = std::min(text.find(',', start), text.size());
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, v);
    if (ec != std::errc{} || ptr != text.data() + end || v > 255)
      throw Error("ids must be a comma-separated list of numbers below 256, got '" + text + "'");
    ids.push_back(static_cast<kademlia::KadId>(v));
    start = end + 1;
  }
  return ids;
}

kademlia::Settings settings(Config const& c) {
  auto n = [&](char const* k) { return static_cast<std::uint32_t>(c.number(k)); };
  kademlia::Settings s;
  s.nodes = n("nodes");
  s.bits = n("bits");
  s.ids = parse_ids(c.text("ids"));
  s.k = n("k");
  s.alpha = n("alpha");
  s.max_requests = n("max_requests");
  s.refreshes = n("refreshes");
  s.republishes = n("republishes");
  s.expire = c.flag("expire");
  s.timeouts = c.flag("timeouts");
  if (n("key") > 255 || n("value") > 255) throw Error("key and value must be below 256");
  s.key = static_cast<kademlia::KadId>(n("key"));
  s.value = static_cast<kademlia::Value>(n("value"));
  s.lookups = n("lookups");
  s.node_lookups = n("node_lookups");
  s.bugs = {.stop_early = c.flag("bug_stop_early"),
            .timer_leak = c.flag("bug_timer_leak"),
            .unverified_contacts = c.flag("bug_unverified_contacts"),
            .bucket_overflow = c.flag("bug_bucket_overflow"),
            .ping_flood = c.flag("bug_ping_flood"),
            .retry_failed = c.flag("bug_retry_failed")};
  s.faults = {.drops = n("drops"), .duplicates = n("duplicates"), .crashes = n("crashes"), .restarts = n("restarts"),
              .partitions = n("partitions")};
  return s;
}

}  // namespace

Protocol kademlia_protocol() {
  return entry(
      "kademlia", "the Kademlia DHT: k-buckets, iterative lookups, joins, inserts, refresh, republish, expiry",
      world_keys({{"nodes", "4", "nodes (2 to 16); node 0 bootstraps and inserts"},
                  {"bits", "4", "bits of Kademlia ids and keys (1 to 8)"},
                  {"ids", "default", "Kademlia id of each node, comma-separated (default: a spread table)"},
                  {"k", "2", "bucket size and replication factor"},
                  {"alpha", "2", "lookup parallelism"},
                  {"max_requests", "3", "outstanding requests a node may have (rate limit)"},
                  {"refreshes", "0", "bucket refreshes per node after joining"},
                  {"republishes", "0", "republishes of the inserted value"},
                  {"expire", "0", "stored values expire unless stored again"},
                  {"timeouts", "1", "requests time out (0: replies are awaited for ever)"},
                  {"key", "0", "the key node 0 inserts"},
                  {"value", "7", "its value"},
                  {"lookups", "1", "value lookups of the key, by the last nodes (nodes: every node)"},
                  {"node_lookups", "0", "node lookups of the key's id, by nodes 1, 2, ..."},
                  {"bug_stop_early", "0", "bug: a lookup ends at the first reply that brings nothing closer"},
                  {"bug_timer_leak", "0", "bug: a reply does not cancel its request's timeout timer"},
                  {"bug_unverified_contacts", "0", "bug: contacts from FIND replies enter the routing table"},
                  {"bug_bucket_overflow", "0", "bug: off by one in the bucket capacity test"},
                  {"bug_ping_flood", "0", "bug: eviction pings ignore the limit on outstanding requests"},
                  {"bug_retry_failed", "0", "bug: a timed-out contact is queried again, without limit"}}),
      [](Config const& c) {
        kademlia::Settings const s = settings(c);
        kademlia::World w = kademlia::make_checked_world(s);
        return apply_world_keys(w, c);
      });
}

}  // namespace weft::cli
