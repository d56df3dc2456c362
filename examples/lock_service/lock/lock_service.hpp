// A lock service: one server (node 0) grants a single lock to clients (nodes 1..N) that each want it a
// few times. A client asks with Acquire, works while it holds the lock (a Done timer ends the work),
// then gives it back with Release; the server queues the others and grants the lock to the next in line.
// Messages may be lost, so clients retransmit Acquire and Release on a timer until the server answers;
// the server answers a retransmission again rather than acting twice. Each use carries a sequence number.
//
// Bug switch `bug_stale_release`: the server frees the lock on any Release, without checking that it
// comes from the current holder for its current use. A retransmitted Release that arrives after the lock
// moved on (the client's timer fired before the server's answer came back) frees the new holder's lock,
// and the lock is granted to a third client while the second still works: two clients in the critical
// section. The usual remedy, checked here, is a fencing token: the holder and its use's number.
//
// Bug switch `bug_stale_acquire`: the server does not remember which uses are over. A retransmitted
// Acquire that arrives after its use ended (the client's timer fired before the Grant came back) is
// granted again; the client, idle or on its next use, ignores that Grant, never releases it, and every
// other client waits for ever. Mutual exclusion holds throughout: only the liveness property
// ("every client finishes its uses") sees it.
#pragma once

#include <weft/protocol.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <variant>
#include <vector>

namespace lock {

/// A client asks for the lock, for its use number `seq`.
struct Acquire {
  BOOST_HANA_DEFINE_STRUCT(Acquire, (std::uint32_t, seq));
};
/// The server grants the lock to the client's use `seq`.
struct Grant {
  BOOST_HANA_DEFINE_STRUCT(Grant, (std::uint32_t, seq));
};
/// A client gives the lock back after use `seq`.
struct Release {
  BOOST_HANA_DEFINE_STRUCT(Release, (std::uint32_t, seq));
};
/// The server has taken the lock back from use `seq`.
struct Released {
  BOOST_HANA_DEFINE_STRUCT(Released, (std::uint32_t, seq));
};
using Msg = std::variant<Acquire, Grant, Release, Released>;

/// The client retransmits its pending Acquire or Release.
struct Retransmit {
  BOOST_HANA_DEFINE_STRUCT(Retransmit);
};
/// The client's work in the critical section is over.
struct Done {
  BOOST_HANA_DEFINE_STRUCT(Done);
};
using ClientTimer = std::variant<Retransmit, Done>;

/// A user asks the client to use the lock once.
struct Use {
  BOOST_HANA_DEFINE_STRUCT(Use);
};
/// The client entered (`holding`) or left the critical section for use `seq`.
struct Holding {
  BOOST_HANA_DEFINE_STRUCT(Holding, (std::uint32_t, seq), (bool, holding));
};

/// Where a client is with its current use.
enum class Phase : std::uint8_t { idle, acquiring, holding, releasing };

struct ClientState {
  BOOST_HANA_DEFINE_STRUCT(ClientState,
    (Phase, phase),
    (std::uint32_t, seq),        ///< the current (or last) use's number
    (std::uint32_t, pending),    ///< uses asked for and not started
    (std::uint32_t, sends)       ///< transmissions of the current message so far
  );
};

/// A client: one use at a time, each an Acquire, some work, a Release.
struct Client {
  using State = ClientState;
  using Msg = lock::Msg;
  using Timer = ClientTimer;
  using Input = Use;
  using Output = Holding;
  using Ctx = weft::Context<Client>;

  std::uint32_t retries = 1;  ///< retransmissions of each message at most

  void on_input(State& s, Use const&, Ctx& ctx) const {
    ++s.pending;
    if (s.phase == Phase::idle) next_use(s, ctx);
  }
  void on_msg(State& s, weft::NodeId, Msg const& m, Ctx& ctx) const {
    if (auto const* g = std::get_if<Grant>(&m); g && s.phase == Phase::acquiring && g->seq == s.seq) {
      s.phase = Phase::holding;
      ctx.cancel_timer(Retransmit{});
      ctx.output(Holding{s.seq, true});
      ctx.set_timer(Done{}, 50);
    } else if (auto const* r = std::get_if<Released>(&m); r && s.phase == Phase::releasing && r->seq == s.seq) {
      s.phase = Phase::idle;
      ctx.cancel_timer(Retransmit{});
      next_use(s, ctx);
    }
  }
  void on_timer(State& s, Timer const& t, Ctx& ctx) const {
    if (std::holds_alternative<Done>(t)) {
      s.phase = Phase::releasing;
      ctx.output(Holding{s.seq, false});
      s.sends = 0;
      send(s, ctx);
    } else if (s.sends <= retries) {
      send(s, ctx);  // no answer yet: the message or its answer may be lost
    }
  }

