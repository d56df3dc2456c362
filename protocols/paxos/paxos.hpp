// Single-decree Paxos (Lamport, "Paxos Made Simple", 2001): proposers, acceptors and learners agree on
// one value. A proposer runs phase 1 (Prepare/Promise) and phase 2 (Accept) with a ballot unique to it,
// retrying with a higher ballot on a timer; acceptors tell every learner what they accepted; a learner
// learns a value once a majority of acceptors accepted it in one ballot. Nodes 0..P-1 are proposers,
// then A acceptors, then L learners. Ballots are bounded (max_rounds per proposer) so the state space is
// finite; acceptors and learners are interchangeable and declared symmetric. Learners output each
// value they learn (Learned). Message loss, duplication and crashes/restarts are the world's fault budget.
//
// Bug switches (Settings, default off):
// - bug_forget_promise: an acceptor's promise and accepted proposal do not survive a crash.
// - bug_ignore_accepted: a proposer's phase 2 ignores the proposals reported in the promises.
// Each is documented where it acts (Acceptor::durable, Proposer::on_promise).
#pragma once

#include <weft/protocol.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <algorithm>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace paxos {

/// A ballot number: 0 means "none"; proposer i's round r uses r * proposers + i + 1, so no two
/// proposers ever share one.
using Ballot = std::uint32_t;
/// A proposed value.
using Value = std::uint32_t;

/// A value proposed in a ballot.
struct Proposal {
  BOOST_HANA_DEFINE_STRUCT(Proposal, (Ballot, ballot), (Value, value));
  friend auto operator<=>(Proposal const&, Proposal const&) = default;  ///< ballot first: a map key
  friend bool operator==(Proposal const&, Proposal const&) = default;
};

/// Phase 1a: a proposer asks acceptors to promise to ignore ballots below `ballot`.
struct Prepare {
  BOOST_HANA_DEFINE_STRUCT(Prepare, (Ballot, ballot));
};
/// Phase 1b: an acceptor promises `ballot` and reports the highest-ballot proposal it accepted, if any.
struct Promise {
  BOOST_HANA_DEFINE_STRUCT(Promise, (Ballot, ballot), (std::optional<Proposal>, accepted));
};
/// Phase 2a: a proposer asks acceptors to accept `value` in `ballot`.
struct Accept {
  BOOST_HANA_DEFINE_STRUCT(Accept, (Ballot, ballot), (Value, value));
};
/// Phase 2b: an acceptor tells a learner it accepted `value` in `ballot`.
struct Accepted {
  BOOST_HANA_DEFINE_STRUCT(Accepted, (Ballot, ballot), (Value, value));
};
using Msg = std::variant<Prepare, Promise, Accept, Accepted>;

/// Who is where: proposers first, then acceptors, then learners.
struct Layout {
  std::uint32_t proposers = 2;  ///< nodes 0 .. proposers-1
  std::uint32_t acceptors = 3;  ///< the next `acceptors` nodes
  std::uint32_t learners = 1;   ///< the last `learners` nodes

  weft::NodeId first_acceptor() const { return proposers; }
  weft::NodeId first_learner() const { return proposers + acceptors; }
  std::uint32_t nodes() const { return proposers + acceptors + learners; }
  /// The smallest number of acceptors any two of which intersect.
  std::uint32_t majority() const { return acceptors / 2 + 1; }
};

// --- Proposer ------------------------------------------------------------------------------------

/// The proposer's retry timer: fires when a round took too long (in an untimed world: at any point).
struct Retry {
  BOOST_HANA_DEFINE_STRUCT(Retry);
};

/// What a proposer reports when it enters phase 2: the value it asks the acceptors to accept.
struct Proposed {
  BOOST_HANA_DEFINE_STRUCT(Proposed, (Ballot, ballot), (Value, value));
};

/// Where a proposer is in its current round.
enum class Phase : std::uint8_t { idle, preparing, accepting };

struct ProposerState {
  BOOST_HANA_DEFINE_STRUCT(ProposerState,
    (std::uint32_t, rounds),                   // rounds begun: durable, so a ballot is never reused
    (Phase, phase),
    (std::set<weft::NodeId>, promised_by),     // acceptors that promised the current ballot (phase 1)
    (std::optional<Proposal>, highest)         // the highest-ballot proposal they reported
  );
};

/// A proposer: proposes values[self], or the value phase 1 forces on it.
struct Proposer {
  using State = ProposerState;
  using Msg = paxos::Msg;
  using Timer = Retry;
  using Output = Proposed;

  Layout layout;
  std::vector<Value> values;      ///< values[i]: what proposer i proposes
  std::uint32_t max_rounds = 1;   ///< ballots each proposer may try
  Ballot max_ballot = 0;          ///< when not 0, no ballot above it is tried (a finer bound than rounds)
  weft::Ticks retry_after = 100;  ///< recorded for live runs; untimed checks fire it at any point
  /// Bug: phase 2 proposes the proposer's own value instead of the value of the highest-ballot
  /// proposal reported in the promises. That value may already be chosen (accepted by a majority in a
  /// lower ballot); overwriting it is how a new leader that skips recovery of in-flight proposals
  /// (P2c of "Paxos Made Simple") makes two learners decide differently.
  bool bug_ignore_accepted = false;

