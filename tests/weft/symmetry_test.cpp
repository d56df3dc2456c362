// Symmetry over world roles: node ids are renamed inside every kind of value, the representative is the
// same for every renaming of a state, and the reduced search finds exactly one state per class (checked
// against a brute-force count of the classes), with the same verdicts as the full search.
#include "support/reach.hpp"

#include <weft/checker/check.hpp>
#include <weft/weft.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace {

// A collector (node 0) and reporters: each reporter reports to the collector and waits for its ack;
// the collector remembers who it heard from. Ids travel in messages, sets and timers.
struct Report {
  BOOST_HANA_DEFINE_STRUCT(Report, (weft::NodeId, reporter), (std::uint8_t, value));
};
struct Ack {
  BOOST_HANA_DEFINE_STRUCT(Ack, (weft::NodeId, reporter));
};
using Msg = std::variant<Report, Ack>;
struct Resend {
  BOOST_HANA_DEFINE_STRUCT(Resend, (weft::NodeId, to));
};

struct CollectorState {
  BOOST_HANA_DEFINE_STRUCT(CollectorState, (std::set<weft::NodeId>, heard), (std::map<weft::NodeId, std::uint8_t>, values));
};
struct Collector {
  using State = CollectorState;
  using Msg = ::Msg;
  using Timer = Resend;
  void on_start(State&, weft::Context<Collector>&) const {}
  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Collector>& ctx) const {
    if (auto const* r = std::get_if<Report>(&m)) {
      s.heard.insert(r->reporter);
      s.values[r->reporter] = r->value;
      ctx.send(from, Ack{r->reporter});
    }
  }
  void on_timer(State&, Resend const&, weft::Context<Collector>&) const {}
};

struct ReporterState {
  BOOST_HANA_DEFINE_STRUCT(ReporterState, (weft::NodeId, me), (bool, acked));
};
struct Reporter {
  using State = ReporterState;
  using Msg = ::Msg;
  using Timer = Resend;
  State init(weft::NodeId self) const { return {self, false}; }
  void on_start(State& s, weft::Context<Reporter>& ctx) const {
    ctx.send(0, Report{s.me, 7});
    ctx.set_timer(Resend{0}, 10);
  }
  void on_msg(State& s, weft::NodeId, Msg const& m, weft::Context<Reporter>& ctx) const {
    if (std::holds_alternative<Ack>(m)) {
      s.acked = true;
      ctx.cancel_timer(Resend{0});
    }
  }
  void on_timer(State& s, Resend const& t, weft::Context<Reporter>& ctx) const {
    if (!s.acked) ctx.send(t.to, Report{s.me, 7});
  }
};

using Gather = weft::World<Collector, Reporter>;

Gather gather(unsigned reporters, weft::FaultBudget faults, bool symmetric = true) {
  std::vector<std::size_t> roles{0};
  std::vector<weft::NodeId> group;
  for (unsigned i = 1; i <= reporters; ++i) roles.push_back(1), group.push_back(i);
  Gather w(roles, Collector{}, Reporter{});
  w.faults(faults);
  if (symmetric) w.symmetric(group);
  w.property(weft::always<Gather>("heard only from reporters", [](Gather const& m, Gather::State const& s) {
    for (weft::NodeId n : Gather::state_of<Collector>(s, 0).heard)
      if (n == 0 || n >= m.node_count()) return false;
    return true;
  }));
  w.property(weft::sometimes<Gather>("everyone acked", [](Gather const& m, Gather::State const& s) {
    for (weft::NodeId n = 1; n < m.node_count(); ++n)
      if (!Gather::state_of<Reporter>(s, n).acked) return false;
    return true;
  }));
  return w;
}

// Every reachable state of a model, by brute force.
template <class M>
std::vector<typename M::State> all_states(M const& m) {
  std::unordered_set<weft::Fingerprint> seen;
  std::vector<typename M::State> states = m.init_states();
  for (auto const& s : states) seen.insert(weft::fingerprint(s));
  std::vector<typename M::Action> actions;
  for (std::size_t i = 0; i < states.size(); ++i) {
    actions.clear();
    m.actions(states[i], actions);
    for (auto const& a : actions) {
      typename M::State next;
      if (weft::step(m, states[i], a, next) && seen.insert(weft::fingerprint(next)).second) states.push_back(std::move(next));
    }
  }
  return states;
}

std::vector<weft::NodeMap> renamings_of(std::vector<weft::NodeId> group, std::size_t nodes) {
  std::vector<weft::NodeMap> out;
  std::vector<weft::NodeId> image = group;
  do {
    weft::NodeMap map{std::vector<weft::NodeId>(nodes)};
    for (weft::NodeId i = 0; i < nodes; ++i) map.to[i] = i;
    for (std::size_t k = 0; k < group.size(); ++k) map.to[group[k]] = image[k];
    out.push_back(map);
  } while (std::next_permutation(image.begin(), image.end()));
  return out;
}

// The number of symmetry classes: states are equal when some renaming makes their encodings equal.
std::size_t count_classes(Gather const& w) {
  auto const maps = renamings_of(w.symmetry_groups().at(0), w.node_count());
  std::set<std::string> classes;
  for (auto const& s : all_states(w)) {
    std::string smallest;
    for (auto const& map : maps) {
      std::string bytes = weft::canonical_bytes(weft::rename_nodes(s, map, w.delivery()));
      if (smallest.empty() || bytes < smallest) smallest = bytes;
    }
    classes.insert(smallest);
  }
  return classes.size();
}

