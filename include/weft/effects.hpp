// What a process handler can cause: messages sent, timers set or cancelled, user outputs, and log lines.
// Effects are plain data, so a run can be recorded and compared step by step.
#pragma once

#include <weft/node_id.hpp>
#include <weft/print.hpp>

#include <cstdint>
#include <string>
#include <variant>

namespace weft {

/// Logical time. In the live runtime one tick is one millisecond.
using Ticks = std::uint64_t;

/// A message sent to node `to`.
template <class Msg>
struct Send {
  BOOST_HANA_DEFINE_STRUCT(Send, (NodeId, to), (Msg, msg));
};

/// A timer armed (or re-armed: one pending timer per distinct tag) to fire after `delay` ticks.
template <class Timer>
struct SetTimer {
  BOOST_HANA_DEFINE_STRUCT(SetTimer, (Timer, timer), (Ticks, delay));
};

/// A pending timer disarmed.
template <class Timer>
struct CancelTimer {
  BOOST_HANA_DEFINE_STRUCT(CancelTimer, (Timer, timer));
};

/// A value handed to the user (a client reply, a decision).
template <class Out>
struct Output {
  BOOST_HANA_DEFINE_STRUCT(Output, (Out, value));
};

/// A diagnostic line: recorded and shown, but exempt from determinism comparisons (hs-p4p's aux channel).
struct Log {
  BOOST_HANA_DEFINE_STRUCT(Log, (std::string, text));
};

/// One effect of a handler.
template <class Msg, class Timer, class Out>
using Effect = std::variant<Send<Msg>, SetTimer<Timer>, CancelTimer<Timer>, Output<Out>, Log>;

/// True for effects that determinism checks compare (everything but logs).
template <class Msg, class Timer, class Out>
bool is_observable(Effect<Msg, Timer, Out> const& e) {
  return !std::holds_alternative<Log>(e);
}

template <class Msg>
void weft_print(std::string& out, Send<Msg> const& e) {
  out += "send to n" + std::to_string(e.to) + ": ";
  print_to(out, e.msg);
}
template <class Timer>
void weft_print(std::string& out, SetTimer<Timer> const& e) {
  out += "set timer ";
  print_to(out, e.timer);
  out += " +" + std::to_string(e.delay);
}
template <class Timer>
void weft_print(std::string& out, CancelTimer<Timer> const& e) {
  out += "cancel timer ";
  print_to(out, e.timer);
}
template <class Out>
void weft_print(std::string& out, Output<Out> const& e) {
  out += "output ";
  print_to(out, e.value);
}
inline void weft_print(std::string& out, Log const& e) { out += "log: " + e.text; }

}  // namespace weft