  Ballot ballot(weft::NodeId self, std::uint32_t round) const { return round * layout.proposers + self + 1; }
  Ballot current(State const& s, weft::NodeId self) const { return s.rounds == 0 ? 0 : ballot(self, s.rounds - 1); }

  /// At start, and again after a restart: a new round, with a ballot above any used before the crash.
  void on_start(State& s, weft::Context<Proposer>& ctx) const { begin_round(s, ctx); }

  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Proposer>& ctx) const {
    if (auto const* p = std::get_if<Promise>(&m)) on_promise(s, from, *p, ctx);
  }

  void on_timer(State& s, Retry const&, weft::Context<Proposer>& ctx) const { begin_round(s, ctx); }

  /// Only the round counter is on disk: the rest of a round is abandoned by a crash.
  State durable(State const& s) const { return State{s.rounds, Phase::idle, {}, std::nullopt}; }

 private:
  // Whether round `round` may be tried: the bounds keep the state space finite.
  bool may_try(weft::NodeId self, std::uint32_t round) const {
    return round < max_rounds && (max_ballot == 0 || ballot(self, round) <= max_ballot);
  }

  void begin_round(State& s, weft::Context<Proposer>& ctx) const {
    if (!may_try(ctx.self(), s.rounds)) return;  // out of ballots: give up
    s = State{s.rounds + 1, Phase::preparing, {}, std::nullopt};
    for (std::uint32_t a = 0; a < layout.acceptors; ++a) ctx.send(layout.first_acceptor() + a, Prepare{current(s, ctx.self())});
    if (may_try(ctx.self(), s.rounds)) ctx.set_timer(Retry{}, retry_after);  // no timer that could do nothing
  }

  void on_promise(State& s, weft::NodeId from, Promise const& p, weft::Context<Proposer>& ctx) const {
    Ballot const b = current(s, ctx.self());
    if (s.phase != Phase::preparing || p.ballot != b) return;  // a late reply to an abandoned ballot
    s.promised_by.insert(from);
    if (p.accepted && (!s.highest || p.accepted->ballot > s.highest->ballot)) s.highest = p.accepted;
    if (s.promised_by.size() < layout.majority()) return;
    Value const v = s.highest && !bug_ignore_accepted ? s.highest->value : values.at(ctx.self());
    // As in the paper, the accept request goes to the majority that promised.
    for (weft::NodeId a : s.promised_by) ctx.send(a, Accept{b, v});
    ctx.output(Proposed{b, v});
    // Phase 1's tallies, and the value (it is in the Accept messages), are of no further use: keeping
    // them would only split states that behave alike.
    s = State{s.rounds, Phase::accepting, {}, std::nullopt};
  }
};

// --- Acceptor ------------------------------------------------------------------------------------

// Acceptors and learners set no timers, so they declare no Timer type.

struct AcceptorState {
  BOOST_HANA_DEFINE_STRUCT(AcceptorState,
    (Ballot, promised),                   // no Prepare or Accept below this is answered
    (std::optional<Proposal>, accepted)   // the last proposal accepted
  );
};

/// An acceptor: promises and accepts, and reports each acceptance to every learner.
struct Acceptor {
  using State = AcceptorState;
  using Msg = paxos::Msg;

  Layout layout;
  /// Bug: the promise and the accepted proposal live in memory only and are lost by a crash. Paxos
  /// needs both on stable storage before the reply leaves ("Paxos Made Simple", section 2.3); an
  /// acceptor that forgets them (no fsync, a write cache that lies, a wiped disk rejoining as if new:
  /// "Paxos Made Live", section 5.1) may accept a second value after a value was chosen.
  bool bug_forget_promise = false;


  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Acceptor>& ctx) const {
    if (auto const* p = std::get_if<Prepare>(&m)) {
      if (p->ballot <= s.promised) return;  // promised a higher ballot (or answered this one already)
      s.promised = p->ballot;
      ctx.send(from, Promise{p->ballot, s.accepted});
    } else if (auto const* a = std::get_if<Accept>(&m)) {
      if (a->ballot < s.promised) return;
      s.promised = a->ballot;
      s.accepted = Proposal{a->ballot, a->value};
      for (std::uint32_t l = 0; l < layout.learners; ++l) ctx.send(layout.first_learner() + l, Accepted{a->ballot, a->value});
    }
  }


  State durable(State const& s) const { return bug_forget_promise ? State{} : s; }
};

// --- Learner -------------------------------------------------------------------------------------

/// What a learner tells its client.
struct Learned {
  BOOST_HANA_DEFINE_STRUCT(Learned, (Value, value));
};

struct LearnerState {
  BOOST_HANA_DEFINE_STRUCT(LearnerState,
    // Who accepted each proposal whose value is not learned yet: once a value is learned, more votes
    // for it change nothing, and keeping them would only split states that behave alike.
    (std::map<Proposal, std::set<weft::NodeId>>, votes),
    // Every value seen accepted by a majority in one ballot, in order: the first is the value learned;
    // any later one is a safety violation, kept so that the properties can see it.
    (std::vector<Value>, learned)
  );
};

