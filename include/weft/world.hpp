// A simulated world of processes over a network with chosen semantics and fault budgets. A World is
// itself a Model: its actions are events (deliveries, drops, timeouts, inputs, crashes, partitions...).
//
// Timing model: untimed. A pending timer may fire at any point, as any in-flight message may arrive at
// any point; delays are recorded in effects (for the live runtime) but do not order events. This covers
// every schedule a timed network could produce.
// Crashes: a crashed node keeps only its durable state (Process::durable), loses its timers, and neither
// receives messages nor inputs until it restarts; messages addressed to it wait in flight.
// Symmetry: nodes declared interchangeable (same role, same input script) start with equal RNG keys,
// since nodes that would draw different numbers are not interchangeable; the checker's --symmetry then
// explores one representative per class of states equal up to renaming them (see world_symmetry.hpp).
#pragma once

#include <weft/data.hpp>
#include <weft/events.hpp>
#include <weft/fingerprint.hpp>
#include <weft/model.hpp>
#include <weft/process.hpp>
#include <weft/roles.hpp>
#include <weft/step.hpp>
#include <weft/world_settings.hpp>
#include <weft/world_state.hpp>
#include <weft/world_symmetry.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace weft {

/// A world of nodes, each running one of the process types Ps (its role).
template <Process... Ps>
class World : public Roles<Ps...> {
  // Before anything else is compiled for these processes: every type they exchange or keep is data weft
  // can handle, or the first error says which part is not (see data.hpp).
  static_assert((check_data<typename Ps::State>() && ...) && (check_data<typename Ps::Msg>() && ...) &&
                (check_data<timer_t<Ps>>() && ...) && (check_data<input_t<Ps>>() && ...) &&
                (check_data<output_t<Ps>>() && ...));
  using Base = Roles<Ps...>;
  template <std::size_t R>
  using Role = typename Base::template Role<R>;
  using Base::check_node;
  using Base::roles_;
  using Base::with_role;

 public:
  using typename Base::In;
  using typename Base::Local;
  using typename Base::Msg;
  using typename Base::Node;
  using typename Base::Out;
  using typename Base::RoleState;
  using typename Base::Timer;
  using typename Base::WorldEffect;
  using State = WorldState<Node, Msg, Out>;
  using Action = Event<Msg, Timer, In>;
  using StepEffect = NodeEffect<WorldEffect>;
  /// Runs of a world may stop for good (every message delivered, every timer fired): no deadlock check by default.
  static constexpr bool finishes = true;

  /// A world whose node i runs role `roles[i]` (an index into Ps), with one process object per role.
  explicit World(std::vector<std::size_t> roles, Ps... processes)
      : Base(std::move(roles), std::move(processes)...), scripts_(roles_.size()) {}

