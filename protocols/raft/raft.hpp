// Raft (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm", figure 2): leader
// election with the up-to-date-log check, log replication with the prevLogIndex/prevLogTerm consistency
// check and truncation of conflicting entries, and commit of current-term entries on a majority (figure 8).
// Every node runs the same process; client requests are user inputs, appended by a leader and answered
// with NotLeader (and the leader's id when known) by anyone else, so the client can retry elsewhere.
//
// Two modes of the same code (`live`):
//   model (live = 0, the default), bounded for exhaustive checks: no election beyond `max_term`, and a
//     leader sends AppendEntries only when something changed (it was elected, took a request, advanced its
//     commit index: each sends to every follower at once) or when a reply asks for more; it sets no timer.
//     So a leader does not retransmit on its own: after a message loss a follower may stay behind until the
//     next change. That costs liveness of replication only, never safety, and keeps the messages finite in
//     the untimed world, where a periodic heartbeat could fire for ever.
//   live (live = 1), a cluster that keeps working on real sockets and clocks: terms are unbounded, the
//     leader heartbeats every 50 ms (each heartbeat retransmits what a follower lacks), and election
//     timeouts are drawn from ctx.rng() in 150-300 ms so that split votes resolve.
//
// Bug switches (Settings, `--set bug_...=1`), each a real, documented mistake:
//   bug_vote_without_log_check: grant a vote without the candidate's log being at least as up to date
//     (section 5.4.1's election restriction left out): a leader can be elected without committed entries.
//   bug_commit_old_term: a leader commits an entry of an earlier term once it is stored on a majority
//     (figure 8): a later leader whose log lacks it can still be elected and overwrite it.
#pragma once

#include <raft/raft_types.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace raft {

/// One Raft server.
struct Node {
  using State = NodeState;
  using Msg = raft::Msg;
  using Timer = raft::Timer;
  using Input = ClientRequest;
  using Output = Reply;
  using Ctx = weft::Context<Node>;

  Term max_term = 2;                        ///< no election starts beyond this term
  bool live = false;                        ///< periodic heartbeats and random election timeouts
  bool bug_vote_without_log_check = false;  ///< see the banner
  bool bug_commit_old_term = false;         ///< see the banner

  // Timer delays (milliseconds when live; ticks on a timed network; ignored by untimed checks).
  static constexpr weft::Ticks election_min = 150;     ///< live: timeouts drawn in [150, 300]
  static constexpr weft::Ticks election_spread = 150;
  static constexpr weft::Ticks heartbeat_period = 50;  ///< live: the leader's heartbeat
  static constexpr std::size_t max_batch = 64;         ///< live: entries per AppendEntries (one datagram)

  /// Figure 2's persistent state: currentTerm, votedFor, log[].
  State durable(State const& s) const {
    State d{};
    d.current_term = s.current_term;
    d.voted_for = s.voted_for;
    d.log = s.log;
    return d;
  }

  /// Why `s` cannot be a Raft server's state (a state read from a file or a log), or "": what the handlers
  /// rely on when they index the log.
  std::string validate(State const& s) const {
    if (s.commit_index > last_index(s)) return "its commit index is past the end of its log";
    if (s.applied.size() > s.commit_index) return "it applied entries it has not committed";
    for (std::size_t i = 0; i < s.log.size(); ++i)
      if (s.log[i].term > s.current_term || (i > 0 && s.log[i].term < s.log[i - 1].term))
        return "its log's terms are not ascending up to the current term";
    if (s.role != Role::leader && !s.progress.empty()) return "only a leader keeps its followers' progress";
    for (auto const& [peer, p] : s.progress)
      if (p.next < 1 || p.next > last_index(s) + 1 || p.match >= p.next)
        return "the progress of node " + std::to_string(peer.value) + " lies outside its log";
    if (s.role == Role::leader && s.votes.size() > 0) return "a leader keeps no votes";
    return "";
  }

  /// Every node starts (and restarts) as a follower waiting for a leader.
  void on_start(State& s, Ctx& ctx) const { arm_election(s, ctx); }

  /// An election timeout starts an election; a (live) heartbeat sends AppendEntries to every follower.
  void on_timer(State& s, Timer const& t, Ctx& ctx) const {
    if (std::holds_alternative<ElectionTimeout>(t)) return start_election(s, ctx);
    if (s.role != Role::leader) return;
    broadcast(s, ctx);
    if (live) ctx.set_timer(Heartbeat{}, heartbeat_period);
  }

