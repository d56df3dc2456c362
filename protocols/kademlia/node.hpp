// A Kademlia node (Maymounkov and Mazieres, 2002), as in hs-p4p's DHT examples: k-buckets with
// least-recently-seen eviction by PING, the RPCs PING, FIND_NODE, FIND_VALUE and STORE, and one
// iterative lookup (parallelism alpha, a shortlist sorted by XOR distance) behind every command: join
// (a lookup of our own id through a bootstrap contact), node and value lookups, and inserts (a lookup,
// then STORE at the k closest). Commands run one at a time; every request has a timeout timer, and the
// table of outstanding requests is bounded (a node refuses to start more). Timer tasks (bucket
// refresh, republishing, expiry) run a bounded number of times so that the state space stays finite.
#pragma once

#include "kademlia_types.hpp"
#include "routing.hpp"

#include <weft/process.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace kademlia {

/// One Kademlia node. The Kademlia ids of all nodes come from the configuration (`ids[address]`).
struct Node {
  using State = NodeState;
  using Msg = kademlia::Msg;
  using Timer = kademlia::Timer;
  using Input = kademlia::Input;
  using Output = kademlia::Output;
  using Ctx = weft::Context<Node>;

  std::vector<KadId> ids;         ///< the Kademlia id of each node, by address
  std::uint32_t bits = 4;         ///< id length: ids and keys are below 2^bits
  std::uint32_t k = 2;            ///< bucket size and replication factor
  std::uint32_t alpha = 2;        ///< lookup parallelism
  std::uint32_t max_requests = 3; ///< outstanding requests a node accepts to have (rate limit)
  std::uint8_t refreshes = 0;     ///< bucket refreshes after joining
  std::uint8_t republishes = 0;   ///< republishes of each inserted value
  bool expire = false;            ///< stored values expire unless stored again
  bool timeouts = true;           ///< requests time out (false: they wait for their replies for ever)
  Delays delays;                  ///< timer delays
  Bugs bugs;                      ///< bug switches

  State init(weft::NodeId) const {
    State s{};
    s.next_op = 1;  // 0 tags maintenance pings
    return s;
  }
  /// A crash loses everything but the operation counter, so that replies to requests sent before the
  /// crash are never taken for replies to new ones.
  State durable(State const& s) const {
    State d = init(0);
    d.next_op = s.next_op;
    return d;
  }

  void on_input(State& s, Input const& in, Ctx& ctx) const {
    s.queue.push_back(std::visit([](auto const& c) { return Command{c}; }, in));
    run_next(s, ctx);
  }

  void on_msg(State& s, weft::NodeId from, Msg const& m, Ctx& ctx) const {
    Contact const sender{from, std::visit([](auto const& x) { return x.sender; }, m)};
    add_sorted(s.heard, sender);
    see(s, sender, ctx);  // every message refreshes its sender's place in the buckets
    std::visit([&](auto const& x) { handle(s, from, x, ctx); }, m);
  }

  void on_timer(State& s, Timer const& t, Ctx& ctx) const {
    std::visit([&](auto const& x) { fire(s, x, ctx); }, t);
  }

 private:
  KadId me(Ctx const& ctx) const { return ids[ctx.self()]; }
  bool room(State const& s) const { return s.requests.size() < max_requests; }

  // --- Routing table -------------------------------------------------------------------------------

