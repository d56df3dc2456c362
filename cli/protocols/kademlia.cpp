// `weft check kademlia`: the Kademlia DHT (k-buckets, PING, FIND_NODE, FIND_VALUE, STORE, iterative lookups).
#include <weft/cli/registry.hpp>

#include <kademlia/kademlia_properties.hpp>

namespace {
weft::cli::Registration const kademlia_registration(kademlia::protocol);
}  // namespace
