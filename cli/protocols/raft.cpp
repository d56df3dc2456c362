// `weft check raft`: Raft leader election, log replication and commit, with crashes, losses and reordering.
#include <weft/cli/registry.hpp>

#include <raft/raft_properties.hpp>

namespace {
weft::cli::Registration const raft_registration(raft::protocol);
}  // namespace
