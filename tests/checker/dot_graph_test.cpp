// The state graph as DOT (dot_graph.hpp), parsed back: one node per distinct state and one edge per step,
// as many as a complete check counts; labels round-trip to the printed states and events; initial states,
// broken invariants, broken action properties and dead ends are marked; a big graph is refused.
#include <two_phase/two_phase.hpp>
#include <weft/checker/check.hpp>
#include <weft/checker/dot_graph.hpp>

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace {

using namespace weft::checker;

// A counter from 0 to `top`, stepping up or back to 0; "small" breaks at the top, "up by one" breaks on
// the step back to 0 from the top.
struct Ladder {
  struct State {
    BOOST_HANA_DEFINE_STRUCT(State, (int, x));
  };
  enum class Step : std::uint8_t { up, back };
  using Action = Step;
  int top = 3;
  bool dead_top = false;  // the top enables nothing (a dead end)

  std::vector<State> init_states() const { return {State{0}}; }
  void actions(State const& s, std::vector<Action>& out) const {
    if (s.x < top) out.push_back(Step::up);
    if (s.x > 0 && !(dead_top && s.x == top)) out.push_back(Step::back);
  }
  std::optional<State> next_state(State const& s, Action a) const { return State{a == Step::up ? s.x + 1 : 0}; }
  std::vector<weft::Property<Ladder>> properties() const {
    return {weft::always<Ladder>("small", [](auto const&, State const& s) { return s.x < 3; }),
            weft::every_step<Ladder>("up by one", [](Ladder const& m, State const& from, Action, State const& to) {
              return to.x == from.x + 1 || from.x < m.top;
            })};
  }
};

// A DOT file as this test reads it back: nodes with their attributes, edges with theirs.
struct Parsed {
  std::map<std::string, std::string> nodes;  // id -> the rest of its attribute list
  std::vector<std::tuple<std::string, std::string, std::string>> edges;  // from, to, attributes
  std::string header;
};

// The label's text: escapes undone, and the line breaks the writer added turned back into spaces.
std::string label_of(std::string const& attributes) {
  std::smatch m;
  static std::regex const label(R"(label="((?:[^"\\]|\\.)*)\")");
  if (!std::regex_search(attributes, m, label)) return "";
  std::string out;
  std::string const raw = m[1];
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      char const next = raw[++i];
      out += next == 'n' ? ' ' : next;
    } else {
      out += raw[i];
    }
  }
  return out;
}

Parsed parse(std::string const& dot) {
  Parsed p;
  std::istringstream in(dot);
  std::string line;
  std::getline(in, p.header);
  static std::regex const node(R"(^  (s\d+) \[(.*)\];$)"), edge(R"(^  (s\d+) -> (s\d+) \[(.*)\];$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, edge)) p.edges.emplace_back(m[1], m[2], m[3]);
    else if (std::regex_match(line, m, node)) p.nodes[m[1]] = m[2];
    else EXPECT_TRUE(line == "}" || line.starts_with("  node [") || line.starts_with("  edge [")) << line;
  }
  return p;
}

TEST(DotGraph, HasOneNodePerStateAndOneEdgePerStep) {
  two_phase::Model const m{3, false, false};
  auto const g = dot_graph(m, {});
  Options o;
  o.keep_going = true;
  auto const r = check(m, o);
  auto const p = parse(g.text);
  EXPECT_EQ(p.header, "digraph states {");
  EXPECT_EQ(p.nodes.size(), r.stats.distinct);
  EXPECT_EQ(p.edges.size(), r.stats.generated - 1) << "every successor computed, less the initial state";
  EXPECT_EQ(g.states, p.nodes.size());
  EXPECT_EQ(g.edges, p.edges.size());
  std::set<std::string> labels;
  for (auto const& [from, to, attributes] : p.edges) {
    EXPECT_TRUE(p.nodes.contains(from) && p.nodes.contains(to)) << from << " -> " << to;
    labels.insert(label_of(attributes));
  }
  EXPECT_TRUE(labels.contains("RMPrepare(2)") && labels.contains("TMCommit")) << "edges are labelled by their events";
  std::set<std::string> states;
  for (auto const& [id, attributes] : p.nodes) states.insert(label_of(attributes));
  EXPECT_EQ(states.size(), p.nodes.size()) << "distinct states have distinct labels";
  EXPECT_TRUE(states.contains(weft::to_text(m.init_states().at(0))));
  EXPECT_NE(p.nodes.at("s0").find("peripheries=2"), std::string::npos) << "the initial state is marked";
}

TEST(DotGraph, MarksBrokenPropertiesAndDeadEnds) {
  Ladder m;
  m.dead_top = true;
  auto const p = parse(dot_graph(m, {}).text);
  ASSERT_EQ(p.nodes.size(), 4u);
  for (auto const& [id, attributes] : p.nodes) {
    bool const top = label_of(attributes).starts_with(weft::to_text(Ladder::State{3}));
    EXPECT_EQ(attributes.find("fillcolor") != std::string::npos, top) << attributes;
    EXPECT_EQ(label_of(attributes).find("breaks: small") != std::string::npos, top) << attributes;
    EXPECT_EQ(attributes.find("shape=box") != std::string::npos, top) << "the top is a dead end: " << attributes;
  }
  Ladder live;  // the step back from the top breaks "up by one"
  auto const q = parse(dot_graph(live, {}).text);
  std::size_t red = 0;
  for (auto const& [from, to, attributes] : q.edges) red += attributes.find("color=red") != std::string::npos;
  EXPECT_EQ(red, 1u);
}

TEST(DotGraph, HonoursTheDepthBoundAndRefusesBigGraphs) {
  Options shallow;
  shallow.max_depth = 2;
  EXPECT_EQ(dot_graph(Ladder{}, shallow).states, 2u) << "depth 1 and 2 only";
  try {
    dot_graph(two_phase::Model{5, false, false}, {}, {}, 100);
    ADD_FAILURE() << "a graph of thousands of states was drawn";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("draws small models"), std::string::npos) << e.what();
  }
}

TEST(DotGraph, EscapesQuotesAndBreaksLongLabels) {
  EXPECT_EQ(detail::dot_label("a \"b\" \\ c"), "a \\\"b\\\" \\\\ c");
  std::string const long_text(70, 'x');
  EXPECT_EQ(detail::dot_label(long_text + ", y"), long_text + ",\\ny");
}

}  // namespace
