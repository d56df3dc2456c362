// Two-phase commit as processes over the simulated network (protocols/two_phase is the TLA+ model instead):
// a coordinator (node 0) and k interchangeable participants (nodes 1..k). A client input starts the one
// transaction; the coordinator sends Prepare, each participant votes (its vote comes from the
// configuration), the coordinator commits only if every vote is yes and aborts otherwise, also when its
// vote timer fires first. It forces the decision to its log (durable) before sending it, re-sends it on a
// timer until every participant acknowledges, and re-sends it after a restart. A participant that voted
// yes is blocked until it learns the decision; it asks the coordinator again on a timer. Before sending
// Prepare the coordinator forces a begin record (Bernstein, Hadzilacos and Goodman's start-2PC record): a
// coordinator that restarts with a begin record but no decision decides abort and tells everyone, so that
// no participant depends on its own queries to learn the outcome.
//
// Retries are bounded by `retries` (per start of a node) so that the state space is finite; real systems
// retry for ever. The begin record is what makes the bounded version terminate across a crash and a
// restart: without it, a participant whose queries all went out while the coordinator was still
// collecting votes waits for ever once the restarted coordinator (with nothing on record) has gone quiet.
//
// Bug switches (see Coordinator and Participant): `bug_commit_on_timeout`, presumed commit on a vote
// timeout; `bug_volatile_decision`, the decision is sent before it is durable; `bug_heuristic_abort`, a
// blocked participant aborts on its own.
#pragma once

#include <weft/protocol.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace two_phase_commit {

/// The most participants a world may have: beyond this no configuration is checkable anyway.
inline constexpr std::uint32_t max_participants = 4;

/// The outcome of the transaction.
enum class Outcome : std::uint8_t { commit, abort };

// --- Messages ------------------------------------------------------------------------------------------

/// Coordinator -> participant: can you commit?
struct Prepare {
  BOOST_HANA_DEFINE_STRUCT(Prepare);
};
/// Participant -> coordinator: its vote. A yes vote is a promise to commit if told to.
struct Vote {
  BOOST_HANA_DEFINE_STRUCT(Vote, (bool, yes));
};
/// Coordinator -> participant: the outcome.
struct Decision {
  BOOST_HANA_DEFINE_STRUCT(Decision, (Outcome, outcome));
};
/// Participant -> coordinator: the decision is applied, stop re-sending it.
struct Ack {
  BOOST_HANA_DEFINE_STRUCT(Ack);
};
/// Participant -> coordinator: I voted yes and have not heard the outcome; what was it?
struct Query {
  BOOST_HANA_DEFINE_STRUCT(Query);
};
using Msg = std::variant<Prepare, Vote, Decision, Ack, Query>;

// --- Timers and inputs ---------------------------------------------------------------------------------

/// The coordinator stops waiting for votes.
struct VoteTimeout {
  BOOST_HANA_DEFINE_STRUCT(VoteTimeout);
};
/// The coordinator re-sends its decision to participants that have not acknowledged it.
struct Resend {
  BOOST_HANA_DEFINE_STRUCT(Resend);
};
using CoordinatorTimer = std::variant<VoteTimeout, Resend>;
/// A blocked participant asks the coordinator for the outcome again.
struct AskAgain {
  BOOST_HANA_DEFINE_STRUCT(AskAgain);
};
/// The client asks the coordinator to commit the transaction.
struct Begin {
  BOOST_HANA_DEFINE_STRUCT(Begin);
};
/// A participant tells its user the outcome it applied.
struct Applied {
  BOOST_HANA_DEFINE_STRUCT(Applied, (Outcome, outcome));
};

// --- Coordinator ---------------------------------------------------------------------------------------

/// The coordinator's state. Durable: `began` (forced before Prepare is sent) and `decision` (forced before
/// it is sent).
struct CoordinatorState {
  BOOST_HANA_DEFINE_STRUCT(CoordinatorState,
    (bool, began),                           // durable: the transaction started
    (bool, collecting),                      // Prepare sent, no decision yet
    (std::set<weft::NodeId>, yes_votes),     // participants that voted yes (while collecting)
    (std::optional<Outcome>, decision),      // durable once taken
    (std::set<weft::NodeId>, acked),         // participants that applied the decision
    (std::uint32_t, resends)                 // decision re-sends since the last (re)start
  );
};

/// The coordinator (node 0): collects votes, decides, and makes sure every participant hears the outcome.
struct Coordinator {
  using State = CoordinatorState;
  using Msg = two_phase_commit::Msg;
  using Timer = CoordinatorTimer;