  // Kademlia's bucket update: known contacts move to the tail, new ones fill free room; a full bucket
  // pings its least recently seen contact and keeps it if it answers.
  void see(State& s, Contact c, Ctx& ctx) const {
    if (c.addr == ctx.self()) return;
    if (remove_contact(s.table, c.addr)) {
      append_contact(s.table, me(ctx), c);
      return;
    }
    unsigned const b = bucket_of(me(ctx), c.id);
    std::size_t const size = bucket_size(s.table, me(ctx), b);
    if (size < k || (bugs.bucket_overflow && size == k)) {
      append_contact(s.table, me(ctx), c);
      return;
    }
    bool const pinging = std::any_of(s.evictions.begin(), s.evictions.end(),
                                     [&](Eviction const& e) { return bucket_of(me(ctx), e.old.id) == b; });
    if (pinging || (!room(s) && !bugs.ping_flood)) return;  // the newcomer is dropped: old contacts are preferred
    Contact const old = least_recent(s.table, me(ctx), b);
    s.evictions.push_back({old, c});
    std::sort(s.evictions.begin(), s.evictions.end(), weft::Less{});
    send_request(s, Request{old.addr, 0, Rpc::ping}, Ping{me(ctx), 0}, ctx);
  }

  // A contact that failed leaves the table; an eviction waiting on it lets its newcomer in.
  void forget(State& s, weft::NodeId addr, Ctx& ctx) const {
    remove_contact(s.table, addr);
    auto e = std::find_if(s.evictions.begin(), s.evictions.end(), [&](Eviction const& x) { return x.old.addr == addr; });
    if (e == s.evictions.end()) return;
    Contact const fresh = e->fresh;
    s.evictions.erase(e);
    if (!find_contact(s.table, fresh.addr) && bucket_size(s.table, me(ctx), bucket_of(me(ctx), fresh.id)) < k)
      append_contact(s.table, me(ctx), fresh);
  }

  // --- Requests ------------------------------------------------------------------------------------

  template <class M>
  void send_request(State& s, Request r, M msg, Ctx& ctx) const {
    auto at = std::lower_bound(s.requests.begin(), s.requests.end(), r, weft::Less{});
    if (at != s.requests.end() && weft::equal(*at, r)) return;  // already asked
    s.requests.insert(at, r);
    ctx.send(r.peer, std::move(msg));
    if (timeouts) ctx.set_timer(RequestTimeout{r.peer, r.op, r.rpc}, delays.request);
  }

  // Takes request `r` off the table when a reply comes; false when it was not outstanding (a late or
  // duplicated reply, or one to an operation that has ended).
  bool complete(State& s, Request r, Ctx& ctx) const {
    auto at = std::lower_bound(s.requests.begin(), s.requests.end(), r, weft::Less{});
    if (at == s.requests.end() || !weft::equal(*at, r)) return false;
    s.requests.erase(at);
    if (timeouts && !bugs.timer_leak) ctx.cancel_timer(RequestTimeout{r.peer, r.op, r.rpc});
    return true;
  }

  void cancel_requests(State& s, OpSeq op, Ctx& ctx) const {
    std::erase_if(s.requests, [&](Request const& r) {
      if (r.op != op) return false;
      if (timeouts) ctx.cancel_timer(RequestTimeout{r.peer, r.op, r.rpc});
      return true;
    });
  }

  // --- Serving RPCs --------------------------------------------------------------------------------

  void handle(State&, weft::NodeId from, Ping const& m, Ctx& ctx) const { ctx.send(from, Pong{me(ctx), m.op}); }
  void handle(State& s, weft::NodeId from, FindNode const& m, Ctx& ctx) const {
    ctx.send(from, FoundNodes{me(ctx), m.op, closest(s.table, m.target, k, from)});
  }
  void handle(State& s, weft::NodeId from, FindValue const& m, Ctx& ctx) const {
    if (auto const* e = entry(s, m.key)) ctx.send(from, FoundValue{me(ctx), m.op, e->value, {}});
    else ctx.send(from, FoundValue{me(ctx), m.op, std::nullopt, closest(s.table, m.key, k, from)});
  }
  void handle(State& s, weft::NodeId from, Store const& m, Ctx& ctx) const {
    keep(s, m.key, m.value, ctx);
    ctx.send(from, Stored{me(ctx), m.op});
  }

  // --- Replies -------------------------------------------------------------------------------------

