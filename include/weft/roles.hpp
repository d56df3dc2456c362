// The processes of a world's roles, and how one node's handler runs: the context it is given, and its
// effects turned into world effects, with the node's pending timers kept in its record. The simulated
// World runs handlers this way for every event; the live runtime runs them one node at a time, against
// real sockets and clocks, through run_local.
#pragma once

#include <weft/effects.hpp>
#include <weft/local_events.hpp>
#include <weft/process.hpp>
#include <weft/timers.hpp>
#include <weft/world_state.hpp>

#include <algorithm>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace weft {

/// The roles of a world: which process each node runs, and how a handler of one node runs.
template <Process... Ps>
class Roles {
  static_assert(sizeof...(Ps) >= 1, "weft::World needs at least one process type");
  using First = std::tuple_element_t<0, std::tuple<Ps...>>;

 protected:
  template <std::size_t R>
  using Role = std::tuple_element_t<R, std::tuple<Ps...>>;

 public:
  using Msg = typename First::Msg;
  static_assert((std::is_same_v<typename Ps::Msg, Msg> && ...), "weft::World: all roles must share one Msg type");
  using Timer = std::variant<timer_t<Ps>...>;
  using In = std::variant<input_t<Ps>...>;
  using Out = std::variant<output_t<Ps>...>;
  using RoleState = std::variant<typename Ps::State...>;
  using Node = NodeRecord<RoleState, Timer>;
  using WorldEffect = Effect<Msg, Timer, Out>;
  using Local = LocalEvent<Msg, Timer, In>;

  /// Node i runs role `roles[i]` (an index into Ps), with one process object per role.
  explicit Roles(std::vector<std::size_t> roles, Ps... processes)
      : roles_(std::move(roles)), procs_(std::move(processes)...) {
    if (roles_.empty()) throw Error("a world needs at least one node");
    for (std::size_t r : roles_)
      if (r >= sizeof...(Ps))
        throw Error("role " + std::to_string(r) + " does not exist (" + std::to_string(sizeof...(Ps)) + " roles)");
  }

  /// How many nodes.
  std::size_t node_count() const { return roles_.size(); }
  /// The role of node `n` (an index into Ps; prefer runs<P>(n) and nodes_of<P>(), which name it by type).
  std::size_t role_of(NodeId n) const {
    check_node(n);
    return roles_[n];
  }
  /// The role index of process type P, which must be exactly one of the roles: `World::role<Acceptor>()`.
  template <class P>
  static consteval std::size_t role() {
    static_assert(((std::is_same_v<P, Ps> ? 1 : 0) + ...) == 1,
                  "weft::World::role<P>: P must be exactly one of the world's process types");
    std::size_t i = 0, found = 0;
    ((std::is_same_v<P, Ps> ? (found = i, ++i) : ++i), ...);
    return found;
  }
  /// True when node `n` runs process type P.
  template <class P>
  bool runs(NodeId n) const {
    return role_of(n) == role<P>();
  }
  /// The nodes that run process type P, in id order.
  template <class P>
  std::vector<NodeId> nodes_of() const {
    std::vector<NodeId> out;
    for (NodeId n = 0; n < roles_.size(); ++n)
      if (roles_[n] == role<P>()) out.push_back(n);
    return out;
  }

  /// Node `id`'s record before it first starts: up, its initial state, no timers, the stream `rng`.
  Node fresh_node(NodeId id, Rng rng) const {
    check_node(id);
    Node node{};
    node.up = true;
    node.rng = rng;
    with_role(roles_[id], [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
      node.state = RoleState(std::in_place_index<R>, initial_state(std::get<R>(procs_), id));
    });
    return node;
  }

  /// Runs node `id`'s handler for `event` on its record alone, as the live runtime does: `sink` gets each
  /// effect in order (messages go nowhere by themselves). A Restarted event is a crash then a start.
  template <class Sink>
  void run_local(Node& node, NodeId id, Local const& event, Sink&& sink) const {
    std::visit([&](auto const& e) { local(node, id, e, sink); }, event);
  }