struct Ids {
  BOOST_HANA_DEFINE_STRUCT(Ids,
    (weft::NodeId, one),
    (std::set<weft::NodeId>, set),
    (std::map<weft::NodeId, std::string>, map),
    (std::optional<weft::NodeId>, maybe),
    (std::variant<std::uint32_t, weft::NodeId>, either),
    (std::vector<std::pair<weft::NodeId, std::uint32_t>>, pairs),
    (std::uint32_t, plain));
};

static_assert(weft::detail::may_hold_ids<Ids>());
static_assert(!weft::detail::may_hold_ids<std::vector<std::string>>());
static_assert(!weft::detail::may_hold_ids<weft::Rng>());

TEST(Rewrite, RenamesIdsInEveryKindOfField) {
  Ids v{1, {1, 2}, {{1, "a"}, {2, "b"}}, weft::NodeId(2), weft::NodeId(1), {{2, 2}}, 1};
  weft::rewrite_ids(v, weft::NodeMap{{0, 2, 1}});  // swap 1 and 2
  EXPECT_EQ(v.one, weft::NodeId(2));
  EXPECT_EQ(v.set, (std::set<weft::NodeId>{1, 2}));
  EXPECT_EQ(v.map.at(2), "a");
  EXPECT_EQ(v.map.at(1), "b");
  EXPECT_EQ(*v.maybe, weft::NodeId(1));
  EXPECT_EQ(std::get<weft::NodeId>(v.either), weft::NodeId(2));
  EXPECT_EQ(v.pairs.at(0).first, weft::NodeId(1));
  EXPECT_EQ(v.pairs.at(0).second, 2u);  // plain numbers are not ids
  EXPECT_EQ(v.plain, 1u);
  std::variant<std::uint32_t, weft::NodeId> number = std::uint32_t{1};
  weft::rewrite_ids(number, weft::NodeMap{{0, 2, 1}});
  EXPECT_EQ(std::get<std::uint32_t>(number), 1u);
}

TEST(WorldSymmetry, TheReducedSearchFindsExactlyOneStatePerClass) {
  for (auto faults : {weft::FaultBudget{}, weft::FaultBudget{.drops = 1, .duplicates = 1}}) {
    Gather const w = gather(3, faults);
    std::size_t const full = weft::test::reach(w).states;
    std::size_t const classes = count_classes(w);
    ASSERT_LT(classes, full);
    for (auto [strategy, threads] : {std::pair{weft::checker::Strategy::bfs, 1u}, {weft::checker::Strategy::bfs, 2u},
                                     {weft::checker::Strategy::dfs, 1u}}) {
      weft::checker::Options o;
      o.strategy = strategy, o.threads = threads, o.symmetry = true, o.keep_going = true;
      auto r = weft::checker::check(w, o);
      EXPECT_EQ(r.stats.distinct, classes) << "full space " << full;
      EXPECT_EQ(r.properties.at(0).verdict, weft::checker::Verdict::holds);
      EXPECT_EQ(r.properties.at(1).verdict, weft::checker::Verdict::holds);
    }
  }
}

RC_GTEST_PROP(WorldSymmetry, EveryRenamingOfAStateHasTheSameRepresentative, (std::uint16_t pick, std::uint8_t which)) {
  static Gather const w = gather(3, {.drops = 1, .duplicates = 1});
  static auto const states = all_states(w);
  static auto const maps = renamings_of({1, 2, 3}, 4);
  auto const& s = states[pick % states.size()];
  auto const renamed = weft::rename_nodes(s, maps[which % maps.size()], w.delivery());
  RC_ASSERT(weft::canonical_bytes(w.representative(renamed)) == weft::canonical_bytes(w.representative(s)));
  // ...and the representative is itself a renaming of the state.
  bool is_renaming = false;
  for (auto const& map : maps)
    is_renaming = is_renaming || weft::equal(weft::rename_nodes(s, map, w.delivery()), w.representative(s));
  RC_ASSERT(is_renaming);
}

TEST(WorldSymmetry, ViolationsAreStillFoundWithTheirPaths) {
  Gather w = gather(3, {});
  w.property(weft::always<Gather>("nobody is ever acked", [](Gather const& m, Gather::State const& s) {
    for (weft::NodeId n = 1; n < m.node_count(); ++n)
      if (Gather::state_of<Reporter>(s, n).acked) return false;
    return true;
  }));
  weft::checker::Options o;
  o.symmetry = true;
  auto r = weft::checker::check(w, o);
  ASSERT_EQ(r.properties.at(2).verdict, weft::checker::Verdict::fails);
  EXPECT_EQ(r.properties[2].path->events.size(), 2u);  // a report delivered, its ack delivered
}

TEST(WorldSymmetry, MisuseIsAClearError) {
  Gather w = gather(2, {}, false);
  EXPECT_THROW(w.symmetric({0, 1}), weft::Error);  // different roles
  EXPECT_THROW(w.symmetric({1}), weft::Error);
  weft::checker::Options o;
  o.symmetry = true;
  EXPECT_THROW(weft::checker::check(w, o), weft::Error);  // nothing declared
  w.symmetric({1, 2});
  EXPECT_THROW(w.symmetric({2, 1}), weft::Error);  // twice
}

}  // namespace
