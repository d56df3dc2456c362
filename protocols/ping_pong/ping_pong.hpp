// Ping-pong with retries: a client asks a server to echo values; each request is retried on a timer
// until it is answered or the retries run out. Small enough for hand-counted state spaces, and it
// exercises messages, timers, user inputs, outputs, crashes and restarts.
//
// Bug switch `accept_stale_pong`: the client takes any Pong as the answer to its current request, so a
// late reply to an earlier request (after a retry or a duplicate) is returned as the wrong answer.
#pragma once

#include <weft/protocol.hpp>
#include <weft/process.hpp>
#include <weft/world.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <variant>
#include <vector>

namespace ping_pong {

struct Ping {
  BOOST_HANA_DEFINE_STRUCT(Ping, (std::uint32_t, seq), (std::uint32_t, value));
};
struct Pong {
  BOOST_HANA_DEFINE_STRUCT(Pong, (std::uint32_t, seq), (std::uint32_t, value));
};
using Msg = std::variant<Ping, Pong>;

/// A request the client is waiting on.
struct Pending {
  BOOST_HANA_DEFINE_STRUCT(Pending, (std::uint32_t, seq), (std::uint32_t, value), (std::uint32_t, retries));
};
/// What the client reports for a request: the value asked and the value the server echoed (if any).
struct Answer {
  BOOST_HANA_DEFINE_STRUCT(Answer, (std::uint32_t, seq), (std::uint32_t, asked), (std::optional<std::uint32_t>, got));
};
/// The client's retry timer for request `seq`.
struct Retry {
  BOOST_HANA_DEFINE_STRUCT(Retry, (std::uint32_t, seq));
};
/// A user asks the client to echo `value`.
struct Ask {
  BOOST_HANA_DEFINE_STRUCT(Ask, (std::uint32_t, value));
};

struct ClientState {
  BOOST_HANA_DEFINE_STRUCT(ClientState,
    (std::uint32_t, next_seq),
    (std::optional<Pending>, waiting),
    (std::deque<std::uint32_t>, queued),
    (std::vector<Answer>, answers)
  );
};

/// The client: one request at a time, others queue.
struct Client {
  using State = ClientState;
  using Msg = ping_pong::Msg;
  using Timer = Retry;
  using Input = Ask;
  using Output = Answer;

  weft::NodeId server = 1;
  std::uint32_t max_retries = 1;
  weft::Ticks retry_after = 100;
  bool accept_stale_pong = false;

  /// Why `s` cannot be the client's state, or "": requests are numbered in order, retried at most so often.
  std::string validate(State const& s) const {
    if (s.waiting && (s.waiting->seq >= s.next_seq || s.waiting->retries > max_retries)) return "it waits on a request it never sent";
    if (s.answers.size() > s.next_seq) return "it has more answers than requests";
    return "";
  }

  void on_input(State& s, Ask const& ask, weft::Context<Client>& ctx) const {
    s.queued.push_back(ask.value);
    if (!s.waiting) send_next(s, ctx);
  }
  void on_msg(State& s, weft::NodeId, Msg const& m, weft::Context<Client>& ctx) const {
    auto const* pong = std::get_if<Pong>(&m);
    if (!pong || !s.waiting) return;
    if (!accept_stale_pong && pong->seq != s.waiting->seq) return;
    finish(s, pong->value, ctx);
  }
  void on_timer(State& s, Retry const& t, weft::Context<Client>& ctx) const {
    if (!s.waiting || s.waiting->seq != t.seq) return;
    if (s.waiting->retries == max_retries) {
      finish(s, std::nullopt, ctx);
      return;
    }
    ++s.waiting->retries;
    ctx.send(server, Ping{t.seq, s.waiting->value});
    ctx.set_timer(t, retry_after);
  }

 private:
  void send_next(State& s, weft::Context<Client>& ctx) const {
    if (s.queued.empty()) return;
    s.waiting = Pending{s.next_seq++, s.queued.front(), 0};
    s.queued.pop_front();
    ctx.send(server, Ping{s.waiting->seq, s.waiting->value});
    ctx.set_timer(Retry{s.waiting->seq}, retry_after);
  }
  void finish(State& s, std::optional<std::uint32_t> got, weft::Context<Client>& ctx) const {
    Answer a{s.waiting->seq, s.waiting->value, got};
    ctx.cancel_timer(Retry{a.seq});
    ctx.output(a);
    ctx.log("request ", a.seq, got ? " answered" : " gave up");
    s.answers.push_back(a);
    s.waiting.reset();
    send_next(s, ctx);
  }
};

struct ServerState {
  BOOST_HANA_DEFINE_STRUCT(ServerState, (std::uint32_t, served), (std::uint32_t, restarts));
};

/// The server echoes every Ping. `restarts` is durable (it counts its own restarts); `served` is not.
struct Server {
  using State = ServerState;
  using Msg = ping_pong::Msg;

  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Server>& ctx) const {
    if (auto const* ping = std::get_if<Ping>(&m)) {
      ++s.served;
      ctx.send(from, Pong{ping->seq, ping->value});
    }
  }
  State durable(State const& s) const { return State{0, s.restarts + 1}; }
};

static_assert(weft::check_process<Client>());
static_assert(weft::check_process<Server>());

/// The world: node 0 is the client, node 1 the server.
using World = weft::World<Client, Server>;

/// A client that asks for each of `values` in turn, against one server.
inline World make_world(std::vector<std::uint32_t> const& values, Client client = {}) {
  World w({0, 1}, client, Server{});
  for (auto v : values) w.input(0, Ask{v});
  w.property(weft::always<World>("answers match questions", [](World const&, World::State const& s) {
    for (Answer const& a : World::state_of<Client>(s, 0).answers)
      if (a.got && *a.got != a.asked) return false;
    return true;
  }));
  return w;
}

/// What a ping-pong world is made of, as `--set` keys.
struct Settings {
  std::uint32_t requests = 2;       ///< the client asks for 10, 20, ... in turn
  std::uint32_t max_retries = 1;    ///< retries per request before the client gives up
  bool accept_stale_pong = false;   ///< bug: take any reply as the answer to the current request
  weft::WorldSettings world{};      ///< network semantics, faults, seed
};

}  // namespace ping_pong

BOOST_HANA_ADAPT_STRUCT(ping_pong::Settings, requests, max_retries, accept_stale_pong, world);

namespace ping_pong {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::requests, "values the client asks for, one at a time", weft::Bounds{0, 100});
  d(&Settings::max_retries, "retries per request before the client gives up", weft::Bounds{0, 100});
  d(&Settings::accept_stale_pong, "bug: take any reply as the answer to the current request");
}

/// Ping-pong as its tools and tests know it.
inline auto const protocol = weft::protocol<Settings>(
    "ping_pong", "a client asks a server to echo values, retrying on a timer", [](Settings const& s) {
      Client client;
      client.max_retries = s.max_retries;
      client.accept_stale_pong = s.accept_stale_pong;
      std::vector<std::uint32_t> values;
      for (std::uint32_t i = 1; i <= s.requests; ++i) values.push_back(i * 10);
      auto w = make_world(values, client);
      w.configure(s.world);
      return w;
    });

}  // namespace ping_pong
