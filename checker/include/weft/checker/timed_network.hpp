// A timed network for random walks over a simulated world, as hs-p4p's simulator and FoundationDB-style
// simulation run one: logical ticks; each message's latency drawn from a distribution (constant, lognormal,
// Weibull) with the walk's seeded RNG; timers firing at their deadlines; inputs arriving at random gaps;
// drops, duplicates, crashes, restarts and partitions at rates. Each walk draws its own rates and latency
// parameters (swarm testing: diversity across walks finds more bugs than one tuned setting). The walk is
// still a list of ordinary world events: every timed schedule is one of the untimed ones, so its traces
// replay, shrink and model-check like any other.
#pragma once

#include <weft/checker/options.hpp>
#include <weft/rng.hpp>
#include <weft/timers.hpp>
#include <weft/drive.hpp>
#include <weft/world.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <vector>

namespace weft::checker {

/// A simulated world, whose events and effects a timed network can schedule.
template <class W>
concept TimedWorld = HasEffectTransition<W> && requires(W const& w, std::vector<typename W::StepEffect>* fx) {
  typename W::Msg;
  typename W::Timer;
  typename W::In;
  { w.initial(fx) } -> std::same_as<typename W::State>;
};

/// The rates and latencies of one walk.
struct WalkParameters {
  Latency latency;              ///< message latency
  double drop = 0;              ///< probability that a message sent is lost (while the budget lasts)
  double duplicate = 0;         ///< probability that a message sent is duplicated
  double crash_every = 0;       ///< mean ticks between crashes (0: none)
  double down_for = 50;         ///< mean ticks a crashed node stays down
  double partition_every = 0;   ///< mean ticks between partitions (0: none)
  double heal_after = 50;       ///< mean ticks a partition lasts
  double input_gap = 20;        ///< mean ticks between a node's inputs

  /// Parameters drawn from `rng`; a latency given in `options` is kept.
  static WalkParameters draw(Rng& rng, Options const& options) {
    WalkParameters p;
    auto between = [&](double lo, double hi) { return lo + (hi - lo) * rng.unit(); };
    auto sometimes = [&](double lo, double hi) { return rng.chance(0.5) ? between(lo, hi) : 0.0; };
    if (options.latency) {
      p.latency = *options.latency;
    } else {
      switch (rng.below(3)) {
        case 0: p.latency = {Latency::constant, between(1, 50), 0}; break;
        case 1: p.latency = {Latency::lognormal, between(0, 4), between(0.1, 1.5)}; break;
        default: p.latency = {Latency::weibull, between(0.5, 3), between(1, 50)}; break;
      }
    }
    p.drop = sometimes(0.01, 0.3);
    p.duplicate = sometimes(0.01, 0.2);
    p.crash_every = sometimes(50, 2000);
    p.down_for = between(5, 200);
    p.partition_every = sometimes(50, 2000);
    p.heal_after = between(5, 200);
    p.input_gap = between(1, 100);
    return p;
  }
};

/// Draws a latency in ticks (at least 1).
inline double sample(Latency const& l, Rng& rng) {
  double v = l.a;
  if (l.kind == Latency::lognormal) {
    double const u1 = std::max(rng.unit(), 1e-12), u2 = rng.unit();
    v = std::exp(l.a + l.b * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2));  // Box-Muller
  } else if (l.kind == Latency::weibull) {
    v = l.b * std::pow(-std::log(std::max(1 - rng.unit(), 1e-12)), 1 / l.a);
  }
  return std::max(1.0, v);
}

/// The clock of one walk over world W, as a chooser for weft::drive: proposes the enabled event due
/// first, and follows what each step caused (messages sent with drawn latencies, timers armed).
template <TimedWorld W>
class TimedNetwork {
 public:
  using State = typename W::State;
  using Action = typename W::Action;
  using Msg = typename W::Msg;