  /// A leader appends the command and replicates it; anyone else answers NotLeader.
  void on_input(State& s, ClientRequest const& r, Ctx& ctx) const {
    if (s.role != Role::leader) return ctx.output(NotLeader{r.cmd, s.leader});
    s.log.push_back(Entry{s.current_term, r.cmd});
    broadcast(s, ctx);       // live too: the periodic heartbeat is not re-armed, which would postpone it
    advance_commit(s, ctx);  // a single-node cluster commits at once
  }

  /// The four RPCs of figure 2 (requests and replies).
  void on_msg(State& s, weft::NodeId from, Msg const& m, Ctx& ctx) const {
    if (auto const* rv = std::get_if<RequestVote>(&m)) on_request_vote(s, from, *rv, ctx);
    else if (auto const* v = std::get_if<Vote>(&m)) on_vote(s, from, *v, ctx);
    else if (auto const* ae = std::get_if<AppendEntries>(&m)) on_append(s, from, *ae, ctx);
    else on_append_reply(s, from, std::get<AppendReply>(m), ctx);
  }

 private:
  static bool majority(std::size_t count, Ctx const& ctx) { return 2 * count > ctx.node_count(); }

  void broadcast(State const& s, Ctx& ctx) const {
    for (weft::NodeId p = 0; p < ctx.node_count(); ++p)
      if (p != ctx.self()) send_append(s, p, ctx);
  }

  // Model: only below the bound (a node at max_term never starts another election, and a timer that could
  // only fire without effect would just double the states), with fixed staggered delays (drawing from the
  // RNG would put its position in every state). Live: a fresh random timeout each time.
  void arm_election(State const& s, Ctx& ctx) const {
    if (live) ctx.set_timer(ElectionTimeout{}, election_min + ctx.rng().below(election_spread + 1));
    else if (s.current_term < max_term) ctx.set_timer(ElectionTimeout{}, election_min + 25 * ctx.self());
    else ctx.cancel_timer(ElectionTimeout{});
  }

  void start_election(State& s, Ctx& ctx) const {
    if (s.role == Role::leader || s.current_term >= max_term) return;
    ++s.current_term;
    s.role = Role::candidate;
    s.leader.reset();
    s.voted_for = ctx.self();
    s.votes = {ctx.self()};
    if (majority(s.votes.size(), ctx)) return become_leader(s, ctx);
    Term const last_term = term_at(s, last_index(s));
    for (weft::NodeId p = 0; p < ctx.node_count(); ++p)
      if (p != ctx.self()) ctx.send(p, RequestVote{s.current_term, last_index(s), last_term});
    arm_election(s, ctx);  // a split vote is retried in a later term
  }

  void become_leader(State& s, Ctx& ctx) const {
    s.role = Role::leader;
    s.leader = ctx.self();
    s.votes.clear();
    for (weft::NodeId p = 0; p < ctx.node_count(); ++p)
      if (p != ctx.self()) s.progress[p] = Progress{last_index(s) + 1, 0};
    ctx.cancel_timer(ElectionTimeout{});
    broadcast(s, ctx);  // announce the leadership (and replicate what followers lack) at once
    if (live) ctx.set_timer(Heartbeat{}, heartbeat_period);
    ctx.log("leader of term ", s.current_term);
  }

  // Back to follower in the current term (a candidate that hears from the term's leader, a leader that
  // sees a higher term).
  void become_follower(State& s, Ctx& ctx) const {
    if (s.role == Role::leader) ctx.cancel_timer(Heartbeat{});
    s.role = Role::follower;
    s.votes.clear();
    s.progress.clear();
    arm_election(s, ctx);
  }

  // Figure 2, all servers: a message with a higher term makes this node a follower of that term.
  void observe_term(State& s, Term term, Ctx& ctx) const {
    if (term <= s.current_term) return;
    s.current_term = term;
    s.voted_for.reset();
    s.leader.reset();
    become_follower(s, ctx);
  }