/// A learner: counts Accepted messages per proposal. Its whole state is durable (it is a log).
struct Learner {
  using State = LearnerState;
  using Msg = paxos::Msg;
  using Output = Learned;

  Layout layout;


  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Learner>& ctx) const {
    auto const* a = std::get_if<Accepted>(&m);
    if (!a || std::find(s.learned.begin(), s.learned.end(), a->value) != s.learned.end()) return;
    auto& voters = s.votes[Proposal{a->ballot, a->value}];
    voters.insert(from);
    if (voters.size() < layout.majority()) return;
    s.learned.push_back(a->value);
    std::erase_if(s.votes, [&](auto const& kv) { return kv.first.value == a->value; });
    ctx.output(Learned{a->value});
  }


  State durable(State const& s) const { return s; }
};

static_assert(weft::check_process<Proposer>());
static_assert(weft::check_process<Acceptor>());
static_assert(weft::check_process<Learner>());

/// Node 0..P-1 run Proposer (role 0), the acceptors Acceptor (role 1), the learners Learner (role 2).
using World = weft::World<Proposer, Acceptor, Learner>;

/// Everything a paxos world is built from.
struct Settings {
  Layout layout;
  std::vector<Value> values;      ///< one per proposer; empty: proposer i proposes 10 * (i + 1)
  std::uint32_t max_rounds = 1;   ///< ballots each proposer may try
  Ballot max_ballot = 0;          ///< when not 0, the highest ballot any proposer may try
  bool bug_forget_promise = false;
  bool bug_ignore_accepted = false;
  bool liveness = false;          ///< also check "a value is eventually learned" (properties/)
  /// Network semantics, faults, seed; timers fire and links deliver under weak fairness.
  weft::WorldSettings world{.fairness = {.fair_timers = weft::Fair::weak, .fair_delivery = weft::Fair::weak}};

  /// The value each proposer proposes.
  std::vector<Value> proposed() const {
    if (!values.empty()) return values;
    std::vector<Value> out;
    for (std::uint32_t i = 0; i < layout.proposers; ++i) out.push_back(10 * (i + 1));
    return out;
  }
};

}  // namespace paxos

BOOST_HANA_ADAPT_STRUCT(paxos::Layout, proposers, acceptors, learners);
BOOST_HANA_ADAPT_STRUCT(paxos::Settings, layout, values, max_rounds, max_ballot, bug_forget_promise, bug_ignore_accepted,
                        liveness, world);

namespace paxos {

inline void weft_describe(weft::Describe<Layout>& d) {
  d(&Layout::proposers, "proposers (nodes 0..P-1); proposer i proposes 10*(i+1)", weft::Bounds{1, 8});
  d(&Layout::acceptors, "acceptors (interchangeable: --symmetry)", weft::Bounds{1, 8});
  d(&Layout::learners, "learners (interchangeable: --symmetry)", weft::Bounds{1, 8});
}

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::values, "the value each proposer proposes (default: 10, 20, ...)");
  d(&Settings::max_rounds, "ballots each proposer may try (bounds the state space; 2 is far larger)", weft::Bounds{1, 100});
  d(&Settings::max_ballot, "if not 0, the highest ballot any proposer may try (a finer bound)");
  d(&Settings::bug_forget_promise, "bug: an acceptor's promise and accepted value are lost by a crash");
  d(&Settings::bug_ignore_accepted, "bug: phase 2 proposes its own value, ignoring accepted ones");
  d(&Settings::liveness, "also check \"a value is eventually learned\" (under fair timers and delivery)");
}

/// The world of `settings`, without properties (see properties/paxos/paxos_properties.hpp). Acceptors,
/// and learners, are declared interchangeable.
inline World make_world(Settings const& settings) {
  Layout const& l = settings.layout;
  if (l.proposers < 1 || l.acceptors < 1 || l.learners < 1) throw weft::Error("paxos: needs at least one proposer, acceptor and learner");
  if (settings.max_rounds < 1) throw weft::Error("paxos: max_rounds must be at least 1");
  if (settings.proposed().size() != l.proposers) throw weft::Error("paxos: needs one value per proposer");
  std::vector<std::size_t> roles;
  for (std::uint32_t i = 0; i < l.nodes(); ++i) roles.push_back(i < l.first_acceptor() ? 0 : i < l.first_learner() ? 1 : 2);
  Proposer proposer{l, settings.proposed(), settings.max_rounds, settings.max_ballot, 100, settings.bug_ignore_accepted};
  World w(roles, proposer, Acceptor{l, settings.bug_forget_promise}, Learner{l});
  w.configure(settings.world);
  auto group = [](std::uint32_t first, std::uint32_t count) {
    std::vector<weft::NodeId> ids;
    for (std::uint32_t i = 0; i < count; ++i) ids.push_back(first + i);
    return ids;
  };
  if (l.acceptors >= 2) w.symmetric(group(l.first_acceptor(), l.acceptors));
  if (l.learners >= 2) w.symmetric(group(l.first_learner(), l.learners));
  return w;
}

}  // namespace paxos