  /// A walk from `initial` (the world's initial state), drawing from `rng`.
  TimedNetwork(W const& world, Rng& rng, Options const& options, State const& initial)
      : world_(world), rng_(rng), p_(WalkParameters::draw(rng, options)), timers_(world.node_count()),
        input_due_(world.node_count()) {
    auto const start = world_.initial(&fx_);  // what the nodes' on_start sent and armed
    if (equal(start, initial)) {
      for (auto const& fx : fx_) effect(fx.node, fx.effect, initial);
    } else {  // another start (a snapshot): what is in flight and armed there, with drawn delays
      for (auto const& e : initial.network) flight_.push_back({e, sample(p_.latency, rng_)});
      for (NodeId n = 0; n < initial.nodes.size(); ++n)
        for (auto const& t : initial.nodes[n].timers) timers::arm(timers_[n], Armed{t, 1 + 99 * rng_.unit()});
    }
    for (auto& due : input_due_) due = exponential(p_.input_gap);
    if (p_.crash_every > 0) plan_crash();
    if (p_.partition_every > 0) plan_partition();
  }

  static constexpr bool needs_effects = true;  ///< the schedule follows what each step caused

  /// The enabled event due first; nothing when no event is enabled.
  std::optional<Action> propose(State const& s) {
    if (fresh_) {
      enabled_.clear();
      world_.actions(s, enabled_);
      // A planned fault whose time has come but that is not enabled (its node is already down, say) lapses.
      std::erase_if(planned_, [&](Planned const& p) {
        return p.at <= now_ && std::none_of(enabled_.begin(), enabled_.end(), [&](Action const& a) { return equal(a, p.event); });
      });
      fresh_ = false;
    }
    if (enabled_.empty()) return std::nullopt;
    std::size_t best = 0;
    double best_due = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < enabled_.size(); ++i)
      if (double const d = due(enabled_[i]); d < best_due) best = i, best_due = d;
    if (best_due == std::numeric_limits<double>::infinity()) best = rng_.below(enabled_.size());  // nothing timed: any
    else now_ = std::max(now_, best_due);
    pick_ = best;
    return enabled_[best];
  }

  /// The proposal was not enabled after all: the next due one is tried.
  OnRefusal refused(Action const&, Step) {
    enabled_[pick_] = std::move(enabled_.back());
    enabled_.pop_back();
    return OnRefusal::retry;
  }

  /// The proposal was taken: the schedule follows what it consumed and caused.
  void taken(Action const& a, State const& after, std::vector<typename W::StepEffect> const& effects) {
    std::visit([&](auto const& e) { consumed(e); }, a);
    std::erase_if(planned_, [&](Planned const& p) { return equal(p.event, a); });
    for (auto const& fx : effects) effect(fx.node, fx.effect, after);
    fresh_ = true;
  }

 private:
  struct InFlight {
    Envelope<Msg> envelope;
    double due;
  };
  using Armed = Pending<typename W::Timer, double>;
  struct Planned {
    double at;
    Action event;
  };

  double exponential(double mean) { return -mean * std::log(std::max(1 - rng_.unit(), 1e-12)); }
  void plan(double at, Action a) { planned_.push_back({now_ + at, std::move(a)}); }
  // The node is drawn before the time, in statements of their own: the order in which a call's arguments
  // are evaluated is the compiler's choice, and a seed must give the same walk whatever built it.
  void plan_crash() {
    auto const node = static_cast<NodeId>(rng_.below(world_.node_count()));
    plan(exponential(p_.crash_every), Crash{node});
  }
  void plan_partition() {
    std::uint64_t const all = (std::uint64_t{1} << world_.node_count()) - 1;
    if (all < 3) return;
    std::uint64_t side = (rng_.below(all - 1) + 1) | 1;  // holds node 0, not everyone
    if (side == all) side = 1;
    plan(exponential(p_.partition_every), Partition{side});
  }

  // When `a` is due: +infinity for events this clock did not schedule.
  double due(Action const& a) const {
    double best = std::numeric_limits<double>::infinity();
    if (auto const* d = std::get_if<Deliver<Msg>>(&a)) {
      for (auto const& f : flight_)
        if (f.envelope.from == d->from && f.envelope.to == d->to && equal(f.envelope.msg, d->msg)) best = std::min(best, f.due);
    } else if (auto const* t = std::get_if<Timeout<typename W::Timer>>(&a)) {
      if (t->node < timers_.size())
        if (Armed const* armed = timers::find(timers_[t->node], t->timer)) best = armed->due;
    } else if (auto const* in = std::get_if<UserInput<typename W::In>>(&a)) {
      best = input_due_[in->node];
    } else {
      for (auto const& p : planned_)
        if (equal(p.event, a)) best = std::min(best, p.at);
    }
    return best;
  }

  template <class E>
  void consumed(E const& e) {
    using T = std::decay_t<E>;
    auto remove_flight = [&](NodeId from, NodeId to, Msg const& msg) {
      auto it = std::min_element(flight_.begin(), flight_.end(), [&](InFlight const& x, InFlight const& y) {
        bool const mx = x.envelope.from == from && x.envelope.to == to && equal(x.envelope.msg, msg);
        bool const my = y.envelope.from == from && y.envelope.to == to && equal(y.envelope.msg, msg);
        return mx != my ? mx : x.due < y.due;
      });
      if (it != flight_.end() && it->envelope.from == from && it->envelope.to == to && equal(it->envelope.msg, msg))
        flight_.erase(it);
    };
    if constexpr (std::is_same_v<T, Deliver<Msg>> || std::is_same_v<T, Drop<Msg>>) {
      remove_flight(e.from, e.to, e.msg);
    } else if constexpr (std::is_same_v<T, Duplicate<Msg>>) {
      flight_.push_back({{e.from, e.to, e.msg}, now_ + sample(p_.latency, rng_)});
    } else if constexpr (std::is_same_v<T, Timeout<typename W::Timer>>) {
      timers::disarm(timers_[e.node], e.timer);
    } else if constexpr (std::is_same_v<T, UserInput<typename W::In>>) {
      input_due_[e.node] = now_ + exponential(p_.input_gap);
    } else if constexpr (std::is_same_v<T, Crash>) {
      timers_[e.node].clear();
      plan(exponential(p_.down_for), Restart{e.node});
    } else if constexpr (std::is_same_v<T, Restart>) {
      if (p_.crash_every > 0) plan_crash();
    } else if constexpr (std::is_same_v<T, Partition>) {
      plan(exponential(p_.heal_after), Heal{});
    } else if constexpr (std::is_same_v<T, Heal>) {
      if (p_.partition_every > 0) plan_partition();
    }
  }

  template <class Effect>
  void effect(NodeId node, Effect const& e, State const& after) {
    if (auto const* send = std::get_if<Send<Msg>>(&e)) {
      Envelope<Msg> env{node, send->to, send->msg};
      flight_.push_back({env, now_ + sample(p_.latency, rng_)});
      if (after.budget.drops > 0 && rng_.chance(p_.drop)) plan(0, Drop<Msg>{env.from, env.to, env.msg});
      else if (after.budget.duplicates > 0 && rng_.chance(p_.duplicate)) plan(0, Duplicate<Msg>{env.from, env.to, env.msg});
    } else {
      apply_timer_effect(timers_[node], e, [&](Ticks delay) { return now_ + static_cast<double>(std::max<Ticks>(delay, 1)); });
    }
  }

  W const& world_;
  Rng& rng_;
  WalkParameters p_;
  double now_ = 0;
  std::vector<InFlight> flight_;
  std::vector<std::vector<Armed>> timers_;  // each node's pending timers and when they are due
  std::vector<double> input_due_;
  std::vector<Planned> planned_;
  std::vector<typename W::StepEffect> fx_;
  std::vector<Action> enabled_;
  std::size_t pick_ = 0;
  bool fresh_ = true;
};

namespace detail {
template <class M>
struct TimedFor {
  using type = void;
};
template <TimedWorld M>
struct TimedFor<M> {
  using type = TimedNetwork<M>;
};
}  // namespace detail

/// TimedNetwork<M> for worlds; void for other models (which cannot be timed).
template <class M>
using TimedNetworkFor = typename detail::TimedFor<M>::type;

}  // namespace weft::checker