  /// Chooses the network semantics (default: unordered).
  World& delivery(Delivery d) { delivery_ = d; return *this; }
  /// Sets the fault budget (default: no faults).
  World& faults(FaultBudget b) {
    if (b.partitions > 0 && roles_.size() > 16) throw Error("partitions are supported for at most 16 nodes");
    budget_ = b;
    return *this;
  }
  /// Seeds the nodes' random streams (node i gets stream i of this seed).
  World& seed(std::uint64_t s) { seed_ = s; return *this; }
  /// Applies the settings every world has: delivery, fault budget, seed and input mode.
  World& configure(WorldSettings const& s) {
    return delivery(s.delivery).faults(s.faults).seed(s.seed).free_inputs(s.free_inputs).fairness(s.fairness);
  }
  /// Declares which events a fair run may not starve (fairness.hpp); faults never are fair.
  World& fairness(WorldFairness f) { fairness_ = f; return *this; }
  /// Appends a user input to node `node`'s script; inputs reach a node in script order.
  World& input(NodeId node, In value) {
    check_node(node);
    if (value.index() != roles_[node])
      throw Error("input for node " + std::to_string(node) + " is not of its role's Input type");
    scripts_[node].push_back(std::move(value));
    return *this;
  }
  /// Accepts any input of a node's role as an event, not only its script's next one (the script still
  /// decides which inputs the checker tries). For replaying inputs that came from outside: live logs.
  World& free_inputs(bool on = true) { free_inputs_ = on; return *this; }
  /// Keeps every user output in the state, in the order produced (State::observed): a global history for
  /// properties such as linearizability. It makes states that differ only in their history distinct.
  World& record_outputs(bool on = true) { record_outputs_ = on; return *this; }
  /// Adds a property checked over world states.
  World& property(Property<World> p) { properties_.push_back(std::move(p)); return *this; }
  /// Declares `nodes` interchangeable: they run one role and get the same inputs, and the properties do
  /// not tell them apart. Symmetry reduction (the checker's --symmetry) may then rename them.
  World& symmetric(std::vector<NodeId> nodes) {
    std::sort(nodes.begin(), nodes.end());
    if (nodes.size() < 2) throw Error("a symmetry group needs at least two nodes");
    for (NodeId n : nodes) {
      check_node(n);
      if (roles_[n] != roles_[nodes[0]])
        throw Error("nodes " + std::to_string(nodes[0]) + " and " + std::to_string(n) + " run different roles: not interchangeable");
      for (auto const& g : groups_)
        if (std::find(g.begin(), g.end(), n) != g.end()) throw Error("node " + std::to_string(n) + " is in two symmetry groups");
    }
    if (std::adjacent_find(nodes.begin(), nodes.end()) != nodes.end()) throw Error("a symmetry group names a node twice");
    groups_.push_back(std::move(nodes));
    return *this;
  }

  /// The symmetry groups declared.
  SymmetryGroups const& symmetry_groups() const { return groups_; }
  Delivery delivery() const { return delivery_; }

  /// The state of node `n`, which must run role R.
  template <std::size_t R>
  static typename Role<R>::State const& state_of(State const& s, NodeId n) {
    if (n >= s.nodes.size() || s.nodes[n].state.index() != R)
      throw Error("node " + std::to_string(n) + " does not exist or does not run role " + std::to_string(R));
    return *std::get_if<R>(&s.nodes[n].state);
  }
  /// The state of node `n`, which must run process type P (P must be one role only).
  template <class P>
  static typename P::State const& state_of(State const& s, NodeId n) {
    return state_of<Base::template role<P>()>(s, n);
  }

  // --- Model interface ---------------------------------------------------------------------------

  /// The single initial state: every node has run on_start, in node order.
  std::vector<State> init_states() const { return {initial(nullptr)}; }

  /// The initial state, appending what the nodes' on_start caused to `effects` when given.
  State initial(std::vector<StepEffect>* effects) const {
    check_groups();
    State s{};
    s.budget = budget_;
    s.nodes.resize(roles_.size());
    for (NodeId id = 0; id < roles_.size(); ++id) s.nodes[id] = this->fresh_node(id, Rng::from_seed(seed_, stream_of(id)));
    for (NodeId id = 0; id < roles_.size(); ++id) start(s, id, Sinks{effects, nullptr});
    return s;
  }

