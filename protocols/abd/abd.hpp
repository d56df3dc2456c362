// The ABD atomic register (Attiya, Bar-Noy and Dolev, "Sharing memory robustly in message-passing
// systems", 1995), multi-writer: servers each hold one tagged value; clients run scripted reads and writes
// against majorities. A write asks a majority for the highest tag (timestamp, writer id) and stores
// (ts + 1, itself, value) at a majority; a read asks a majority for the highest tagged value and writes it
// back to a majority before returning it. Clients output Invoke and Return, so the world's record of
// outputs is a history to check for linearizability (properties/abd/abd_properties.hpp).
//
// Nodes 0 .. servers-1 are servers (interchangeable), the clients follow. Timestamps are bounded by the
// number of writes in the scripts, so every configuration has a finite state space.
//
// Bug switches:
// - `bug_skip_write_back`: a read returns the highest value it saw without writing it back. A later read
//   may then ask a majority that the value has not reached yet and return the older one: a new-old
//   inversion, the reason ABD has a second phase for reads (single-phase quorum reads are only regular,
//   as in Dynamo-style stores reading at R = majority without read repair before answering).
// - `bug_volatile_storage`: a server keeps its tagged value in memory only, so a crash and restart forgets
//   writes it acknowledged; a majority that answered a write no longer holds it. The class of bug of
//   stores that acknowledge before their data reaches stable storage (fsync).
#pragma once

#include <weft/protocol.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace abd {

/// A version: the writer's timestamp, ties broken by the writer's id. The initial value has no writer.
struct Tag {
  BOOST_HANA_DEFINE_STRUCT(Tag, (std::uint32_t, ts), (std::optional<weft::NodeId>, writer));
};

/// True when `a` is a later version than `b`.
inline bool newer(Tag const& a, Tag const& b) {
  if (a.ts != b.ts) return a.ts > b.ts;
  if (!a.writer || !b.writer) return a.writer.has_value() && !b.writer.has_value();
  return a.writer->value > b.writer->value;
}

/// A value with its version, as servers store it.
struct Tagged {
  BOOST_HANA_DEFINE_STRUCT(Tagged, (Tag, tag), (std::uint32_t, value));
};

// --- messages: every one carries the client's operation number, so late replies are recognised ---

/// Client to server: what do you hold?
struct Query {
  BOOST_HANA_DEFINE_STRUCT(Query, (std::uint32_t, op));
};
/// Server to client: the answer to a Query.
struct Held {
  BOOST_HANA_DEFINE_STRUCT(Held, (std::uint32_t, op), (Tagged, held));
};
/// Client to server: keep this value if it is newer than yours.
struct Store {
  BOOST_HANA_DEFINE_STRUCT(Store, (std::uint32_t, op), (Tagged, value));
};
/// Server to client: the Store is done (kept or already superseded).
struct Stored {
  BOOST_HANA_DEFINE_STRUCT(Stored, (std::uint32_t, op));
};
using Msg = std::variant<Query, Held, Store, Stored>;

// Neither role sets timers (so neither declares a Timer type): without retransmission a lost message
// just leaves an operation pending, which safety checking allows.

// --- the register operations clients run, and what they report ---

enum class OpKind : std::uint8_t { read, write };

/// A scripted operation: a read, or a write of `value`.
struct Op {
  BOOST_HANA_DEFINE_STRUCT(Op, (OpKind, kind), (std::uint32_t, value));
  /// A read.
  static Op read() { return {OpKind::read, 0}; }
  /// A write of `v`.
  static Op write(std::uint32_t v) { return {OpKind::write, v}; }
};

/// Output: the client starts operation `op`.
struct Invoke {
  BOOST_HANA_DEFINE_STRUCT(Invoke, (Op, op));
};
/// Output: operation `op` completes; `result` is the value a read returns (none for a write).
struct Return {
  BOOST_HANA_DEFINE_STRUCT(Return, (Op, op), (std::optional<std::uint32_t>, result));
};
using Report = std::variant<Invoke, Return>;

// --- the server ---

struct ServerState {
  BOOST_HANA_DEFINE_STRUCT(ServerState, (Tagged, stored));
};

/// A replica: answers queries with its tagged value and keeps any newer value it is sent.
struct Server {
  using State = ServerState;
  using Msg = abd::Msg;