  void handle(State& s, weft::NodeId from, Pong const& m, Ctx& ctx) const {
    if (!complete(s, {from, m.op, Rpc::ping}, ctx)) return;
    // The old contact is alive (see() made it most recent): it stays and the newcomer is dropped.
    std::erase_if(s.evictions, [&](Eviction const& e) { return e.old.addr == from; });
    advance(s, ctx);
  }
  void handle(State& s, weft::NodeId from, FoundNodes const& m, Ctx& ctx) const {
    if (complete(s, {from, m.op, Rpc::find_node}, ctx)) answered(s, from, m.contacts, std::nullopt, ctx);
  }
  void handle(State& s, weft::NodeId from, FoundValue const& m, Ctx& ctx) const {
    if (complete(s, {from, m.op, Rpc::find_value}, ctx)) answered(s, from, m.contacts, m.value, ctx);
  }
  void handle(State& s, weft::NodeId from, Stored const& m, Ctx& ctx) const {
    if (!complete(s, {from, m.op, Rpc::store}, ctx)) return;
    set_status(*s.op, from, Status::answered);  // its request was outstanding, so its operation runs
    advance(s, ctx);
  }

  // --- Timers --------------------------------------------------------------------------------------

  void fire(State& s, RequestTimeout const& t, Ctx& ctx) const {
    auto at = std::lower_bound(s.requests.begin(), s.requests.end(), Request{t.peer, t.op, t.rpc}, weft::Less{});
    if (at == s.requests.end() || !weft::equal(*at, Request{t.peer, t.op, t.rpc})) return;  // only with timer_leak
    s.requests.erase(at);
    s.timed_out = true;
    forget(s, t.peer, ctx);
    if (t.rpc != Rpc::ping && s.op && s.op->seq == t.op)
      set_status(*s.op, t.peer, bugs.retry_failed && !s.op->storing ? Status::fresh : Status::failed);
    advance(s, ctx);
  }
  void fire(State& s, RefreshTick const&, Ctx& ctx) const {
    if (!s.joined || s.refreshes_left == 0) return;
    --s.refreshes_left;
    // Each round refreshes another bucket, farthest first: a lookup of an id in it.
    unsigned const round = static_cast<unsigned>(refreshes - s.refreshes_left - 1);
    unsigned const bucket = bits - 1 - round % bits;
    s.queue.push_back(Refresh{static_cast<KadId>(me(ctx) ^ (1u << bucket))});
    run_next(s, ctx);
  }
  void fire(State& s, RepublishTick const& t, Ctx& ctx) const {
    Publication* p = publication(s, t.key);
    if (!p || p->republishes_left == 0) return;
    --p->republishes_left;
    s.queue.push_back(Republish{p->key, p->value});
    run_next(s, ctx);
  }
  void fire(State& s, ExpireTick const& t, Ctx&) const {
    std::erase_if(s.store, [&](Entry const& e) { return e.key == t.key; });
    s.expired = true;
  }

  // --- Operations ----------------------------------------------------------------------------------

  void run_next(State& s, Ctx& ctx) const {
    while (!s.op && !s.queue.empty()) {
      Command const c = s.queue.front();
      s.queue.erase(s.queue.begin());
      begin(s, c, ctx);
    }
  }

