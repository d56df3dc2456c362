// The reachable state graph of a small model as Graphviz DOT, TLC's -dump dot for weft: one node per
// distinct state (labelled by its printed form), one edge per step (labelled by its event). Initial states
// have a double border; a state that breaks an invariant is filled red and names it; a dead end (when
// deadlocks are checked) is a box; a step that breaks an action property is a red edge.
//
//   auto g = weft::checker::dot_graph(model, options);   // throws weft::Error past the bound
//   weft::write_file_atomic("graph.dot", g.text);        // dot -Tsvg graph.dot > graph.svg
//
// It honours the search's depth bound, state constraints and symmetry, so its node count is the
// distinct count a complete `check` reports.
#pragma once

#include <weft/checker/options.hpp>
#include <weft/checker/search.hpp>
#include <weft/checker/state_codec.hpp>
#include <weft/error.hpp>
#include <weft/print.hpp>
#include <weft/step.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace weft::checker {

/// A state graph in DOT, with its size.
struct DotGraph {
  std::string text;       ///< the graph, in Graphviz's language
  std::size_t states = 0;  ///< its nodes: the distinct states
  std::size_t edges = 0;   ///< its edges: every step taken from an explored state
};

namespace detail {
// A DOT string literal's body: quotes and backslashes escaped, long printed states broken at ", " into
// lines of about 60 characters.
inline std::string dot_label(std::string_view text) {
  std::string out;
  std::size_t line = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char const c = text[i];
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      line = 0;
      continue;
    }
    out += c;
    ++line;
    if (c == ',' && i + 1 < text.size() && text[i + 1] == ' ' && line >= 60) {
      out += "\\n";
      line = 0;
      ++i;
    }
  }
  return out;
}
}  // namespace detail

/// The graph of the states of `model` reachable from `start` (its initial states when empty), within
/// `options`' depth bound and state constraints; throws weft::Error when it has more than `max_states`
/// states or `max_edges` edges (a picture of more says nothing).
template <Model M>
DotGraph dot_graph(M const& model, Options const& options, std::vector<typename M::State> start = {},
                   std::size_t max_states = 10000, std::size_t max_edges = 50000) {
  using State = typename M::State;
  SearchCore<M> core(model, options, std::move(start));
  struct Node {
    State state;
    std::size_t depth;
  };
  std::vector<Node> nodes;
  std::unordered_map<Fingerprint, std::size_t> index;
  std::string edges;
  DotGraph g;
  auto refuse = [&](char const* what, std::size_t bound) {
    throw Error("--dump-graph draws small models: this one has more than " + std::to_string(bound) + " " + what +
                " (bound it with --max-depth or a smaller configuration)");
  };
  // The node of `s`, added (and judged) when new; SIZE_MAX when outside the constraints.
  auto node_of = [&](State const& s, std::size_t depth) -> std::size_t {
    if (!core.within_constraints(s)) return SIZE_MAX;
    auto const [at, fresh] = index.try_emplace(core.key(s).fp, nodes.size());
    if (!fresh) return at->second;
    if (nodes.size() == max_states) refuse("states", max_states);
    nodes.push_back({s, depth});
    return at->second;
  };
  for (auto const& s : core.initial) node_of(s, 1);
  std::size_t const initial = nodes.size();
  std::vector<typename M::Action> actions;
  std::vector<bool> dead(0);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].depth >= options.max_depth) continue;
    actions.clear();
    model.actions(nodes[i].state, actions);
    bool any = false;
    for (auto const& a : actions) {
      State next{};
      if (!step(model, nodes[i].state, a, next)) continue;
      any = true;
      std::size_t const to = node_of(next, nodes[i].depth + 1);
      if (to == SIZE_MAX) continue;
      if (++g.edges > max_edges) refuse("edges", max_edges);
      std::string broken;
      for (auto const& p : core.properties)
        if (p.expectation == Expectation::every_step && !p.step(model, nodes[i].state, a, nodes[to].state))
          broken += (broken.empty() ? "\\nbreaks: " : ", ") + detail::dot_label(p.name);
      edges += "  s" + std::to_string(i) + " -> s" + std::to_string(to) + " [label=\"" + detail::dot_label(to_text(a)) +
               broken + "\"" + (broken.empty() ? "" : ", color=red, fontcolor=red") + "];\n";
    }
    if (!any) dead.resize(nodes.size()), dead[i] = true;
  }
  g.states = nodes.size();
  g.text = "digraph states {\n  node [shape=ellipse, fontname=\"monospace\", fontsize=10];\n"
           "  edge [fontname=\"monospace\", fontsize=9];\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    std::string broken;
    for (auto const& p : core.properties)
      if (p.expectation == Expectation::always && !p.predicate(model, nodes[i].state))
        broken += (broken.empty() ? "\\nbreaks: " : ", ") + detail::dot_label(p.name);
    bool const dead_end = i < dead.size() && dead[i] && core.checking_deadlock();
    g.text += "  s" + std::to_string(i) + " [label=\"" + detail::dot_label(to_text(nodes[i].state)) + broken +
              (dead_end ? "\\n(dead end)" : "") + "\"";
    if (i < initial) g.text += ", peripheries=2";
    if (dead_end) g.text += ", shape=box";
    if (!broken.empty()) g.text += ", style=filled, fillcolor=\"#f4cccc\", color=red";
    g.text += "];\n";
  }
  g.text += edges + "}\n";
  return g;
}

}  // namespace weft::checker
