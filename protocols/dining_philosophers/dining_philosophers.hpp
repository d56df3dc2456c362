// DiningPhilosophers.tla (tlaplus/Examples, specifications/DiningPhilosophers): the Chandy-Misra solution
// as a PlusCal `fair process`, so each philosopher's steps are weakly fair (WF_vars(Philosopher(self))).
// Its Loop step often changes nothing (a philosopher holding clean forks waits): TLC computes that
// successor and counts it, and so does this port, but fairness ignores it (<<A>>_vars needs a change).
// Five philosophers: 67 distinct states, 336 generated; NobodyStarves holds, and fails without fairness.
//
//   dining_philosophers::Model m;           // m.fair = false: the spec without its fairness conjunct
#pragma once

#include <weft/fair_group.hpp>
#include <weft/model.hpp>
#include <weft/reflect.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dining_philosophers {

inline constexpr unsigned np = 5;  ///< NP = 5

enum class Pc : std::uint8_t { loop, eat, think };

/// A fork: who holds it (0-based philosopher) and whether it is clean.
struct Fork {
  BOOST_HANA_DEFINE_STRUCT(Fork, (std::uint8_t, holder), (bool, clean));
};

/// forks, hungry and pc of the translation.
struct State {
  BOOST_HANA_DEFINE_STRUCT(State, (std::array<Fork, np>, forks), (std::array<bool, np>, hungry), (std::array<Pc, np>, pc));
};

/// Philosopher(self): whichever of Loop, Eat, Think its pc enables.
struct Action {
  BOOST_HANA_DEFINE_STRUCT(Action, (std::uint8_t, self));
};
inline void weft_print(std::string& out, Action const& a) { out += "Philosopher(" + std::to_string(a.self + 1) + ")"; }

/// The spec with NP = 5; `fair` keeps its fairness conjunct.
struct Model {
  using State = dining_philosophers::State;
  using Action = dining_philosophers::Action;
  bool fair = true;

  static unsigned left_fork(unsigned p) { return p; }
  static unsigned right_fork(unsigned p) { return (p + 1) % np; }
  static unsigned left_philosopher(unsigned p) { return (p + np - 1) % np; }
  static unsigned right_philosopher(unsigned p) { return (p + 1) % np; }
  static bool can_eat(State const& s, unsigned p) {
    Fork const& l = s.forks[left_fork(p)];
    Fork const& r = s.forks[right_fork(p)];
    return l.holder == p && r.holder == p && l.clean && r.clean;
  }

  std::vector<State> init_states() const {
    State s{};
    for (unsigned f = 0; f < np; ++f) s.forks[f] = {static_cast<std::uint8_t>(f == 1 ? 0 : f), false};
    s.hungry.fill(true);
    s.pc.fill(Pc::loop);
    return {s};
  }
  void actions(State const&, std::vector<Action>& out) const {
    for (std::uint8_t p = 0; p < np; ++p) out.push_back({p});
  }
  std::optional<State> next_state(State const& s, Action const& a) const {
    unsigned const p = a.self;
    if (p >= np) return std::nullopt;
    State n = s;
    switch (s.pc[p]) {
      case Pc::loop: {
        Fork const& l = s.forks[left_fork(p)];
        Fork const& r = s.forks[right_fork(p)];
        if (l.holder == p && !l.clean) n.forks[left_fork(p)] = {static_cast<std::uint8_t>(left_philosopher(p)), true};
        else if (r.holder == p && !r.clean) n.forks[right_fork(p)] = {static_cast<std::uint8_t>(right_philosopher(p)), true};
        n.pc[p] = s.hungry[p] ? (can_eat(s, p) ? Pc::eat : Pc::loop) : Pc::think;
        return n;
      }
      case Pc::think:
        n.hungry[p] = true;
        n.pc[p] = Pc::loop;
        return n;
      case Pc::eat:
        n.hungry[p] = false;
        n.forks[left_fork(p)].clean = false;
        n.forks[right_fork(p)].clean = false;
        n.pc[p] = Pc::loop;
        return n;
    }
    return std::nullopt;
  }
  /// \A self: WF_vars(Philosopher(self)).
  void fairness(Action const& a, std::vector<weft::FairGroup>& out) const {
    if (fair) out.push_back({weft::Fair::weak, a.self});
  }
  /// ExclusiveAccess, and NobodyStarves as one []<>(~hungry[p]) per philosopher.
  std::vector<weft::Property<Model>> properties() const {
    std::vector<weft::Property<Model>> out;
    out.push_back(weft::always<Model>("ExclusiveAccess", [](Model const&, State const& s) {
      for (unsigned p = 0; p < np; ++p)  // neighbours share a fork
        if (s.pc[p] == Pc::eat && s.pc[right_philosopher(p)] == Pc::eat) return false;
      return true;
    }));
    for (unsigned p = 0; p < np; ++p)
      out.push_back(weft::always_eventually<Model>("NobodyStarves(" + std::to_string(p + 1) + ")",
                                                   [p](Model const&, State const& s) { return !s.hungry[p]; }));
    return out;
  }
};

}  // namespace dining_philosophers