  static KadId target_of(Command const& c, KadId self) {
    return std::visit([&](auto const& x) -> KadId {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, Join>) return self;
      else if constexpr (std::is_same_v<T, LookupNode> || std::is_same_v<T, Refresh>) return x.target;
      else return x.key;
    }, c);
  }

  void begin(State& s, Command const& c, Ctx& ctx) const {
    s.op = Op{s.next_op++, c, false, {}, 0};
    Op& o = *s.op;
    if (auto const* j = std::get_if<Join>(&c)) {
      if (j->bootstrap.addr != ctx.self()) o.shortlist.push_back({j->bootstrap, Status::fresh});
    } else {
      for (Contact const& x : closest(s.table, target_of(c, me(ctx)), k)) o.shortlist.push_back({x, Status::fresh});
    }
    if (auto const* l = std::get_if<LookupValue>(&c)) {
      ctx.output(LookupBegan{o.seq, l->key});
      if (auto const* e = entry(s, l->key)) {
        s.results.push_back({o.seq, l->key, e->value});
        finish(s, ctx);
        return;
      }
    }
    advance(s, ctx);
  }

  // Drives the running operation: ends it when its k closest have answered, else sends what it may.
  void advance(State& s, Ctx& ctx) const {
    if (!s.op) return;
    Op& o = *s.op;
    if (o.storing) {
      bool pending = false;
      for (Candidate& c : o.shortlist) {
        if (c.status == Status::waiting) pending = true;
        if (c.status != Status::fresh || !room(s)) continue;
        Entry const ins = payload(o.command);
        send_request(s, Request{c.contact.addr, o.seq, Rpc::store}, Store{me(ctx), o.seq, ins.key, ins.value}, ctx);
        c.status = Status::waiting;
        ++o.sent;
        pending = true;
      }
      if (!pending && std::none_of(o.shortlist.begin(), o.shortlist.end(),
                                   [](Candidate const& c) { return c.status == Status::fresh; }))
        finish(s, ctx);
      return;
    }
    if (closest_answered(o)) {
      end_search(s, ctx);
      return;
    }
    query(s, ctx);
  }

  // The k closest candidates that have not failed have all answered.
  bool closest_answered(Op const& o) const {
    std::size_t seen = 0;
    for (Candidate const& c : o.shortlist) {
      if (c.status == Status::failed) continue;
      if (seen++ == k) break;
      if (c.status != Status::answered) return false;
    }
    return true;
  }

  // Queries unqueried candidates among the k closest, keeping at most alpha in flight.
  void query(State& s, Ctx& ctx) const {
    Op& o = *s.op;
    std::size_t inflight = static_cast<std::size_t>(std::count_if(
        o.shortlist.begin(), o.shortlist.end(), [](Candidate const& c) { return c.status == Status::waiting; }));
    std::size_t seen = 0;
    bool const value = std::holds_alternative<LookupValue>(o.command);
    KadId const target = target_of(o.command, me(ctx));
    for (Candidate& c : o.shortlist) {
      if (c.status == Status::failed) continue;
      if (seen++ == k || inflight >= alpha || !room(s)) break;
      if (c.status != Status::fresh) continue;
      if (value) send_request(s, Request{c.contact.addr, o.seq, Rpc::find_value}, FindValue{me(ctx), o.seq, target}, ctx);
      else send_request(s, Request{c.contact.addr, o.seq, Rpc::find_node}, FindNode{me(ctx), o.seq, target}, ctx);
      c.status = Status::waiting;
      ++inflight;
      ++o.sent;
    }
  }

  // A FIND reply: the value ends a value lookup; contacts join the shortlist in distance order.
  void answered(State& s, weft::NodeId from, std::vector<Contact> const& contacts, std::optional<Value> value,
                Ctx& ctx) const {
    Op& o = *s.op;  // the request was outstanding, so its operation is the running one
    set_status(o, from, Status::answered);
    if (value) {
      s.results.push_back({o.seq, std::get<LookupValue>(o.command).key, value});
      finish(s, ctx);
      return;
    }
    KadId const target = target_of(o.command, me(ctx));
    unsigned best = ~0u;
    for (Candidate const& c : o.shortlist)
      if (c.status != Status::failed) best = std::min(best, distance(c.contact.id, target));
    bool closer = false;
    for (Contact const& c : contacts) {
      if (bugs.unverified_contacts) see(s, c, ctx);
      if (c.addr == ctx.self() || position(o.shortlist, c.addr, [](Candidate const& x) { return x.contact; })) continue;
      closer = closer || distance(c.id, target) < best;
      auto at = std::find_if(o.shortlist.begin(), o.shortlist.end(),
                             [&](Candidate const& x) { return distance(x.contact.id, target) > distance(c.id, target); });
      o.shortlist.insert(at, Candidate{c, Status::fresh});
    }
    if (bugs.stop_early && !closer) {
      end_search(s, ctx);
      return;
    }
    advance(s, ctx);
  }

  // The search is over: inserts go on to STORE at the k closest (this node among them if it is one).
  void end_search(State& s, Ctx& ctx) const {
    Op& o = *s.op;
    cancel_requests(s, o.seq, ctx);
    if (auto const* l = std::get_if<LookupValue>(&o.command)) s.results.push_back({o.seq, l->key, std::nullopt});
    if (!std::holds_alternative<Insert>(o.command) && !std::holds_alternative<Republish>(o.command)) {
      finish(s, ctx);
      return;
    }
    Entry const ins = payload(o.command);
    // The k closest of the candidates that did not fail and of this node itself (nearest first).
    std::vector<Candidate> ranked{{Contact{ctx.self(), me(ctx)}, Status::answered}};
    for (Candidate const& c : o.shortlist)
      if (c.status != Status::failed) ranked.push_back({c.contact, Status::fresh});
    std::stable_sort(ranked.begin(), ranked.end(), [&](Candidate const& a, Candidate const& b) {
      return distance(a.contact.id, ins.key) < distance(b.contact.id, ins.key);
    });
    if (ranked.size() > k) ranked.resize(k);
    // This node, when among them, stores at once and stays on the list as answered (for Inserted).
    if (position(ranked, ctx.self(), [](Candidate const& c) { return c.contact; })) keep(s, ins.key, ins.value, ctx);
    std::vector<Candidate> targets = std::move(ranked);
    o.shortlist = std::move(targets);
    o.storing = true;
    advance(s, ctx);
  }

  // The operation is done: its follow-up timers are armed and the next command starts.
  void finish(State& s, Ctx& ctx) const {
    Op const o = std::move(*s.op);
    s.op.reset();
    cancel_requests(s, o.seq, ctx);
    if (std::holds_alternative<Join>(o.command)) {
      s.joined = true;
      s.refreshes_left = refreshes;
      if (refreshes > 0) ctx.set_timer(RefreshTick{}, delays.refresh);
    } else if (std::holds_alternative<Refresh>(o.command)) {
      if (s.refreshes_left > 0) ctx.set_timer(RefreshTick{}, delays.refresh);
    } else if (auto const* ins = std::get_if<Insert>(&o.command)) {
      std::vector<weft::NodeId> at;
      for (Candidate const& c : o.shortlist)
        if (c.status == Status::answered) at.push_back(c.contact.addr);
      std::sort(at.begin(), at.end());
      ctx.output(Inserted{ins->key, ins->value, at});
      publish(s, *ins, ctx);
    } else if (auto const* r = std::get_if<Republish>(&o.command)) {
      Publication const* p = publication(s, r->key);
      if (p && p->republishes_left > 0) ctx.set_timer(RepublishTick{r->key}, delays.republish);
    }
    run_next(s, ctx);
  }

  void publish(State& s, Insert const& ins, Ctx& ctx) const {
    Publication* p = publication(s, ins.key);
    if (!p) {
      s.published.push_back({ins.key, ins.value, republishes});
      std::sort(s.published.begin(), s.published.end(), weft::Less{});
    } else {
      *p = {ins.key, ins.value, republishes};
    }
    if (republishes > 0) ctx.set_timer(RepublishTick{ins.key}, delays.republish);
  }

  // Stores a value here; when values expire, every STORE restarts its lifetime.
  void keep(State& s, KadId key, Value value, Ctx& ctx) const {
    std::erase_if(s.store, [&](Entry const& e) { return e.key == key; });
    s.store.push_back({key, value});
    std::sort(s.store.begin(), s.store.end(), weft::Less{});
    if (expire) ctx.set_timer(ExpireTick{key}, delays.expire);
  }
};

static_assert(weft::check_process<Node>());

}  // namespace kademlia