 private:
  void next_use(State& s, Ctx& ctx) const {
    if (s.pending == 0) return;
    --s.pending;
    ++s.seq;
    s.phase = Phase::acquiring;
    s.sends = 0;
    send(s, ctx);
  }
  // Sends the current phase's message and arms the retransmission while retries last.
  void send(State& s, Ctx& ctx) const {
    ++s.sends;
    if (s.phase == Phase::acquiring) ctx.send(0, Acquire{s.seq});
    else ctx.send(0, Release{s.seq});
    if (s.sends <= retries) ctx.set_timer(Retransmit{}, 100);
  }
};

/// Who holds the lock, for which use.
struct Lease {
  BOOST_HANA_DEFINE_STRUCT(Lease, (weft::NodeId, client), (std::uint32_t, seq));
};

struct ServerState {
  BOOST_HANA_DEFINE_STRUCT(ServerState,
    (std::optional<Lease>, holder),
    (std::deque<Lease>, waiting),  ///< in the order they asked
    (std::deque<Lease>, finished)  ///< uses that are over, in the order they ended: their Acquires are stale
  );
};

/// The lock server.
struct Server {
  using State = ServerState;
  using Msg = lock::Msg;
  using Ctx = weft::Context<Server>;

  bool bug_stale_release = false;  ///< see the banner
  bool bug_stale_acquire = false;  ///< see the banner

  /// The lock table is on disk: a restarted server knows who holds the lock and who waits.
  State durable(State const& s) const { return s; }
  void on_msg(State& s, weft::NodeId from, Msg const& m, Ctx& ctx) const {
    if (auto const* a = std::get_if<Acquire>(&m)) acquire(s, {from, a->seq}, ctx);
    else if (auto const* r = std::get_if<Release>(&m)) release(s, {from, r->seq}, ctx);
  }

 private:
  static bool same(Lease const& a, Lease const& b) { return a.client == b.client && a.seq == b.seq; }

  void acquire(State& s, Lease want, Ctx& ctx) const {
    if (s.holder && same(*s.holder, want)) return ctx.send(want.client, Grant{want.seq});  // a retransmission
    if (!bug_stale_acquire && std::any_of(s.finished.begin(), s.finished.end(), [&](Lease const& l) { return same(l, want); }))
      return;  // a retransmission that outlived its use
    if (std::any_of(s.waiting.begin(), s.waiting.end(), [&](Lease const& l) { return same(l, want); })) return;
    if (s.holder) return s.waiting.push_back(want);
    s.holder = want;
    ctx.send(want.client, Grant{want.seq});
  }

  void release(State& s, Lease from, Ctx& ctx) const {
    ctx.send(from.client, Released{from.seq});  // answered even when stale: the client stops retransmitting
    bool const current = s.holder && same(*s.holder, from);
    if (!current && !bug_stale_release) return;
    if (!bug_stale_acquire && current) s.finished.push_back(from);
    s.holder.reset();
    if (s.waiting.empty()) return;
    s.holder = s.waiting.front();
    s.waiting.pop_front();
    ctx.send(s.holder->client, Grant{s.holder->seq});
  }
};

static_assert(weft::check_process<Client>());
static_assert(weft::check_process<Server>());

/// Node 0 is the server (role 1), nodes 1..N the clients (role 0).
using World = weft::World<Client, Server>;

/// What a lock-service world is made of: the `--set` keys of its tool.
struct Settings {
  std::uint32_t clients = 3;         ///< clients competing for the lock
  std::uint32_t uses = 1;            ///< times each client wants the lock
  std::uint32_t retries = 1;         ///< retransmissions of each Acquire and Release
  bool bug_stale_release = false;    ///< the server frees the lock on any Release
  bool bug_stale_acquire = false;    ///< the server grants an Acquire whose use is over
  bool liveness = true;              ///< also check that every client finishes its uses
  /// Network semantics, faults, seed; timers fire, links deliver and uses arrive under weak fairness, as a
  /// real clock, network and user do (faults stay unfair).
  weft::WorldSettings world{.fairness = {.fair_timers = weft::Fair::weak, .fair_delivery = weft::Fair::weak,
                                         .fair_inputs = weft::Fair::weak}};
};

}  // namespace lock

BOOST_HANA_ADAPT_STRUCT(lock::Settings, clients, uses, retries, bug_stale_release, bug_stale_acquire, liveness, world);

namespace lock {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::clients, "clients competing for the lock (nodes 1..N; node 0 is the server)", weft::Bounds{1, 4});
  d(&Settings::uses, "times each client wants the lock", weft::Bounds{1, 3});
  d(&Settings::retries, "retransmissions of each Acquire and Release", weft::Bounds{0, 3});
  d(&Settings::bug_stale_release, "bug: the server frees the lock on any Release, without a fencing check");
  d(&Settings::bug_stale_acquire, "bug: the server grants a retransmitted Acquire whose use is over (a liveness bug)");
  d(&Settings::liveness, "also check that every client finishes its uses (under the world's fairness)");
}

/// The world of `s`: the server, the clients, each client's uses scripted; clients are interchangeable.
inline World make_world(Settings const& s) {
  std::vector<std::size_t> roles(s.clients + 1, 0);
  roles[0] = 1;
  World w(std::move(roles), Client{s.retries}, Server{s.bug_stale_release, s.bug_stale_acquire});
  w.configure(s.world);
  std::vector<weft::NodeId> clients;
  for (weft::NodeId c = 1; c <= s.clients; ++c) {
    clients.push_back(c);
    for (std::uint32_t u = 0; u < s.uses; ++u) w.input(c, World::In(std::in_place_index<0>, Use{}));
  }
  if (clients.size() >= 2) w.symmetric(clients);
  return w;
}

}  // namespace lock
