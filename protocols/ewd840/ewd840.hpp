// Dijkstra's termination detection in a ring, EWD840.tla (tlaplus/Examples, specifications/ewd840), as a
// weft Model with N = 3: 192 initial states (every activity and colour, every token position), 302
// distinct states and 2,001 generated, as TLC counts them. TLC splits a disjunction in an action's guard
// into branches and computes a successor for each true one, so the port has an action per disjunct. The detection algorithm is weakly fair as one
// action (WF_vars(System)); the environment is not. Liveness: terminated ~> terminationDetected, which
// fails without that fairness. The configuration turns deadlock checking off (a terminated ring whose
// probe has come home enables nothing).
//
//   ewd840::Model m;  // m.fair = false drops WF_vars(System); m.never_change_color adds the spec's
//                     // deliberately false action property [][UNCHANGED color]_vars
#pragma once

#include <weft/fair_group.hpp>
#include <weft/model.hpp>
#include <weft/reflect.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ewd840 {

inline constexpr unsigned n = 3;  ///< N = 3

/// active, color (true: black), tpos and tcolor (true: black).
struct State {
  BOOST_HANA_DEFINE_STRUCT(State, (std::array<bool, n>, active), (std::array<bool, n>, black), (std::uint8_t, tpos),
                           (bool, tblack));
};

enum class Kind : std::uint8_t { initiate_probe, pass_token, send_msg, deactivate };

/// InitiateProbe, PassToken(i), SendMsg(i) to j, Deactivate(i); `j` is the guard's disjunct for the first two.
struct Action {
  BOOST_HANA_DEFINE_STRUCT(Action, (Kind, kind), (std::uint8_t, i), (std::uint8_t, j));
};
inline void weft_print(std::string& out, Action const& a) {
  switch (a.kind) {
    case Kind::initiate_probe: out += "InitiateProbe"; break;
    case Kind::pass_token: out += "PassToken(" + std::to_string(a.i) + ")"; break;
    case Kind::send_msg: out += "SendMsg(" + std::to_string(a.i) + ") to " + std::to_string(a.j); break;
    case Kind::deactivate: out += "Deactivate(" + std::to_string(a.i) + ")"; break;
  }
}

/// The spec with N = 3.
struct Model {
  using State = ewd840::State;
  using Action = ewd840::Action;
  /// CHECK_DEADLOCK FALSE in the configuration.
  static constexpr bool finishes = true;
  bool fair = true;                 ///< WF_vars(System)
  bool never_change_color = false;  ///< also the (false) action property NeverChangeColor

  std::vector<State> init_states() const {
    std::vector<State> out;
    for (unsigned act = 0; act < (1u << n); ++act)
      for (unsigned col = 0; col < (1u << n); ++col)
        for (std::uint8_t t = 0; t < n; ++t) {
          State s{};
          for (unsigned i = 0; i < n; ++i) s.active[i] = act >> i & 1, s.black[i] = col >> i & 1;
          s.tpos = t;
          s.tblack = true;
          out.push_back(s);
        }
    return out;
  }
  void actions(State const&, std::vector<Action>& out) const {
    out.push_back({Kind::initiate_probe, 0, 0});
    out.push_back({Kind::initiate_probe, 0, 1});
    for (std::uint8_t i = 1; i < n; ++i)
      for (std::uint8_t branch = 0; branch < 3; ++branch) out.push_back({Kind::pass_token, i, branch});
    for (std::uint8_t i = 0; i < n; ++i) {
      for (std::uint8_t j = 0; j < n; ++j)
        if (j != i) out.push_back({Kind::send_msg, i, j});
      out.push_back({Kind::deactivate, i, 0});
    }
  }
  std::optional<State> next_state(State const& s, Action const& a) const {
    State t = s;
    switch (a.kind) {
      case Kind::initiate_probe:
        if (s.tpos != 0 || !(a.j == 0 ? s.tblack : s.black[0])) return std::nullopt;
        t.tpos = n - 1, t.tblack = false, t.black[0] = false;
        return t;
      case Kind::pass_token:
        if (a.i == 0 || a.i >= n || s.tpos != a.i) return std::nullopt;
        if (!(a.j == 0 ? !s.active[a.i] : a.j == 1 ? s.black[a.i] : s.tblack)) return std::nullopt;
        t.tpos = static_cast<std::uint8_t>(a.i - 1), t.tblack = s.black[a.i] ? true : s.tblack, t.black[a.i] = false;
        return t;
      case Kind::send_msg:
        if (a.i >= n || a.j >= n || a.i == a.j || !s.active[a.i]) return std::nullopt;
        t.active[a.j] = true;
        if (a.j > a.i) t.black[a.i] = true;
        return t;
      case Kind::deactivate:
        if (a.i >= n || !s.active[a.i]) return std::nullopt;
        t.active[a.i] = false;
        return t;
    }
    return std::nullopt;
  }
  /// WF_vars(System): InitiateProbe and every PassToken(i), one group.
  void fairness(Action const& a, std::vector<weft::FairGroup>& out) const {
    if (fair && (a.kind == Kind::initiate_probe || a.kind == Kind::pass_token)) out.push_back({weft::Fair::weak, 0});
  }
  static bool terminated(State const& s) {
    for (bool act : s.active)
      if (act) return false;
    return true;
  }
  static bool termination_detected(State const& s) { return s.tpos == 0 && !s.tblack && !s.black[0] && !s.active[0]; }
  /// TerminationDetection and Inv (invariants), Liveness (leads-to), and NeverChangeColor when asked.
  std::vector<weft::Property<Model>> properties() const {
    std::vector<weft::Property<Model>> out;
    out.push_back(weft::always<Model>("TerminationDetection", [](Model const&, State const& s) {
      return !termination_detected(s) || terminated(s);
    }));
    out.push_back(weft::always<Model>("Inv", [](Model const&, State const& s) {
      bool p0 = true, p1 = false;
      for (unsigned i = 0; i < n; ++i) {
        if (s.tpos < i && s.active[i]) p0 = false;
        if (i <= s.tpos && s.black[i]) p1 = true;
      }
      return p0 || p1 || s.tblack;
    }));
    out.push_back(weft::leads_to<Model>("Liveness", [](Model const&, State const& s) { return terminated(s); },
                                        [](Model const&, State const& s) { return termination_detected(s); }));
    if (never_change_color)
      out.push_back(weft::every_step<Model>("NeverChangeColor", [](Model const&, State const& s, Action const&, State const& t) {
        return s.black == t.black;
      }));
    return out;
  }
};

}  // namespace ewd840
