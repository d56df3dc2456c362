// The process API (hs-p4p's abstract runtime): a process is a deterministic state machine. Its handlers
// change its State and emit effects into a Context; they must not touch clocks, sockets, threads, globals
// or anything else outside their arguments, since weft replays, forks and model-checks them. A process
// declares only what it uses: one without timers has no Timer type and no on_timer, one that does
// nothing at start no on_start.
//
//   struct Acceptor {
//     using State = AcceptorState;
//     using Msg = paxos::Msg;
//     void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Acceptor>& ctx) const;
//   };
#pragma once

#include <weft/context.hpp>

#include <concepts>
#include <variant>

namespace weft {

namespace detail {
template <class P>
concept HasProcessTypes = requires {
  typename P::State;
  typename P::Msg;
};
template <class P>
concept HasOnStart = requires(P const& p, typename P::State& s, Context<P>& ctx) {
  { p.on_start(s, ctx) } -> std::same_as<void>;
};
template <class P>
concept HasOnMsg = requires(P const& p, typename P::State& s, NodeId from, typename P::Msg const& m, Context<P>& ctx) {
  { p.on_msg(s, from, m, ctx) } -> std::same_as<void>;
};
template <class P>
concept HasOnTimer = requires(P const& p, typename P::State& s, timer_t<P> const& t, Context<P>& ctx) {
  { p.on_timer(s, t, ctx) } -> std::same_as<void>;
};
template <class P>
concept HasOnInput = requires(P const& p, typename P::State& s, input_t<P> const& i, Context<P>& ctx) {
  { p.on_input(s, i, ctx) } -> std::same_as<void>;
};
template <class P>
concept HasInit = requires(P const& p, NodeId self) {
  { p.init(self) } -> std::same_as<typename P::State>;
};
template <class P>
concept HasDurable = requires(P const& p, typename P::State const& s) {
  { p.durable(s) } -> std::same_as<typename P::State>;
};
}  // namespace detail

/// A process type: `State` and `Msg` (and, when it uses them, `Timer`, `Input`, `Output`) and const
/// handlers: `on_msg` always; `on_timer` and `on_input` for the types it declares; `on_start` when it does
/// something at start. See check_process<P>() for the signatures spelled out.
template <class P>
concept Process = detail::HasProcessTypes<P> && detail::HasOnMsg<P> && (!HasTimer<P> || detail::HasOnTimer<P>) &&
                  (!HasInput<P> || detail::HasOnInput<P>);

/// Explains, one requirement at a time, why P is not a Process: `static_assert(weft::check_process<P>())`.
template <class P>
consteval bool check_process() {
  static_assert(detail::HasProcessTypes<P>,
                "weft::Process needs `using State = ...; using Msg = ...;` "
                "(and, when it uses them, `using Timer = ...; using Input = ...; using Output = ...;`)");
  if constexpr (detail::HasProcessTypes<P>) {
    static_assert(detail::HasOnMsg<P>,
                  "weft::Process needs `void on_msg(State&, weft::NodeId from, Msg const&, weft::Context<P>&) const`");
    static_assert(!HasTimer<P> || detail::HasOnTimer<P>,
                  "weft::Process with a Timer type needs `void on_timer(State&, Timer const&, weft::Context<P>&) const`");
    static_assert(!HasInput<P> || detail::HasOnInput<P>,
                  "weft::Process with an Input type needs `void on_input(State&, Input const&, weft::Context<P>&) const`");
  }
  return Process<P>;
}

/// Runs P's `on_start`, where it has one (a process without it does nothing at start).
template <class P>
void start_process(P const& p, typename P::State& s, Context<P>& ctx) {
  if constexpr (detail::HasOnStart<P>) p.on_start(s, ctx);
}

/// Runs P's `on_timer` (a process without timers never has one fire).
template <class P>
void fire_timer(P const& p, typename P::State& s, timer_t<P> const& t, Context<P>& ctx) {
  if constexpr (detail::HasOnTimer<P>) p.on_timer(s, t, ctx);
}

/// A node's state when it first starts: `p.init(self)` where the process defines it, else `State{}`.
template <Process P>
typename P::State initial_state(P const& p, NodeId self) {
  if constexpr (detail::HasInit<P>) return p.init(self);
  else return typename P::State{};
}

/// What survives a crash: `p.durable(s)` where the process defines it, else the initial state.
template <Process P>
typename P::State durable_state(P const& p, NodeId self, typename P::State const& s) {
  if constexpr (detail::HasDurable<P>) return p.durable(s);
  else return initial_state(p, self);
}

}  // namespace weft
