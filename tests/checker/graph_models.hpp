// Small explicit graphs as models, for checker tests whose answers are known by construction.
#pragma once

#include <weft/fair_group.hpp>
#include <weft/model.hpp>
#include <weft/reflect.hpp>

#include <map>
#include <vector>

namespace graphs {

struct Node {
  BOOST_HANA_DEFINE_STRUCT(Node, (int, id));
};

/// A directed graph: states are vertices, actions are edge indices; `goal` marks vertices for properties.
struct Graph {
  using State = Node;
  using Action = int;
  static constexpr bool finishes = true;  // dead ends are ends, unless a test asks for deadlock checking
  std::vector<int> initial{0};
  std::map<int, std::vector<int>> edges;
  std::vector<int> goal;
  weft::Expectation expectation = weft::Expectation::eventually;
  /// The next-state relation as one fairness group (weak: a run never stops while an edge leaves its state).
  weft::Fair whole = weft::Fair::weak;

  std::vector<State> init_states() const {
    std::vector<State> out;
    for (int i : initial) out.push_back({i});
    return out;
  }
  void actions(State const& s, std::vector<Action>& out) const {
    auto it = edges.find(s.id);
    if (it != edges.end())
      for (std::size_t i = 0; i < it->second.size(); ++i) out.push_back(static_cast<int>(i));
  }
  std::optional<State> next_state(State const& s, Action a) const { return State{edges.at(s.id).at(a)}; }
  void fairness(Action, std::vector<weft::FairGroup>& out) const {
    if (whole != weft::Fair::none) out.push_back({whole, 0});
  }
  std::vector<weft::Property<Graph>> properties() const {
    auto in_goal = [](Graph const& g, State const& s) {
      for (int v : g.goal)
        if (v == s.id) return true;
      return false;
    };
    return {weft::Property<Graph>{expectation, "reaches goal", in_goal}};
  }
};

}  // namespace graphs
