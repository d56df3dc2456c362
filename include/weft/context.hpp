// The handle a process handler gets: who it is, how to send, set timers, output and log, and its RNG.
#pragma once

#include <weft/effects.hpp>
#include <weft/error.hpp>
#include <weft/rng.hpp>

#include <boost/hana/define_struct.hpp>

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace weft {

/// The Timer type of a process that sets no timers (it declares none): no tag of it is ever armed.
struct NoTimer {
  BOOST_HANA_DEFINE_STRUCT(NoTimer);
};

/// True when the process declares `using Timer = ...;`.
template <class P>
concept HasTimer = requires { typename P::Timer; };
/// True when the process declares `using Input = ...;`.
template <class P>
concept HasInput = requires { typename P::Input; };
/// True when the process declares `using Output = ...;`.
template <class P>
concept HasOutput = requires { typename P::Output; };

namespace detail {
template <class P> struct TimerOf { using type = NoTimer; };
template <HasTimer P> struct TimerOf<P> { using type = typename P::Timer; };
template <class P> struct InputOf { using type = std::monostate; };
template <HasInput P> struct InputOf<P> { using type = typename P::Input; };
template <class P> struct OutputOf { using type = std::monostate; };
template <HasOutput P> struct OutputOf<P> { using type = typename P::Output; };
}  // namespace detail

/// P's Timer type, or weft::NoTimer where it declares none.
template <class P>
using timer_t = typename detail::TimerOf<P>::type;
/// P's Input type, or std::monostate where it has none.
template <class P>
using input_t = typename detail::InputOf<P>::type;
/// P's Output type, or std::monostate where it has none.
template <class P>
using output_t = typename detail::OutputOf<P>::type;
/// The effect type of process P.
template <class P>
using effect_t = Effect<typename P::Msg, timer_t<P>, output_t<P>>;

/// What a handler of process P may do. Effects are collected in order; nothing happens until it returns.
template <class P>
class Context {
 public:
  using Msg = typename P::Msg;
  using Timer = timer_t<P>;
  using Out = output_t<P>;

  /// Made by the world or runtime that runs the handler.
  Context(NodeId self, std::size_t node_count, Rng& rng, std::vector<effect_t<P>>& out)
      : self_(self), node_count_(node_count), rng_(&rng), out_(&out) {}

  /// This node's id.
  NodeId self() const { return self_; }
  /// How many nodes the world has (ids 0 .. node_count()-1).
  std::size_t node_count() const { return node_count_; }

  /// Sends `msg` to node `to` over the network.
  void send(NodeId to, Msg msg) {
    if (to >= node_count_)
      throw Error("node " + std::to_string(self_) + " sent to node " + std::to_string(to) + ", but the world has " +
                  std::to_string(node_count_) + " nodes");
    out_->push_back(Send<Msg>{to, std::move(msg)});
  }
  /// Arms timer `tag` to fire after `delay` ticks, replacing a pending timer with an equal tag.
  void set_timer(Timer tag, Ticks delay) { out_->push_back(SetTimer<Timer>{std::move(tag), delay}); }
  /// Disarms the pending timer with tag `tag`, if any.
  void cancel_timer(Timer tag) { out_->push_back(CancelTimer<Timer>{std::move(tag)}); }
  /// Hands `value` to the user.
  void output(Out value) { out_->push_back(Output<Out>{std::move(value)}); }
  /// Records a diagnostic line made of the printed arguments.
  template <class... Args>
  void log(Args const&... args) {
    std::string text;
    (append_log(text, args), ...);
    out_->push_back(Log{std::move(text)});
  }
  /// This node's deterministic random stream (its state travels with the node's state).
  Rng& rng() { return *rng_; }

 private:
  template <class T>
  static void append_log(std::string& text, T const& v) {
    if constexpr (std::is_convertible_v<T const&, std::string_view>) text += std::string_view(v);
    else print_to(text, v);
  }

  NodeId self_;
  std::size_t node_count_;
  Rng* rng_;
  std::vector<effect_t<P>>* out_;
};

}  // namespace weft