  /// Why `s` cannot be the coordinator's state, or "": only participants vote and acknowledge, and only a
  /// decision is acknowledged.
  std::string validate(State const& s) const {
    if (s.yes_votes.count(0) || s.acked.count(0)) return "the coordinator counts itself as a participant";
    if ((s.collecting || s.decision) && !s.began) return "collecting votes or decided without a begin record";
    if (!s.decision && !s.acked.empty()) return "participants acknowledged a decision not taken";
    if (s.yes_votes.size() > participants || s.acked.size() > participants) return "more votes or acknowledgements than participants";
    return "";
  }
  using Input = Begin;

  std::uint32_t participants = 2;     ///< nodes 1..participants
  std::uint32_t retries = 1;          ///< decision re-sends per (re)start
  weft::Ticks vote_timeout = 100;     ///< how long to wait for votes (timed walks only)
  weft::Ticks resend_after = 50;      ///< re-send period (timed walks only)
  /// Presumed commit: when the vote timer fires the coordinator commits instead of aborting, reading
  /// silence as consent. A lost (or merely slow) "no" vote or Prepare then commits a transaction that a
  /// participant aborted or never prepared; this is why 2PC presumes abort, never commit, on a timeout.
  bool bug_commit_on_timeout = false;
  /// The decision is sent before the log record is forced (an unflushed write-back cache, or logging
  /// asynchronously for latency). After a crash the coordinator finds only its begin record, aborts, and
  /// tells every participant "abort" while some already committed.
  bool bug_volatile_decision = false;

  /// After a restart with a decision on record, it is re-sent: participants may be blocked waiting for it.
  /// With only the begin record, the votes counted before the crash are gone: the coordinator aborts.
  void on_start(State& s, weft::Context<Coordinator>& ctx) const {
    if (s.decision) broadcast(s, ctx);
    else if (s.began) decide(s, Outcome::abort, ctx);
  }

  void on_input(State& s, Begin const&, weft::Context<Coordinator>& ctx) const {
    if (s.began) return;
    s.began = true;
    s.collecting = true;
    for (weft::NodeId p = 1; p <= participants; ++p) ctx.send(p, Prepare{});
    ctx.set_timer(VoteTimeout{}, vote_timeout);
  }

  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Coordinator>& ctx) const {
    if (auto const* v = std::get_if<Vote>(&m)) on_vote(s, from, v->yes, ctx);
    else if (std::holds_alternative<Ack>(m)) on_ack(s, from, ctx);
    else if (std::holds_alternative<Query>(m)) on_query(s, from, ctx);
  }

  void on_timer(State& s, Timer const& t, weft::Context<Coordinator>& ctx) const {
    if (std::holds_alternative<VoteTimeout>(t)) {
      if (s.collecting) decide(s, bug_commit_on_timeout ? Outcome::commit : Outcome::abort, ctx);
    } else if (s.decision && s.acked.size() < participants && s.resends < retries) {
      ++s.resends;
      send_unacked(s, ctx);
      ctx.set_timer(Resend{}, resend_after);
    }
  }

  /// What survives a crash: the begin record and the decision record (unless the bug loses it), nothing
  /// of the vote count.
  State durable(State const& s) const {
    State d{};
    d.began = s.began;
    if (!bug_volatile_decision) d.decision = s.decision;
    return d;
  }

 private:
  void on_vote(State& s, weft::NodeId from, bool yes, weft::Context<Coordinator>& ctx) const {
    if (!s.collecting) return;  // a late vote after the decision: the decision already went to everyone
    if (!yes) return decide(s, Outcome::abort, ctx);
    s.yes_votes.insert(from);
    if (s.yes_votes.size() == participants) decide(s, Outcome::commit, ctx);
  }

  void on_ack(State& s, weft::NodeId from, weft::Context<Coordinator>& ctx) const {
    if (!s.decision) return;
    s.acked.insert(from);
    if (s.acked.size() < participants) return;
    s.resends = 0;  // done: how many re-sends it took no longer matters, and finished states merge
    ctx.cancel_timer(Resend{});
  }

  void on_query(State& s, weft::NodeId from, weft::Context<Coordinator>& ctx) const {
    if (s.decision) ctx.send(from, Decision{*s.decision});  // while collecting, the decision will come
  }

  // The decision is durable from this step on (durable() keeps it), before any Decision is delivered.
  void decide(State& s, Outcome o, weft::Context<Coordinator>& ctx) const {
    s.collecting = false;
    s.yes_votes.clear();  // no longer needed: keeps decided states few
    s.decision = o;
    ctx.cancel_timer(VoteTimeout{});
    ctx.log("decided ", o);
    broadcast(s, ctx);
  }

  void broadcast(State& s, weft::Context<Coordinator>& ctx) const {
    s.acked.clear();
    s.resends = 0;
    send_unacked(s, ctx);
    ctx.set_timer(Resend{}, resend_after);
  }

  void send_unacked(State const& s, weft::Context<Coordinator>& ctx) const {
    for (weft::NodeId p = 1; p <= participants; ++p)
      if (!s.acked.contains(p)) ctx.send(p, Decision{*s.decision});
  }
};