  void on_request_vote(State& s, weft::NodeId from, RequestVote const& m, Ctx& ctx) const {
    if (m.term < s.current_term) return;  // stale: ignored (see on_append)
    observe_term(s, m.term, ctx);
    Term const my_last_term = term_at(s, last_index(s));
    // Section 5.4.1: the candidate's log must be at least as up to date as the voter's.
    bool const up_to_date =
        m.last_log_term > my_last_term || (m.last_log_term == my_last_term && m.last_log_index >= last_index(s));
    bool const grant = (!s.voted_for || *s.voted_for == from) && (up_to_date || bug_vote_without_log_check);
    if (!grant) return;
    s.voted_for = from;
    arm_election(s, ctx);  // granting a vote restarts the election timer
    ctx.send(from, Vote{s.current_term});
  }

  void on_vote(State& s, weft::NodeId from, Vote const& m, Ctx& ctx) const {
    observe_term(s, m.term, ctx);
    if (s.role != Role::candidate || m.term != s.current_term) return;
    s.votes.insert(from);
    if (majority(s.votes.size(), ctx)) become_leader(s, ctx);
  }

  void on_append(State& s, weft::NodeId from, AppendEntries const& m, Ctx& ctx) const {
    // Figure 2 answers an older term with the current one so that the sender steps down; like etcd/raft
    // (without check-quorum) we ignore it: the sender learns the term from that term's candidate or
    // leader (a live leader heartbeats every node), and the answer would only multiply messages in flight.
    if (m.term < s.current_term) return;
    observe_term(s, m.term, ctx);
    if (s.role == Role::candidate) become_follower(s, ctx);  // the term has a leader: not us
    if (s.role == Role::leader) return;                       // two leaders in one term: cannot happen
    s.leader = from;
    arm_election(s, ctx);
    if (m.prev_index > last_index(s) || term_at(s, m.prev_index) != m.prev_term) {
      // A shorter log says at once where to resume, rather than one index per round trip.
      Index const retry = std::min(m.prev_index, last_index(s) + 1);
      return ctx.send(from, AppendReply{s.current_term, false, retry});
    }
    merge(s, m);
    auto const last_new = static_cast<Index>(m.prev_index + m.entries.size());
    // min(leaderCommit, index of last new entry), but never backwards: a late AppendEntries may carry a
    // shorter prefix than one already processed.
    if (m.leader_commit > s.commit_index)
      s.commit_index = std::max(s.commit_index, std::min(m.leader_commit, last_new));
    apply(s, ctx);
    ctx.send(from, AppendReply{s.current_term, true, last_new});
  }

  // Appends the new entries, truncating only at the first conflict: a late AppendEntries whose entries
  // all match must not cut off entries that arrived after it.
  static void merge(State& s, AppendEntries const& m) {
    Index i = m.prev_index;
    for (Entry const& e : m.entries) {
      ++i;
      if (i <= last_index(s) && s.log[i - 1].term == e.term) continue;
      s.log.resize(i - 1);
      s.log.push_back(e);
    }
  }

  void on_append_reply(State& s, weft::NodeId from, AppendReply const& m, Ctx& ctx) const {
    observe_term(s, m.term, ctx);
    if (s.role != Role::leader || m.term != s.current_term) return;
    Progress& p = s.progress.at(from);
    if (m.success) {
      p.match = std::max(p.match, m.index);
      p.next = std::max(p.next, m.index + 1);
      advance_commit(s, ctx);
      if (p.next <= last_index(s)) send_append(s, from, ctx);
    } else if (m.index < p.next && m.index > p.match) {
      p.next = m.index;  // the follower lacks or disagrees at prev_index: probe further back
      send_append(s, from, ctx);
    }
  }

  void send_append(State const& s, weft::NodeId to, Ctx& ctx) const {
    Index const prev = s.progress.at(to).next - 1;
    auto const count = std::min<std::size_t>(s.log.size() - prev, live ? max_batch : s.log.size());
    std::vector<Entry> entries(s.log.begin() + prev, s.log.begin() + prev + static_cast<std::ptrdiff_t>(count));
    ctx.send(to, AppendEntries{s.current_term, prev, term_at(s, prev), std::move(entries), s.commit_index});
  }

  // Figure 2, leaders: commit the highest N stored on a majority with log[N].term == currentTerm. Older
  // entries are committed indirectly, by the Log Matching property (figure 8 shows why not by counting).
  void advance_commit(State& s, Ctx& ctx) const {
    for (Index n = last_index(s); n > s.commit_index; --n) {
      if (!bug_commit_old_term && s.log[n - 1].term != s.current_term) break;
      std::size_t replicas = 1;
      for (auto const& [peer, p] : s.progress) replicas += p.match >= n ? 1 : 0;
      if (!majority(replicas, ctx)) continue;
      s.commit_index = n;
      apply(s, ctx);
      // Model: tell the followers now. Live: the next heartbeat does, within 50 ms (a broadcast on every
      // commit would double the messages under load).
      if (!live) broadcast(s, ctx);
      return;
    }
  }

