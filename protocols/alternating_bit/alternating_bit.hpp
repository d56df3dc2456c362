// The alternating bit protocol of Specifying Systems, AlternatingBit.tla with MCAlternatingBit.cfg
// (tlaplus/Examples, specifications/SpecifyingSystems/TLC): a sender and a receiver over two lossy FIFO
// queues. Its fairness is the textbook reason for strong fairness: a lossy channel's receive is enabled
// only now and then (a loss may empty the queue before it happens), so weak fairness cannot force it;
// ABFairness is WF(ReSndMsg) /\ WF(SndAck) /\ SF(RcvMsg) /\ SF(RcvAck). The configuration bounds both
// queues to two messages by a state constraint (successors with a longer queue are generated and counted,
// not explored). Data = {d1, d2}: 240 distinct states, 1,392 generated, as TLC counts them. The property
// SentLeadsToRcvd holds, and fails when the receives are only weakly fair. (ABCSpec, the refinement of
// ABCorrectness that the configuration also checks, is not a state or temporal property weft states.)
//
//   alternating_bit::Model m;  // m.receive = weft::Fair::weak: the fairness that does not suffice
#pragma once

#include <weft/fair_group.hpp>
#include <weft/model.hpp>
#include <weft/reflect.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace alternating_bit {

inline constexpr unsigned capacity = 3;  ///< one past the constraint's bound: a successor may hold 3
inline constexpr unsigned queue_bound = 2;  ///< SeqConstraint: msgQLen = ackQLen = 2

/// A message: the bit and the datum (0: d1, 1: d2).
struct Message {
  BOOST_HANA_DEFINE_STRUCT(Message, (std::uint8_t, bit), (std::uint8_t, data));
};

/// msgQ, ackQ (as fixed arrays and lengths), sBit, sAck, rBit, sent, rcvd.
struct State {
  BOOST_HANA_DEFINE_STRUCT(State, (std::array<Message, capacity>, msg), (std::uint8_t, msg_len),
                           (std::array<std::uint8_t, capacity>, ack), (std::uint8_t, ack_len), (std::uint8_t, s_bit),
                           (std::uint8_t, s_ack), (std::uint8_t, r_bit), (std::uint8_t, sent), (std::uint8_t, rcvd));
};

enum class Kind : std::uint8_t { snd_new_value, re_snd_msg, rcv_msg, snd_ack, rcv_ack, lose_msg, lose_ack };

/// An action instance: SndNewValue(d) takes `arg` = d, Lose(q) takes `arg` = the position lost (0-based).
struct Action {
  BOOST_HANA_DEFINE_STRUCT(Action, (Kind, kind), (std::uint8_t, arg));
};
inline void weft_print(std::string& out, Action const& a) {
  char const* names[] = {"SndNewValue", "ReSndMsg", "RcvMsg", "SndAck", "RcvAck", "LoseMsg", "LoseAck"};
  out += names[static_cast<int>(a.kind)];
  if (a.kind == Kind::snd_new_value) out += "(d" + std::to_string(a.arg + 1) + ")";
  if (a.kind == Kind::lose_msg || a.kind == Kind::lose_ack) out += "(" + std::to_string(a.arg + 1) + ")";
}

/// MCAlternatingBit with its constraint, ABFairness (receives as strong as `receive`) and SentLeadsToRcvd.
struct Model {
  using State = alternating_bit::State;
  using Action = alternating_bit::Action;
  weft::Fair receive = weft::Fair::strong;  ///< the fairness of RcvMsg and RcvAck