// --- Participant ---------------------------------------------------------------------------------------

/// A participant's state. Durable: its configured vote, the vote it sent (a yes vote is a prepared record,
/// forced before the vote is sent) and the outcome it applied; the query count is not.
struct ParticipantState {
  BOOST_HANA_DEFINE_STRUCT(ParticipantState,
    (bool, can_commit),                  // its local work allows a yes vote (configuration)
    (std::optional<bool>, voted),        // the vote it sent, if any
    (std::optional<Outcome>, decision),  // the outcome it applied
    (std::uint32_t, queries)             // queries since the last (re)start
  );
};

/// A participant (nodes 1..k): votes when asked, then applies the coordinator's decision. Its behaviour
/// depends on its state only, never on its id, so participants are interchangeable whatever they vote.
struct Participant {
  using State = ParticipantState;
  using Msg = two_phase_commit::Msg;
  using Timer = AskAgain;
  /// The outcome applied, reported to the participant's user (and seen in traces as an effect).
  using Output = Applied;

  std::vector<weft::NodeId> no_voters;  ///< participants whose local work fails: they vote no
  std::uint32_t retries = 1;            ///< queries per (re)start while blocked
  weft::Ticks ask_after = 150;          ///< query period (timed walks only)
  /// A blocked participant gives up waiting and aborts on its own (a "heuristic decision": XA's
  /// XA_HEURRB, an operator rolling back an in-doubt transaction to release its locks). A yes vote is a
  /// promise to abide by the coordinator's decision; breaking it while others commit is the heuristic
  /// mixed outcome (XA_HEURMIX) that 2PC exists to prevent, paid for by blocking.
  bool bug_heuristic_abort = false;

  State init(weft::NodeId self) const {
    return State{std::find(no_voters.begin(), no_voters.end(), self) == no_voters.end(), std::nullopt, std::nullopt, 0};
  }

  /// A participant restarting prepared but undecided is blocked: it starts asking again.
  void on_start(State& s, weft::Context<Participant>& ctx) const {
    if (blocked(s)) ctx.set_timer(AskAgain{}, ask_after);
  }

  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Participant>& ctx) const {
    if (std::holds_alternative<Prepare>(m)) on_prepare(s, from, ctx);
    else if (auto const* d = std::get_if<Decision>(&m)) on_decision(s, from, d->outcome, ctx);
  }

  void on_timer(State& s, AskAgain const&, weft::Context<Participant>& ctx) const {
    if (!blocked(s)) return;
    if (bug_heuristic_abort) return apply(s, Outcome::abort, ctx);
    if (s.queries >= retries) return;
    ++s.queries;
    ctx.send(0, Query{});
    ctx.set_timer(AskAgain{}, ask_after);
  }

  State durable(State const& s) const { return State{s.can_commit, s.voted, s.decision, 0}; }

 private:
  static bool blocked(State const& s) { return s.voted == true && !s.decision; }

  void on_prepare(State& s, weft::NodeId from, weft::Context<Participant>& ctx) const {
    if (s.voted || s.decision) return;  // a duplicate, or the outcome is known already: no vote needed
    s.voted = s.can_commit;
    ctx.send(from, Vote{s.can_commit});
    if (s.can_commit) ctx.set_timer(AskAgain{}, ask_after);
    else apply(s, Outcome::abort, ctx);  // a no voter may abort at once: the outcome cannot be commit
  }

  // An abort is final even before this participant voted (the coordinator may abort on a timeout without
  // its vote). A commit for a transaction it did not prepare is refused, as real participants refuse it
  // (PostgreSQL's COMMIT PREPARED of an unknown transaction is an error): only a broken coordinator sends
  // one. A decision applied is acknowledged every time, so that the coordinator's re-sends stop.
  void on_decision(State& s, weft::NodeId from, Outcome o, weft::Context<Participant>& ctx) const {
    if (o == Outcome::commit && s.voted != true) return;
    if (!s.decision) apply(s, o, ctx);
    ctx.send(from, Ack{});
  }

  void apply(State& s, Outcome o, weft::Context<Participant>& ctx) const {
    s.decision = o;
    s.queries = 0;  // no longer blocked: finished states merge whatever it took
    ctx.cancel_timer(AskAgain{});
    ctx.output(Applied{o});
  }
};