  // Applies committed entries to the state machine, in order, each once.
  static void apply(State& s, Ctx& ctx) {
    while (s.applied.size() < s.commit_index) {
      auto const index = static_cast<Index>(s.applied.size() + 1);
      Entry const& e = s.log[index - 1];
      s.applied.push_back(e.cmd);
      ctx.output(Applied{index, e.term, e.cmd});
    }
  }
};

static_assert(weft::check_process<Node>());

/// Every node runs the Raft process.
using World = weft::World<Node>;

/// What a Raft world is made of. The defaults check in well under a second; `--set max_term=2 --set
/// requests=1` (17.4 M states) is a nightly run, and with both requests past 86 M states.
struct Settings {
  std::uint32_t nodes = 3;       ///< cluster size (3 to 5 in the bundled configurations)
  std::uint32_t max_term = 1;    ///< model: no election beyond this term (live: unbounded)
  std::uint32_t requests = 2;    ///< scripted client requests: request k (command k + 1) goes to node k mod nodes
  bool live = false;             ///< run as a real cluster: periodic heartbeats, random timeouts, no term bound
  /// Crashes, restarts, drops... (the network is unordered by default). Timers fire, links deliver and
  /// client requests arrive under weak fairness, as a clock, a network and clients do; faults stay unfair.
  weft::WorldSettings world{.fairness = {.fair_timers = weft::Fair::weak, .fair_delivery = weft::Fair::weak,
                                         .fair_inputs = weft::Fair::weak}};
  bool strict_liveness = false;  ///< check "a leader is elected" itself (see raft_properties.hpp)
  bool bug_vote_without_log_check = false;
  bool bug_commit_old_term = false;
};

}  // namespace raft

BOOST_HANA_ADAPT_STRUCT(raft::Settings, nodes, max_term, requests, live, strict_liveness, bug_vote_without_log_check,
                        bug_commit_old_term, world);

namespace raft {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::nodes, "servers (3 to 5 are sensible)", weft::Bounds{1, 16});
  d(&Settings::max_term, "no election beyond this term (ignored when live)", weft::Bounds{0, 1000});
  d(&Settings::requests, "client requests: request k goes to node k mod nodes", weft::Bounds{0, 1000});
  d(&Settings::live, "a real cluster: 50 ms heartbeats that retransmit, random 150-300 ms election timeouts, unbounded terms");
  d(&Settings::strict_liveness, "check \"a leader is elected\" itself (fails: a split vote at max_term)");
  d(&Settings::bug_vote_without_log_check, "bug: grant votes without the up-to-date-log check");
  d(&Settings::bug_commit_old_term, "bug: a leader commits earlier-term entries by counting replicas (figure 8)");
}

/// A world of `settings.nodes` Raft servers (properties: raft_properties.hpp's add_properties).
inline World make_world(Settings const& settings) {
  if (settings.nodes < 1 || settings.nodes > 16) throw weft::Error("raft: nodes must be 1 to 16");
  if (settings.requests > 1000) throw weft::Error("raft: requests must be at most 1000");
  Node node;
  node.live = settings.live;
  node.max_term = settings.live ? std::numeric_limits<Term>::max() : settings.max_term;
  node.bug_vote_without_log_check = settings.bug_vote_without_log_check;
  node.bug_commit_old_term = settings.bug_commit_old_term;
  World w(std::vector<std::size_t>(settings.nodes, 0), node);
  w.configure(settings.world);
  for (std::uint32_t k = 0; k < settings.requests; ++k) w.input(k % settings.nodes, ClientRequest{k + 1});
  // Nodes without client requests are interchangeable (for --symmetry); not when live, where each node
  // must draw its own timeouts (interchangeable nodes share one RNG stream).
  std::vector<weft::NodeId> idle;
  for (std::uint32_t n = settings.requests; n < settings.nodes; ++n) idle.push_back(n);
  if (idle.size() >= 2 && !settings.live) w.symmetric(idle);
  return w;
}

}  // namespace raft