  /// Appends the enabled events of `s`, in a fixed order.
  void actions(State const& s, std::vector<Action>& out) const {
    Network<Msg>::for_each_deliverable(delivery_, s.network, [&](Envelope<Msg> const& e) {
      if (s.nodes[e.to].up && !blocked(s, e.from, e.to)) out.push_back(Deliver<Msg>{e.from, e.to, e.msg});
    });
    if (s.budget.drops > 0)
      Network<Msg>::for_each_distinct(delivery_, s.network,
                                      [&](auto const& e) { out.push_back(Drop<Msg>{e.from, e.to, e.msg}); });
    if (s.budget.duplicates > 0 && delivery_ != Delivery::duplicating)
      Network<Msg>::for_each_distinct(delivery_, s.network,
                                      [&](auto const& e) { out.push_back(Duplicate<Msg>{e.from, e.to, e.msg}); });
    for (NodeId id = 0; id < s.nodes.size(); ++id) {
      Node const& node = s.nodes[id];
      if (!node.up) continue;
      for (Timer const& t : node.timers) out.push_back(Timeout<Timer>{id, t});
      if (node.next_input < scripts_[id].size()) out.push_back(UserInput<In>{id, scripts_[id][node.next_input]});
    }
    for (NodeId id = 0; id < s.nodes.size(); ++id) {
      if (s.nodes[id].up && s.budget.crashes > 0) out.push_back(Crash{id});
      if (!s.nodes[id].up && s.budget.restarts > 0) out.push_back(Restart{id});
    }
    if (s.partition == 0 && s.budget.partitions > 0) {
      std::uint64_t const all = (std::uint64_t{1} << s.nodes.size()) - 1;
      for (std::uint64_t side = 1; side < all; side += 2) out.push_back(Partition{side});
    }
    if (s.partition != 0) out.push_back(Heal{});
  }

  /// Writes the state after event `a` into `out` (reusing its storage; `out` may be `from`), appending
  /// the effects it caused to `effects` when given; returns why `a` is not enabled, or nullptr. Take
  /// steps with weft::step (step.hpp), which every caller uses.
  char const* transition(State const& from, Action const& a, State& out, std::vector<StepEffect>* effects) const {
    if (&out != &from) out = from;
    return apply(out, a, Sinks{effects, nullptr});
  }
  /// The same, noting in `delta` (cleared first) where the messages in flight changed: engines that step
  /// a world in place read it instead of comparing networks.
  char const* transition(State const& from, Action const& a, State& out, std::vector<StepEffect>* effects,
                         NetworkDelta& delta) const {
    if (&out != &from) out = from;
    delta.clear();
    return apply(out, a, Sinks{effects, &delta});
  }

