// `weft check paxos`: single-decree Paxos with proposers, acceptors and learners.
#include <weft/cli/registry.hpp>

#include <paxos/paxos_properties.hpp>

namespace {
weft::cli::Registration const paxos_registration(paxos::protocol);
}  // namespace
