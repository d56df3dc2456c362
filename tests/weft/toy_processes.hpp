// Tiny processes for world tests whose reachable state counts can be worked out by hand.
#pragma once

#include <weft/weft.hpp>

#include <cstdint>
#include <set>
#include <vector>

namespace toy {

struct Letter {
  BOOST_HANA_DEFINE_STRUCT(Letter, (char, c));
};
struct Tick {
  BOOST_HANA_DEFINE_STRUCT(Tick);
};

struct SenderState {
  BOOST_HANA_DEFINE_STRUCT(SenderState, (std::uint8_t, sent));
};
/// Sends each letter of `letters` to node `to` when it starts.
struct Sender {
  using State = SenderState;
  using Msg = Letter;
  using Timer = Tick;
  std::vector<char> letters;
  weft::NodeId to = 1;
  void on_start(State& s, weft::Context<Sender>& ctx) const {
    for (char c : letters) ctx.send(to, Letter{c});
    s.sent = static_cast<std::uint8_t>(letters.size());
  }
  void on_msg(State&, weft::NodeId, Letter const&, weft::Context<Sender>&) const {}
  void on_timer(State&, Tick const&, weft::Context<Sender>&) const {}
};

struct SinkState {
  BOOST_HANA_DEFINE_STRUCT(SinkState, (std::vector<char>, received));
};
/// Records every letter it receives, in order; nothing is durable.
struct Sink {
  using State = SinkState;
  using Msg = Letter;
  using Timer = Tick;
  void on_start(State&, weft::Context<Sink>&) const {}
  void on_msg(State& s, weft::NodeId, Letter const& m, weft::Context<Sink>&) const { s.received.push_back(m.c); }
  void on_timer(State&, Tick const&, weft::Context<Sink>&) const {}
};

struct SetSinkState {
  BOOST_HANA_DEFINE_STRUCT(SetSinkState, (std::set<char>, received));
};
/// Records which letters it has seen (for duplicating networks, where a list would grow for ever).
struct SetSink {
  using State = SetSinkState;
  using Msg = Letter;
  using Timer = Tick;
  void on_start(State&, weft::Context<SetSink>&) const {}
  void on_msg(State& s, weft::NodeId, Letter const& m, weft::Context<SetSink>&) const { s.received.insert(m.c); }
  void on_timer(State&, Tick const&, weft::Context<SetSink>&) const {}
};

using Pair = weft::World<Sender, Sink>;

inline Pair pair(std::vector<char> letters, weft::Delivery d = weft::Delivery::unordered, weft::FaultBudget f = {}) {
  Pair w({0, 1}, Sender{letters, 1}, Sink{});
  w.delivery(d).faults(f);
  return w;
}

}  // namespace toy