  /// A crash: the node keeps only its durable state, and its timers are gone.
  void crash(Node& node, NodeId id) const {
    with_role(node.state.index(), [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
      node.state = RoleState(std::in_place_index<R>, durable_state(std::get<R>(procs_), id, *std::get_if<R>(&node.state)));
    });
    node.timers.clear();
  }

 protected:
  template <class F>
  static void with_role(std::size_t role, F&& f) {
    [&]<std::size_t... R>(std::index_sequence<R...>) {
      (void)((role == R ? (f(std::integral_constant<std::size_t, R>{}), true) : false) || ...);
    }(std::index_sequence_for<Ps...>{});
  }

  void check_node(NodeId n) const {
    if (n >= roles_.size())
      throw Error("unknown node " + std::to_string(n) + ": the world has " + std::to_string(roles_.size()) + " nodes");
  }

  // Runs a handler of node `id`: `call(process, state, context, role)`; each effect, as a world effect,
  // changes the node's pending timers (timers.hpp) and then goes to `sink`.
  template <class Sink, class F>
  void run_handler(Node& node, NodeId id, Sink&& sink, F&& call) const {
    with_role(node.state.index(), [&]<std::size_t R>(std::integral_constant<std::size_t, R> role) {
      using P = Role<R>;
      thread_local std::vector<effect_t<P>> local;  // handlers never nest: one scratch list per thread
      local.clear();
      Context<P> ctx(id, roles_.size(), node.rng, local);
      call(std::get<R>(procs_), *std::get_if<R>(&node.state), ctx, role);
      for (auto& e : local) {
        WorldEffect fx = to_world<R>(std::move(e));
        apply_timer_effect(node.timers, fx);
        sink(std::move(fx));
      }
    });
  }

  std::vector<std::size_t> roles_;
  std::tuple<Ps...> procs_;

 private:
  // A role's effect as a world effect: its timer tag and output wrapped in the world's variants.
  template <std::size_t R, class E>
  static WorldEffect to_world(E&& effect) {
    return std::visit(
        [&](auto&& e) -> WorldEffect {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, SetTimer<timer_t<Role<R>>>>) {
            return SetTimer<Timer>{Timer(std::in_place_index<R>, std::move(e.timer)), e.delay};
          } else if constexpr (std::is_same_v<T, CancelTimer<timer_t<Role<R>>>>) {
            return CancelTimer<Timer>{Timer(std::in_place_index<R>, std::move(e.timer))};
          } else if constexpr (std::is_same_v<T, Output<output_t<Role<R>>>>) {
            return Output<Out>{Out(std::in_place_index<R>, std::move(e.value))};
          } else {
            return std::move(e);  // Send and Log are the same in the world
          }
        },
        std::forward<E>(effect));
  }

  template <class Sink>
  void local(Node& node, NodeId id, Started const&, Sink& sink) const {
    run_handler(node, id, sink, [](auto const& p, auto& st, auto& ctx, auto) { start_process(p, st, ctx); });
  }
  template <class Sink>
  void local(Node& node, NodeId id, Restarted const&, Sink& sink) const {
    crash(node, id);
    local(node, id, Started{}, sink);
  }
  template <class Sink>
  void local(Node& node, NodeId id, Received<Msg> const& e, Sink& sink) const {
    run_handler(node, id, sink, [&](auto const& p, auto& st, auto& ctx, auto) { p.on_msg(st, e.from, e.msg, ctx); });
  }
  template <class Sink>
  void local(Node& node, NodeId id, Fired<Timer> const& e, Sink& sink) const {
    timers::disarm(node.timers, e.timer);
    run_handler(node, id, sink, [&]<std::size_t R>(auto const& p, auto& st, auto& ctx, std::integral_constant<std::size_t, R>) {
      if (auto const* t = std::get_if<R>(&e.timer)) fire_timer(p, st, *t, ctx);
    });
  }
  template <class Sink>
  void local(Node& node, NodeId id, Entered<In> const& e, Sink& sink) const {
    run_handler(node, id, sink, [&]<std::size_t R>(auto const& p, auto& st, auto& ctx, std::integral_constant<std::size_t, R>) {
      if constexpr (HasInput<Role<R>>)
        if (auto const* v = std::get_if<R>(&e.value)) p.on_input(st, *v, ctx);
    });
  }
};

}  // namespace weft