  std::vector<State> init_states() const {
    std::vector<State> out;
    for (std::uint8_t bit = 0; bit < 2; ++bit)
      for (std::uint8_t sent = 0; sent < 2; ++sent)
        for (std::uint8_t rcvd = 0; rcvd < 2; ++rcvd) {
          State s{};
          s.s_bit = s.s_ack = s.r_bit = bit;
          s.sent = sent, s.rcvd = rcvd;
          out.push_back(s);
        }
    return out;
  }
  void actions(State const& s, std::vector<Action>& out) const {
    out.push_back({Kind::snd_new_value, 0});
    out.push_back({Kind::snd_new_value, 1});
    for (Kind k : {Kind::re_snd_msg, Kind::rcv_msg, Kind::snd_ack, Kind::rcv_ack}) out.push_back({k, 0});
    for (std::uint8_t i = 0; i < s.msg_len; ++i) out.push_back({Kind::lose_msg, i});
    for (std::uint8_t i = 0; i < s.ack_len; ++i) out.push_back({Kind::lose_ack, i});
  }
  std::optional<State> next_state(State const& s, Action const& a) const {
    State t = s;
    auto append_msg = [&](Message m) {
      if (t.msg_len == capacity) return false;
      t.msg[t.msg_len++] = m;
      return true;
    };
    switch (a.kind) {
      case Kind::snd_new_value:
        if (s.s_ack != s.s_bit || a.arg > 1) return std::nullopt;
        t.sent = a.arg;
        t.s_bit = static_cast<std::uint8_t>(1 - s.s_bit);
        if (!append_msg({t.s_bit, a.arg})) return std::nullopt;
        return t;
      case Kind::re_snd_msg:
        if (s.s_ack == s.s_bit || !append_msg({s.s_bit, s.sent})) return std::nullopt;
        return t;
      case Kind::rcv_msg:
        if (s.msg_len == 0) return std::nullopt;
        t.r_bit = s.msg[0].bit, t.rcvd = s.msg[0].data;
        remove(t.msg, t.msg_len, 0);
        return t;
      case Kind::snd_ack:
        if (t.ack_len == capacity) return std::nullopt;
        t.ack[t.ack_len++] = s.r_bit;
        return t;
      case Kind::rcv_ack:
        if (s.ack_len == 0) return std::nullopt;
        t.s_ack = s.ack[0];
        remove(t.ack, t.ack_len, 0);
        return t;
      case Kind::lose_msg:
        if (a.arg >= s.msg_len) return std::nullopt;
        remove(t.msg, t.msg_len, a.arg);
        return t;
      case Kind::lose_ack:
        if (a.arg >= s.ack_len) return std::nullopt;
        remove(t.ack, t.ack_len, a.arg);
        return t;
    }
    return std::nullopt;
  }
  /// ABFairness: WF(ReSndMsg), WF(SndAck), and `receive` on RcvMsg and RcvAck.
  void fairness(Action const& a, std::vector<weft::FairGroup>& out) const {
    if (a.kind == Kind::re_snd_msg || a.kind == Kind::snd_ack) out.push_back({weft::Fair::weak, static_cast<std::uint64_t>(a.kind)});
    if (a.kind == Kind::rcv_msg || a.kind == Kind::rcv_ack) out.push_back({receive, static_cast<std::uint64_t>(a.kind)});
  }
  /// SeqConstraint, and SentLeadsToRcvd as one leads-to per datum.
  std::vector<weft::Property<Model>> properties() const {
    std::vector<weft::Property<Model>> out;
    out.push_back(weft::constraint<Model>("SeqConstraint", [](Model const&, State const& s) {
      return s.msg_len <= queue_bound && s.ack_len <= queue_bound;
    }));
    for (std::uint8_t d = 0; d < 2; ++d)
      out.push_back(weft::leads_to<Model>("SentLeadsToRcvd(d" + std::to_string(d + 1) + ")",
                                          [d](Model const&, State const& s) { return s.sent == d && s.s_bit != s.s_ack; },
                                          [d](Model const&, State const& s) { return s.rcvd == d; }));
    return out;
  }

 private:
  // Removes element i of a queue, keeping unused slots zero so that equal queues are equal states.
  template <class T>
  static void remove(std::array<T, capacity>& q, std::uint8_t& len, std::uint8_t i) {
    for (std::uint8_t k = i; k + 1 < len; ++k) q[k] = q[k + 1];
    q[--len] = T{};
  }
};

}  // namespace alternating_bit
