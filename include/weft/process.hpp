// The process API (hs-p4p's abstract runtime): a process is a deterministic state machine. Its handlers
// change its State and emit effects into a Context; they must not touch clocks, sockets, threads, globals
// or anything else outside their arguments, since weft replays, forks and model-checks them.
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
  typename P::Timer;
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
concept HasOnTimer = requires(P const& p, typename P::State& s, typename P::Timer const& t, Context<P>& ctx) {
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

/// A process type: `State`, `Msg`, `Timer` (and optionally `Input`, `Output`) and const handlers.
/// See check_process<P>() for the signatures spelled out.
template <class P>
concept Process = detail::HasProcessTypes<P> && detail::HasOnStart<P> && detail::HasOnMsg<P> &&
                  detail::HasOnTimer<P> && (!HasInput<P> || detail::HasOnInput<P>);

/// Explains, one requirement at a time, why P is not a Process: `static_assert(weft::check_process<P>())`.
template <class P>
consteval bool check_process() {
  static_assert(detail::HasProcessTypes<P>,
                "weft::Process needs `using State = ...; using Msg = ...; using Timer = ...;` "
                "(and optionally `using Input = ...; using Output = ...;`)");
  if constexpr (detail::HasProcessTypes<P>) {
    static_assert(detail::HasOnStart<P>, "weft::Process needs `void on_start(State&, weft::Context<P>&) const`");
    static_assert(detail::HasOnMsg<P>,
                  "weft::Process needs `void on_msg(State&, weft::NodeId from, Msg const&, weft::Context<P>&) const`");
    static_assert(detail::HasOnTimer<P>,
                  "weft::Process needs `void on_timer(State&, Timer const&, weft::Context<P>&) const`");
    static_assert(!HasInput<P> || detail::HasOnInput<P>,
                  "weft::Process with an Input type needs `void on_input(State&, Input const&, weft::Context<P>&) const`");
  }
  return Process<P>;
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