static_assert(weft::check_process<Coordinator>());
static_assert(weft::check_process<Participant>());

/// The world: node 0 is the coordinator, nodes 1..k the participants.
using World = weft::World<Coordinator, Participant>;

/// The configuration of a world.
struct Settings {
  std::uint32_t participants = 2;          ///< k, 1 to max_participants
  std::vector<std::uint32_t> no_voters{};  ///< participants (1..k) that vote no
  std::uint32_t retries = 1;               ///< decision re-sends and participant queries per (re)start
  bool bug_commit_on_timeout = false;      ///< see Coordinator
  bool bug_volatile_decision = false;      ///< see Coordinator
  bool bug_heuristic_abort = false;        ///< see Participant
  bool liveness = true;                    ///< also check "every participant decides" (properties/)
  /// Network semantics, faults, seed. Timers fire, links deliver and scripted inputs arrive under weak
  /// fairness, as a real clock, network and client do; faults stay unfair (a crashed node may stay down).
  weft::WorldSettings world{.fairness = {.fair_timers = weft::Fair::weak, .fair_delivery = weft::Fair::weak,
                                         .fair_inputs = weft::Fair::weak}};
};

}  // namespace two_phase_commit

BOOST_HANA_ADAPT_STRUCT(two_phase_commit::Settings, participants, no_voters, retries, liveness, bug_commit_on_timeout,
                        bug_volatile_decision, bug_heuristic_abort, world);

namespace two_phase_commit {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::participants, "participants, nodes 1..k; node 0 coordinates", weft::Bounds{1, max_participants});
  d(&Settings::no_voters, "participants that vote no (e.g. 2 or 1,3)", weft::Bounds{1, max_participants});
  d(&Settings::retries, "decision re-sends and participant queries per (re)start", weft::Bounds{0, 10});
  d(&Settings::liveness, "also check \"every participant decides\" (holds without drops or crashes)");
  d(&Settings::bug_commit_on_timeout, "bug: presumed commit, the coordinator commits when its vote timer fires");
  d(&Settings::bug_volatile_decision, "bug: the decision is sent before it is durable, and lost in a crash");
  d(&Settings::bug_heuristic_abort, "bug: a participant that voted yes aborts on its own when tired of waiting");
}

/// A world of one coordinator and `participants` participants, the client's Begin scripted at node 0, the
/// participants declared interchangeable. Properties are added by add_properties (properties/).
inline World make_world(Settings const& cfg) {
  if (cfg.participants < 1 || cfg.participants > max_participants)
    throw weft::Error("two_phase_commit: participants must be 1 to " + std::to_string(max_participants) + ", got " +
                      std::to_string(cfg.participants));
  Coordinator c;
  c.participants = cfg.participants;
  c.retries = cfg.retries;
  c.bug_commit_on_timeout = cfg.bug_commit_on_timeout;
  c.bug_volatile_decision = cfg.bug_volatile_decision;
  Participant p;
  p.retries = cfg.retries;
  p.bug_heuristic_abort = cfg.bug_heuristic_abort;
  for (std::uint32_t n : cfg.no_voters) {
    if (n < 1 || n > cfg.participants)
      throw weft::Error("two_phase_commit: no voter " + std::to_string(n) + " is not a participant (1 to " +
                        std::to_string(cfg.participants) + ")");
    p.no_voters.push_back(n);
  }
  std::vector<std::size_t> roles(cfg.participants + 1, 1);
  roles[0] = 0;
  World w(std::move(roles), c, p);
  w.configure(cfg.world);
  w.input(0, Begin{});
  std::vector<weft::NodeId> group;
  for (weft::NodeId n = 1; n <= cfg.participants; ++n) group.push_back(n);
  if (group.size() >= 2) w.symmetric(group);
  return w;
}

}  // namespace two_phase_commit