  bool bug_volatile_storage = false;  ///< forget the value on a crash (see the banner)

  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Server>& ctx) const {
    if (auto const* q = std::get_if<Query>(&m)) ctx.send(from, Held{q->op, s.stored});
    if (auto const* st = std::get_if<Store>(&m)) {
      if (newer(st->value.tag, s.stored.tag)) s.stored = st->value;
      ctx.send(from, Stored{st->op});
    }
  }
  /// ABD assumes what a server acknowledged survives it: the value is on stable storage.
  State durable(State const& s) const { return bug_volatile_storage ? State{} : s; }
};

// --- the client ---

/// Where the client's current operation is.
enum class Phase : std::uint8_t { idle, query, store };

/// `started` numbers operations (the current one's number while busy). Fields of a finished operation
/// are reset, so equal situations are equal states.
struct ClientState {
  BOOST_HANA_DEFINE_STRUCT(ClientState,
    (std::uint32_t, started),
    (Phase, phase),
    (Op, current),
    (std::set<weft::NodeId>, heard),  // servers that answered the current phase
    (Tagged, best),                   // query: the highest seen; store: what is being stored
    (std::vector<Op>, queued));       // inputs that arrived while busy, oldest first
};

/// A client: one operation at a time, each a query round then a store round, each to a majority.
struct Client {
  using State = ClientState;

  /// Why `s` cannot be a client's state, or "": it hears from servers only.
  std::string validate(State const& st) const {
    for (weft::NodeId n : st.heard)
      if (n >= servers) return "it counts node " + std::to_string(n.value) + " among the servers that answered";
    return "";
  }
  using Msg = abd::Msg;
  using Input = Op;
  using Output = Report;

  std::uint32_t servers = 3;         ///< servers are nodes 0 .. servers-1
  bool bug_skip_write_back = false;  ///< a read returns after its query round (see the banner)

  void on_input(State& s, Op const& op, weft::Context<Client>& ctx) const {
    s.queued.push_back(op);
    if (s.phase == Phase::idle) start_next(s, ctx);
  }
  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Client>& ctx) const {
    if (auto const* h = std::get_if<Held>(&m)) on_held(s, from, *h, ctx);
    if (auto const* st = std::get_if<Stored>(&m)) on_stored(s, from, *st, ctx);
  }
  /// A crash loses the operation in progress and the queued ones, but not the operation counter: were
  /// numbers reused after a restart, a late reply to the lost operation would count for the new one, and a
  /// read could return a value a majority held before a write that completed since.
  State durable(State const& s) const {
    State d{};
    d.started = s.started;
    return d;
  }

 private:
  std::size_t majority() const { return servers / 2 + 1; }

  // True when `from` is a new answer to the current operation in `phase` (late and repeated ones are not).
  bool fresh(State& s, weft::NodeId from, std::uint32_t op, Phase phase) const {
    return s.phase == phase && op == s.started && s.heard.insert(from).second;
  }

  void start_next(State& s, weft::Context<Client>& ctx) const {
    if (s.queued.empty()) return;
    s.current = s.queued.front();
    s.queued.erase(s.queued.begin());
    ++s.started;
    s.phase = Phase::query;
    ctx.output(Report{Invoke{s.current}});
    broadcast(Query{s.started}, ctx);
  }

  void on_held(State& s, weft::NodeId from, Held const& h, weft::Context<Client>& ctx) const {
    if (!fresh(s, from, h.op, Phase::query)) return;
    if (newer(h.held.tag, s.best.tag)) s.best = h.held;
    if (s.heard.size() < majority()) return;
    if (s.current.kind == OpKind::read && bug_skip_write_back) return finish(s, ctx);
    // A write takes the next version of its own; a read writes back the version it will return, so that a
    // majority holds it before anyone is told of it.
    if (s.current.kind == OpKind::write) s.best = Tagged{Tag{s.best.tag.ts + 1, ctx.self()}, s.current.value};
    s.heard.clear();
    s.phase = Phase::store;
    broadcast(Store{s.started, s.best}, ctx);
  }

  void on_stored(State& s, weft::NodeId from, Stored const& st, weft::Context<Client>& ctx) const {
    if (!fresh(s, from, st.op, Phase::store)) return;
    if (s.heard.size() >= majority()) finish(s, ctx);
  }

  void finish(State& s, weft::Context<Client>& ctx) const {
    std::optional<std::uint32_t> result;
    if (s.current.kind == OpKind::read) result = s.best.value;
    ctx.output(Report{Return{s.current, result}});
    s.phase = Phase::idle;
    s.current = Op{};
    s.heard.clear();
    s.best = Tagged{};
    start_next(s, ctx);
  }

  template <class M>
  void broadcast(M const& m, weft::Context<Client>& ctx) const {
    for (std::uint32_t i = 0; i < servers; ++i) ctx.send(weft::NodeId{i}, Msg{m});
  }
};