  /// The canonical member of `s`'s class under renaming the interchangeable nodes; `renaming`, when given,
  /// receives the renaming of node ids that takes `s` to it.
  State representative(State const& s, NodeMap* renaming = nullptr) const {
    return canonical_world(s, groups_, delivery_, renaming);
  }
  /// The node whose record event `a` may change, if any (deliveries change the receiver; drops,
  /// duplicates and partitions only the network): engines that step in place put back only that node.
  static std::optional<NodeId> touched_node(Action const& a) {
    return std::visit([](auto const& e) -> std::optional<NodeId> {
      using E = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<E, Deliver<Msg>>) return e.to;
      else if constexpr (requires { e.node; }) return NodeId(e.node);
      else return std::nullopt;
    }, a);
  }
  /// True when symmetry groups were declared (without them --symmetry has nothing to reduce).
  bool has_symmetry() const { return !groups_.empty(); }

  /// The fairness groups of event `a` (fairness.hpp): its node's timer, its link's delivery, its node's inputs.
  void fairness(Action const& a, std::vector<FairGroup>& out) const {
    if (auto const* t = std::get_if<Timeout<Timer>>(&a); t && fairness_.fair_timers != Fair::none)
      out.push_back({fairness_.fair_timers, fair_key(1, t->node.value, fingerprint(t->timer) & ((std::uint64_t{1} << 40) - 1))});
    if (auto const* d = std::get_if<Deliver<Msg>>(&a); d && fairness_.fair_delivery != Fair::none)
      out.push_back({fairness_.fair_delivery, fair_key(2, d->from.value, d->to.value)});
    if (auto const* i = std::get_if<UserInput<In>>(&a); i && fairness_.fair_inputs != Fair::none)
      out.push_back({fairness_.fair_inputs, fair_key(3, i->node.value, 0)});
  }
  /// A readable name of a fairness group, given an event in it.
  std::string fair_group_name(Action const& a, FairGroup g) const {
    switch (g.key >> 62) {
      case 1: return to_text(a);
      case 2: {
        auto const& d = std::get<Deliver<Msg>>(a);
        return "delivery " + detail::node_name(d.from) + "->" + detail::node_name(d.to);
      }
      default: return "inputs of " + detail::node_name(std::get<UserInput<In>>(a).node);
    }
  }
  /// The fairness declared.
  WorldFairness const& fairness() const { return fairness_; }

  /// The properties added with property().
  std::vector<Property<World>> properties() const { return properties_; }

  /// Why `s` cannot be a state of this world, or "" when it can: node count and roles, each node's
  /// timers (its role's, in canonical order; none while down), input position, the ids in states,
  /// timers, messages and observations, the network's canonical order, the fault budget and partition;
  /// then each process's own `std::string validate(State const&) const`, where it has one. Everything
  /// that enters from outside (a file, a log, another machine) passes here before it is used.
  std::string validate(State const& s) const {
    std::size_t const n = roles_.size();
    if (s.nodes.size() != n)
      return "the state has " + std::to_string(s.nodes.size()) + " nodes, the configuration " + std::to_string(n);
    for (NodeId id = 0; id < n; ++id)
      if (std::string why = validate_node(s.nodes[id], id); !why.empty()) return "node " + std::to_string(id) + ": " + why;
    std::string why;
    auto check_id = [&](char const* where) {
      return [&, where](NodeId id) {
        if (id >= n && why.empty()) why = std::string(where) + " names node " + std::to_string(id.value) + ", the world has " + std::to_string(n);
      };
    };
    for (auto const& e : s.network) for_each_node_id(e, check_id("a message in flight"));
    for (auto const& o : s.observed) for_each_node_id(o, check_id("an observed output"));
    if (!why.empty()) return why;
    auto net = s.network;
    Network<Msg>::canonicalize(delivery_, net);
    if (canonical_bytes(net) != canonical_bytes(s.network)) return "the messages in flight are not in canonical order";
    if (delivery_ == Delivery::duplicating && std::adjacent_find(net.begin(), net.end(), weft::equal<Envelope<Msg>>) != net.end())
      return "a duplicating network holds a message twice";
    FaultBudget const& b = s.budget;
    if (b.drops > budget_.drops || b.duplicates > budget_.duplicates || b.crashes > budget_.crashes ||
        b.restarts > budget_.restarts || b.partitions > budget_.partitions)
      return "the fault budget left exceeds the configuration's";
    std::uint64_t const all = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    if (s.partition != 0 && ((s.partition & 1) == 0 || s.partition >= all)) return "the partition is not a side holding node 0";
    return "";
  }

  /// Why `a` cannot be an event of this world, or "": its node ids in range, a timer or an input of the
  /// node's own role. (Whether it is enabled in a state is the step's question.)
  std::string validate_event(Action const& a) const {
    std::string why;
    for_each_node_id(a, [&](NodeId id) {
      if (id >= roles_.size() && why.empty())
        why = "it names node " + std::to_string(id.value) + ", the world has " + std::to_string(roles_.size());
    });
    if (!why.empty()) return why;
    if (auto const* t = std::get_if<Timeout<Timer>>(&a); t && t->timer.index() != roles_[t->node])
      return "it fires a timer of another role than node " + std::to_string(t->node.value) + "'s";
    if (auto const* in = std::get_if<UserInput<In>>(&a); in && in->value.index() != roles_[in->node])
      return "it gives node " + std::to_string(in->node.value) + " an input of another role";
    return "";
  }

  /// Why `e` cannot happen to node `self` (a live log's input), or "": a sender of this world, ids in
  /// range, a timer or an input of the node's own role.
  std::string validate_local(Local const& e, NodeId self) const {
    if (self >= roles_.size()) return "no such node";
    std::string why;
    for_each_node_id(e, [&](NodeId id) {
      if (id >= roles_.size() && why.empty())
        why = "it names node " + std::to_string(id.value) + ", the world has " + std::to_string(roles_.size());
    });
    if (!why.empty()) return why;
    if (auto const* t = std::get_if<Fired<Timer>>(&e); t && t->timer.index() != roles_[self]) return "a timer of another role fires";
    if (auto const* in = std::get_if<Entered<In>>(&e); in && in->value.index() != roles_[self]) return "an input of another role";
    return "";
  }

  /// Why `node` cannot be node `id`'s record in this world, or "" (see validate).
  std::string validate_node(Node const& node, NodeId id) const {
    if (id >= roles_.size()) return "no such node";
    if (node.state.index() != roles_[id])
      return "holds the state of role " + std::to_string(node.state.index()) + ", its role is " + std::to_string(roles_[id]);
    for (auto const& t : node.timers)
      if (t.index() != roles_[id]) return "has a timer of another role";
    if (!std::is_sorted(node.timers.begin(), node.timers.end(), Less{}) ||
        std::adjacent_find(node.timers.begin(), node.timers.end(), weft::equal<Timer>) != node.timers.end())
      return "its timers are not in canonical order";
    if (!node.up && !node.timers.empty()) return "is down, yet has timers";
    if (!free_inputs_ && node.next_input > scripts_[id].size())
      return "has taken " + std::to_string(node.next_input) + " inputs, its script has " + std::to_string(scripts_[id].size());
    std::string why;
    auto check = [&](NodeId other) {
      if (other >= roles_.size() && why.empty())
        why = "names node " + std::to_string(other.value) + ", the world has " + std::to_string(roles_.size());
    };
    for_each_node_id(node.state, check);
    for_each_node_id(node.timers, check);
    if (!why.empty()) return why;
    with_role(node.state.index(), [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
      auto const& p = std::get<R>(this->procs_);
      if constexpr (requires { { p.validate(*std::get_if<R>(&node.state)) } -> std::convertible_to<std::string>; })
        why = p.validate(*std::get_if<R>(&node.state));
    });
    return why;
  }

  /// The record of node `n` (its state, timers, RNG...): to take a node out of one world state.
  static Node const& node(State const& s, NodeId n) {
    if (n >= s.nodes.size()) throw Error("node " + std::to_string(n) + " does not exist");
    return s.nodes[n];
  }
  /// Puts `record` in place of node `n`'s (a node taken from another world state, say); its role must match.
  void put_node(State& s, NodeId n, Node record) const {
    check_node(n);
    if (n >= s.nodes.size()) throw Error("node " + std::to_string(n) + " does not exist in this state");
    if (record.state.index() != roles_[n])
      throw Error("node " + std::to_string(n) + " runs role " + std::to_string(roles_[n]) + ", the record is of role " +
                  std::to_string(record.state.index()));
    s.nodes[n] = std::move(record);
  }

 private:
  // Nodes of a symmetry group share their RNG stream: the group's first node's.
  std::uint64_t stream_of(NodeId id) const {
    for (auto const& g : groups_)
      if (std::find(g.begin(), g.end(), id) != g.end()) return g.front();
    return id;
  }

  void check_groups() const {
    for (auto const& g : groups_)
      for (NodeId n : g)
        if (scripts_[n].size() != scripts_[g[0]].size() ||
            !std::equal(scripts_[n].begin(), scripts_[n].end(), scripts_[g[0]].begin(), weft::equal<In>))
          throw Error("nodes " + std::to_string(g[0]) + " and " + std::to_string(n) +
                      " have different input scripts: not interchangeable");
  }

  bool blocked(State const& s, NodeId from, NodeId to) const {
    return s.partition != 0 && ((s.partition >> from) & 1) != ((s.partition >> to) & 1);
  }

  // Where a step reports what it caused: its effects and how the network changed, each when asked for.
  // A delivery leaves its message in place as a hole until the handler's first send fills it (or the
  // step ends): a reply then moves only the messages between the two places, not every later one twice.
  struct Sinks {
    std::vector<StepEffect>* effects;
    NetworkDelta* delta;
    std::ptrdiff_t* hole = nullptr;  ///< the delivered message's place while it is still in the network
  };
  void sent(State& s, Sinks fx, Envelope<Msg> e) const {
    std::ptrdiff_t at = -1;
    if (fx.hole && *fx.hole >= 0) at = Network<Msg>::send_into(delivery_, s.network, std::exchange(*fx.hole, -1), std::move(e));
    else at = Network<Msg>::send(delivery_, s.network, std::move(e));
    if (fx.delta && at >= 0) fx.delta->add(static_cast<std::size_t>(at));
  }
  void taken(State& s, Sinks fx, std::ptrdiff_t at) const {
    s.network.erase(s.network.begin() + at);
    note_taken(fx, at);
  }
  static void note_taken(Sinks fx, std::ptrdiff_t at) {
    if (fx.delta) fx.delta->removed = at;
  }

  // Runs a handler of node `id` (see Roles::run_handler) and carries its effects out in the world:
  // messages into the network, outputs into the record of observations when it is kept.
  template <class F>
  void run(State& s, NodeId id, Sinks fx, F&& call) const {
    this->run_handler(s.nodes[id], id, [&](WorldEffect&& e) {
      if (auto* send = std::get_if<Send<Msg>>(&e)) {
        if (fx.effects) sent(s, fx, {id, send->to, send->msg});
        else sent(s, fx, {id, send->to, std::move(send->msg)});  // nobody reads the effect after this
      } else if (auto const* out = std::get_if<Output<Out>>(&e); out && record_outputs_) s.observed.push_back({id, out->value});
      if (fx.effects) fx.effects->push_back(StepEffect{id, std::move(e)});
    }, std::forward<F>(call));
  }

  void start(State& s, NodeId id, Sinks fx) const {
    run(s, id, fx, [](auto const& p, auto& st, auto& ctx, auto) { start_process(p, st, ctx); });
  }

  // Applies `a` to `s` in place; returns why it is not enabled, or nullptr on success.
  char const* apply(State& s, Action const& a, Sinks fx) const {
    return std::visit([&](auto const& e) { return apply_event(s, e, fx); }, a);
  }

  char const* node_error(State const& s, NodeId n) const {
    return n < s.nodes.size() ? nullptr : "it names a node that does not exist";
  }

  char const* apply_event(State& s, Deliver<Msg> const& e, Sinks fx) const {
    if (auto why = node_error(s, e.from) ? node_error(s, e.from) : node_error(s, e.to)) return why;
    if (!s.nodes[e.to].up) return "the receiver is down";
    if (blocked(s, e.from, e.to)) return "a partition separates sender and receiver";
    auto at = Network<Msg>::find_deliverable(delivery_, s.network, {e.from, e.to, e.msg});
    if (at < 0) return "the message is not in flight (or not at the head of its link)";
    std::ptrdiff_t hole = -1;
    if (delivery_ != Delivery::duplicating) {
      hole = at;
      note_taken(fx, at);
    }
    run(s, e.to, Sinks{fx.effects, fx.delta, &hole}, [&](auto const& p, auto& st, auto& ctx, auto) { p.on_msg(st, e.from, e.msg, ctx); });
    if (hole >= 0) s.network.erase(s.network.begin() + hole);
    return nullptr;
  }
  char const* apply_event(State& s, Drop<Msg> const& e, Sinks fx) const {
    if (s.budget.drops == 0) return "the drop budget is spent";
    auto at = Network<Msg>::find_any(delivery_, s.network, {e.from, e.to, e.msg});
    if (at < 0) return "the message is not in flight";
    taken(s, fx, at);
    --s.budget.drops;
    return nullptr;
  }
  char const* apply_event(State& s, Duplicate<Msg> const& e, Sinks fx) const {
    if (s.budget.duplicates == 0) return "the duplicate budget is spent";
    if (delivery_ == Delivery::duplicating) return "a duplicating network has no duplicate events";
    if (Network<Msg>::find_any(delivery_, s.network, {e.from, e.to, e.msg}) < 0) return "the message is not in flight";
    sent(s, fx, {e.from, e.to, e.msg});
    --s.budget.duplicates;
    return nullptr;
  }
  char const* apply_event(State& s, Timeout<Timer> const& e, Sinks fx) const {
    if (auto why = node_error(s, e.node)) return why;
    Node& node = s.nodes[e.node];
    if (!node.up || !timers::disarm(node.timers, e.timer)) return "no such timer is pending";
    run(s, e.node, fx, [&]<std::size_t R>(auto const& p, auto& st, auto& ctx, std::integral_constant<std::size_t, R>) {
      fire_timer(p, st, *std::get_if<R>(&e.timer), ctx);
    });
    return nullptr;
  }
  char const* apply_event(State& s, UserInput<In> const& e, Sinks fx) const {
    if (auto why = node_error(s, e.node)) return why;
    Node& node = s.nodes[e.node];
    if (!node.up) return "the node is down";
    if (free_inputs_) {
      if (e.value.index() != roles_[e.node]) return "the input is not of the node's role";
    } else {
      if (node.next_input >= scripts_[e.node].size() || !equal(scripts_[e.node][node.next_input], e.value))
        return "it is not the node's next scripted input";
      ++node.next_input;
    }
    run(s, e.node, fx, [&]<std::size_t R>(auto const& p, auto& st, auto& ctx, std::integral_constant<std::size_t, R>) {
      if constexpr (HasInput<Role<R>>) p.on_input(st, *std::get_if<R>(&e.value), ctx);
    });
    return nullptr;
  }
  char const* apply_event(State& s, Crash const& e, Sinks) const {
    if (auto why = node_error(s, e.node)) return why;
    if (s.budget.crashes == 0) return "the crash budget is spent";
    Node& node = s.nodes[e.node];
    if (!node.up) return "the node is already down";
    this->crash(node, e.node);
    node.up = false;
    --s.budget.crashes;
    return nullptr;
  }
  char const* apply_event(State& s, Restart const& e, Sinks fx) const {
    if (auto why = node_error(s, e.node)) return why;
    if (s.budget.restarts == 0) return "the restart budget is spent";
    if (s.nodes[e.node].up) return "the node is not down";
    s.nodes[e.node].up = true;
    --s.budget.restarts;
    start(s, e.node, fx);
    return nullptr;
  }
  char const* apply_event(State& s, Partition const& e, Sinks) const {
    std::uint64_t const all = (std::uint64_t{1} << s.nodes.size()) - 1;
    if (s.budget.partitions == 0) return "the partition budget is spent";
    if (s.partition != 0) return "the network is already partitioned";
    if ((e.side & 1) == 0 || e.side >= all) return "the side must hold node 0 and not every node";
    s.partition = e.side;
    --s.budget.partitions;
    return nullptr;
  }
  char const* apply_event(State& s, Heal const&, Sinks) const {
    if (s.partition == 0) return "the network is not partitioned";
    s.partition = 0;
    return nullptr;
  }

  std::vector<std::vector<In>> scripts_;
  // A fairness group's key: its kind (timer, delivery, input) in the top two bits, then nodes or a timer's hash.
  static std::uint64_t fair_key(std::uint64_t kind, std::uint64_t a, std::uint64_t b) {
    return kind << 62 | (a & 0x3fffff) << 40 | b;
  }

  Delivery delivery_ = Delivery::unordered;
  WorldFairness fairness_{};
  FaultBudget budget_{};
  std::uint64_t seed_ = 0;
  std::vector<Property<World>> properties_;
  SymmetryGroups groups_;
  bool record_outputs_ = false;
  bool free_inputs_ = false;
};

}  // namespace weft
