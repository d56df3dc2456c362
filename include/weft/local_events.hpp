// What can happen to one node on its own, as the live runtime sees it: it starts, starts again after a
// crash, receives a message, a timer fires, or a user types an input. Plain data: the runtime logs these
// as its inputs, and replaying a log feeds them back.
#pragma once

#include <weft/effects.hpp>

#include <variant>

namespace weft {

/// The node starts for the first time (on_start runs).
struct Started {
  BOOST_HANA_DEFINE_STRUCT(Started);
};
/// The node starts again after a crash or a stop: it keeps only its durable state and no timers, then
/// on_start runs (the simulated world's Crash followed by Restart).
struct Restarted {
  BOOST_HANA_DEFINE_STRUCT(Restarted);
};
/// A message arrives from node `from`.
template <class Msg>
struct Received {
  BOOST_HANA_DEFINE_STRUCT(Received, (NodeId, from), (Msg, msg));
};
/// A pending timer fires.
template <class Timer>
struct Fired {
  BOOST_HANA_DEFINE_STRUCT(Fired, (Timer, timer));
};
/// A user input arrives.
template <class In>
struct Entered {
  BOOST_HANA_DEFINE_STRUCT(Entered, (In, value));
};

/// Any event of one node.
template <class Msg, class Timer, class In>
using LocalEvent = std::variant<Started, Restarted, Received<Msg>, Fired<Timer>, Entered<In>>;

/// A message that did not decode, delivered as a value to a process that asks for such (hs-p4p's design,
/// useful to test a process's own parsing): put Malformed among the alternatives of its Msg variant.
struct Malformed {
  BOOST_HANA_DEFINE_STRUCT(Malformed, (std::string, bytes), (std::string, reason));
};

inline void weft_print(std::string& out, Started const&) { out += "start"; }
inline void weft_print(std::string& out, Restarted const&) { out += "restart"; }
template <class Msg>
void weft_print(std::string& out, Received<Msg> const& e) {
  out += "receive from n" + std::to_string(e.from.value) + " ";
  print_to(out, e.msg);
}
template <class Timer>
void weft_print(std::string& out, Fired<Timer> const& e) {
  out += "timeout ";
  print_to(out, e.timer);
}
template <class In>
void weft_print(std::string& out, Entered<In> const& e) {
  out += "input ";
  print_to(out, e.value);
}

}  // namespace weft
