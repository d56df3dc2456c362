// The events of a simulated world: every nondeterministic choice is one of these, as plain data that
// serialises into traces and prints readably.
#pragma once

#include <weft/effects.hpp>
#include <weft/print.hpp>

#include <cstdint>
#include <string>
#include <variant>

namespace weft {

/// The network delivers `msg` from `from` to `to`.
template <class Msg>
struct Deliver {
  BOOST_HANA_DEFINE_STRUCT(Deliver, (NodeId, from), (NodeId, to), (Msg, msg));
};
/// The network loses one copy of a message in flight (costs one drop from the fault budget).
template <class Msg>
struct Drop {
  BOOST_HANA_DEFINE_STRUCT(Drop, (NodeId, from), (NodeId, to), (Msg, msg));
};
/// The network duplicates a message in flight (costs one duplicate from the fault budget).
template <class Msg>
struct Duplicate {
  BOOST_HANA_DEFINE_STRUCT(Duplicate, (NodeId, from), (NodeId, to), (Msg, msg));
};
/// A pending timer of `node` fires.
template <class Timer>
struct Timeout {
  BOOST_HANA_DEFINE_STRUCT(Timeout, (NodeId, node), (Timer, timer));
};
/// The next scripted user input of `node` arrives.
template <class In>
struct UserInput {
  BOOST_HANA_DEFINE_STRUCT(UserInput, (NodeId, node), (In, value));
};
/// `node` crashes: it keeps only the durable part of its state, and its timers are gone.
struct Crash {
  BOOST_HANA_DEFINE_STRUCT(Crash, (NodeId, node));
};
/// A crashed `node` starts again from its durable state (on_start runs).
struct Restart {
  BOOST_HANA_DEFINE_STRUCT(Restart, (NodeId, node));
};
/// The network splits: nodes whose bit is set in `side` (always node 0's side) reach only each other.
struct Partition {
  BOOST_HANA_DEFINE_STRUCT(Partition, (std::uint64_t, side));
};
/// The partition ends.
struct Heal {
  BOOST_HANA_DEFINE_STRUCT(Heal);
};

/// Any event of a world with these message, timer and input types.
template <class Msg, class Timer, class In>
using Event = std::variant<Deliver<Msg>, Drop<Msg>, Duplicate<Msg>, Timeout<Timer>, UserInput<In>, Crash, Restart,
                           Partition, Heal>;

namespace detail {
inline std::string node_name(NodeId n) {
  std::string name = std::to_string(n.value);
  name.insert(name.begin(), 'n');  // not "n" + ...: GCC 12 warns falsely about that (its bug 105329)
  return name;
}
template <class E>
void print_link(std::string& out, char const* verb, E const& e) {
  out += verb;
  out += " " + node_name(e.from) + "->" + node_name(e.to) + " ";
  print_to(out, e.msg);
}
}  // namespace detail

template <class Msg>
void weft_print(std::string& out, Deliver<Msg> const& e) { detail::print_link(out, "deliver", e); }
template <class Msg>
void weft_print(std::string& out, Drop<Msg> const& e) { detail::print_link(out, "drop", e); }
template <class Msg>
void weft_print(std::string& out, Duplicate<Msg> const& e) { detail::print_link(out, "duplicate", e); }
template <class Timer>
void weft_print(std::string& out, Timeout<Timer> const& e) {
  out += "timeout " + detail::node_name(e.node) + " ";
  print_to(out, e.timer);
}
template <class In>
void weft_print(std::string& out, UserInput<In> const& e) {
  out += "input " + detail::node_name(e.node) + " ";
  print_to(out, e.value);
}
inline void weft_print(std::string& out, Crash const& e) { out += "crash " + detail::node_name(e.node); }
inline void weft_print(std::string& out, Restart const& e) { out += "restart " + detail::node_name(e.node); }
inline void weft_print(std::string& out, Partition const& e) {
  out += "partition {";
  char const* sep = "";
  for (NodeId n = 0; n < 64; ++n) {
    if ((e.side >> n & 1) == 0) continue;
    out += sep;
    out += detail::node_name(n);
    sep = ",";
  }
  out += "} | rest";
}
inline void weft_print(std::string& out, Heal const&) { out += "heal"; }

}  // namespace weft
