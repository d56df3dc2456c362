// Raft's data: log entries, the four RPC messages, timers, client requests and replies, and a node's
// state. Plain reflected structs, so weft can serialise, compare, print and fingerprint them; the process
// that uses them is in raft.hpp.
//
// Terms, indices and commands are 32-bit: the model checker bounds terms with max_term (config), while a
// live cluster runs for as long as it is left running.
#pragma once

#include <weft/node_id.hpp>
#include <weft/protocol.hpp>
#include <weft/reflect.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace raft {

using Term = std::uint32_t;     ///< an election term
using Index = std::uint32_t;    ///< a log position, from 1; 0 means "before the first entry"
using Command = std::uint32_t;  ///< a client's command (opaque to Raft)

/// One log entry: the command and the term of the leader that appended it.
struct Entry {
  BOOST_HANA_DEFINE_STRUCT(Entry, (Term, term), (Command, cmd));
};

/// RequestVote RPC; the candidate is the sender.
struct RequestVote {
  BOOST_HANA_DEFINE_STRUCT(RequestVote, (Term, term), (Index, last_log_index), (Term, last_log_term));
};
/// A granted vote. A refusal is not sent: the candidate could do nothing with it (it learns of a higher
/// term from that term's own candidate or leader).
struct Vote {
  BOOST_HANA_DEFINE_STRUCT(Vote, (Term, term));
};
/// AppendEntries RPC; the leader is the sender. Empty `entries` make it a heartbeat.
struct AppendEntries {
  BOOST_HANA_DEFINE_STRUCT(AppendEntries,
    (Term, term),
    (Index, prev_index),
    (Term, prev_term),
    (std::vector<Entry>, entries),
    (Index, leader_commit)
  );
};
/// AppendEntries reply. `index`: on success the last index known to match the leader's log; on failure
/// the index the leader should try as its next one (at most the prevLogIndex that did not match), so a
/// late or duplicated reply cannot mislead the leader.
struct AppendReply {
  BOOST_HANA_DEFINE_STRUCT(AppendReply, (Term, term), (bool, success), (Index, index));
};
using Msg = std::variant<RequestVote, Vote, AppendEntries, AppendReply>;

/// A follower or candidate has heard nothing for a while: it starts an election.
struct ElectionTimeout {
  BOOST_HANA_DEFINE_STRUCT(ElectionTimeout);
};
/// A leader sends AppendEntries to every follower.
struct Heartbeat {
  BOOST_HANA_DEFINE_STRUCT(Heartbeat);
};
using Timer = std::variant<ElectionTimeout, Heartbeat>;

/// A client asks the cluster to run `cmd` (a live input line: `{"cmd": 7}`).
struct ClientRequest {
  BOOST_HANA_DEFINE_STRUCT(ClientRequest, (Command, cmd));
};
/// A node applied the entry at `index` (appended in `term`, carrying `cmd`) to its state machine. Every
/// node outputs it for every entry it applies, so clients can check state-machine safety from outputs.
struct Applied {
  BOOST_HANA_DEFINE_STRUCT(Applied, (Index, index), (Term, term), (Command, cmd));
};
/// The node asked to run `cmd` is not the leader: the client should retry at `leader` (when known).
struct NotLeader {
  BOOST_HANA_DEFINE_STRUCT(NotLeader, (Command, cmd), (std::optional<weft::NodeId>, leader));
};
/// What a node tells its clients.
using Reply = std::variant<Applied, NotLeader>;

enum class Role : std::uint8_t { follower, candidate, leader };

/// What a leader knows of one follower's log.
struct Progress {
  BOOST_HANA_DEFINE_STRUCT(Progress, (Index, next), (Index, match));
};

/// A node. Durable (survives a crash): current_term, voted_for, log. Volatile: the rest. `applied` is the
/// state machine itself: the commands applied so far, in order (a node rebuilds it from its log after a
/// restart, as commit_index is learnt again).
struct NodeState {
  BOOST_HANA_DEFINE_STRUCT(NodeState,
    (Term, current_term),
    (std::optional<weft::NodeId>, voted_for),
    (std::vector<Entry>, log),
    (Role, role),
    (std::optional<weft::NodeId>, leader),            ///< the current term's leader, once heard from
    (Index, commit_index),
    (std::vector<Command>, applied),
    (std::set<weft::NodeId>, votes),                  ///< candidate: who granted its vote this term
    (std::map<weft::NodeId, Progress>, progress)      ///< leader: nextIndex and matchIndex per follower
  );
};

/// The index of the last entry.
inline Index last_index(NodeState const& s) { return static_cast<Index>(s.log.size()); }
/// The term of the entry at `i` (0 before the first entry).
inline Term term_at(NodeState const& s, Index i) { return i == 0 ? Term{0} : s.log[i - 1].term; }

}  // namespace raft
