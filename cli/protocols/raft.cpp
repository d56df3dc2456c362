// `weft check raft`: Raft's leader election, log replication and commit, with crashes, losses and reordering.
#include "dispatch.hpp"

#include <raft/raft.hpp>
#include <raft/raft_properties.hpp>

namespace weft::cli {

Protocol raft_protocol() {
  return entry("raft", "Raft (figure 2): leader election, log replication and commit of current-term entries",
               world_keys({{"nodes", "3", "servers (3 to 5 are sensible)"},
                           {"max_term", "2", "no election beyond this term (ignored when live)"},
                           {"live", "0", "a real cluster: 50 ms heartbeats that retransmit, random 150-300 ms election timeouts, unbounded terms"},
                           {"requests", "1", "client requests: request k goes to node k mod nodes"},
                           {"strict_liveness", "0", "check \"a leader is elected\" itself (fails: a split vote at max_term)"},
                           {"bug_vote_without_log_check", "0", "bug: grant votes without the up-to-date-log check"},
                           {"bug_commit_old_term", "0", "bug: a leader commits earlier-term entries by counting replicas (figure 8)"}}),
               [](Config const& c) {
                 raft::Settings s;
                 s.nodes = static_cast<std::uint32_t>(c.number("nodes"));
                 s.max_term = static_cast<std::uint32_t>(c.number("max_term"));
                 s.requests = static_cast<std::uint32_t>(c.number("requests"));
                 s.live = c.flag("live");
                 s.bug_vote_without_log_check = c.flag("bug_vote_without_log_check");
                 s.bug_commit_old_term = c.flag("bug_commit_old_term");
                 auto w = raft::make_world(s);
                 apply_world_keys(w, c);
                 raft::add_properties(w, s, c.flag("strict_liveness"));
                 return w;
               });
}

}  // namespace weft::cli