static_assert(weft::check_process<Server>());
static_assert(weft::check_process<Client>());

/// Servers are role 0, clients role 1.
using World = weft::World<Server, Client>;

/// `--set` text of an operation: `r` a read, `wN` a write of N.
inline std::string weft_format(Op const& op) {
  if (op.kind == OpKind::read) return "r";
  std::string text = std::to_string(op.value);
  text.insert(text.begin(), 'w');  // not "w" + ...: GCC 12 warns falsely about that (its bug 105329)
  return text;
}
/// Reads an operation from its `--set` text; returns what is wrong, or "".
inline std::string weft_parse(std::string_view text, Op& op) {
  bool const digits = text.size() > 1 && text.size() < 10 && text.find_first_not_of("0123456789", 1) == std::string_view::npos;
  if (text == "r") op = Op::read();
  else if (text.size() > 1 && text[0] == 'w' && digits) op = Op::write(static_cast<std::uint32_t>(std::stoul(std::string(text.substr(1)))));
  else return "is not an operation (r: a read, wN: a write of N)";
  return "";
}

/// What a world is made of: client i (node servers + i) runs script `client<i>`.
struct Settings {
  std::uint32_t servers = 3;                 ///< 2 to 5
  std::uint32_t clients = 2;                 ///< 1 to 3: how many of the scripts below run
  std::vector<Op> client0{Op::write(1)};     ///< client 0's operations, in order
  std::vector<Op> client1{Op::read()};       ///< client 1's
  std::vector<Op> client2{Op::read()};       ///< client 2's (when clients = 3)
  bool bug_skip_write_back = false;
  bool bug_volatile_storage = false;
  weft::WorldSettings world{};               ///< network semantics, faults, seed

  /// The scripts of the clients that run.
  std::vector<std::vector<Op>> scripts() const {
    std::vector<std::vector<Op>> all{client0, client1, client2};
    all.resize(std::min<std::size_t>(clients, all.size()));
    return all;
  }
  /// The number of writes in all scripts: no timestamp can exceed it.
  std::uint32_t writes() const {
    std::uint32_t n = 0;
    for (auto const& script : scripts())
      for (Op const& op : script) n += op.kind == OpKind::write ? 1 : 0;
    return n;
  }
};

}  // namespace abd

BOOST_HANA_ADAPT_STRUCT(abd::Settings, servers, clients, client0, client1, client2, bug_skip_write_back,
                        bug_volatile_storage, world);

namespace abd {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::servers, "replicas, interchangeable under --symmetry", weft::Bounds{2, 5});
  d(&Settings::clients, "clients, each running its script", weft::Bounds{1, 3});
  d(&Settings::client0, "client 0's operations: r a read, wN a write of N");
  d(&Settings::client1, "client 1's operations (bug_skip_write_back needs two reads: r,r)");
  d(&Settings::client2, "client 2's operations (when clients=3)");
  d(&Settings::bug_skip_write_back, "bug: a read returns without writing back what it read");
  d(&Settings::bug_volatile_storage, "bug: a server forgets its value when it crashes (needs crashes and restarts)");
}

/// The servers and clients of `settings`, servers declared interchangeable; no properties (see
/// abd_properties.hpp).
inline World make_world(Settings const& settings) {
  if (settings.servers < 2 || settings.servers > 5)
    throw weft::Error("abd: servers must be 2 to 5, got " + std::to_string(settings.servers));
  auto const scripts = settings.scripts();
  if (settings.clients < 1 || settings.clients > 3)
    throw weft::Error("abd: clients must be 1 to 3, got " + std::to_string(settings.clients));
  std::vector<std::size_t> roles(settings.servers, 0);
  roles.resize(settings.servers + scripts.size(), 1);
  Server server;
  server.bug_volatile_storage = settings.bug_volatile_storage;
  Client client;
  client.servers = settings.servers;
  client.bug_skip_write_back = settings.bug_skip_write_back;
  World w(roles, server, client);
  w.configure(settings.world);
  for (std::size_t c = 0; c < scripts.size(); ++c)
    for (Op const& op : scripts[c]) w.input(static_cast<weft::NodeId>(settings.servers + c), World::In{std::in_place_index<1>, op});
  std::vector<weft::NodeId> servers;
  for (std::uint32_t i = 0; i < settings.servers; ++i) servers.push_back(i);
  w.symmetric(servers);
  w.record_outputs();
  return w;
}

}  // namespace abd
