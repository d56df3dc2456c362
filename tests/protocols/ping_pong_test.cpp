// Ping-pong: a fault-free run step by step, and the stale-reply bug found by search while the correct
// client survives the same faults.
#include "support/reach.hpp"

#include <ping_pong/ping_pong.hpp>

#include <gtest/gtest.h>

namespace {

using ping_pong::World;

std::vector<World::StepEffect> step(World const& w, World::State& s, World::Action const& a) {
  std::vector<World::StepEffect> fx;
  s = weft::after(w, s, a, &fx);
  return fx;
}

std::string texts(std::vector<World::StepEffect> const& fx) {
  std::string out;
  for (auto const& e : fx) out += weft::to_text(e) + "\n";
  return out;
}

TEST(PingPong, FaultFreeRoundTrip) {
  World w = ping_pong::make_world({7});
  World::State s = w.init_states().at(0);
  EXPECT_EQ(texts(step(w, s, weft::UserInput<World::In>{0, ping_pong::Ask{7}})),
            "n0: send to n1: Ping{seq: 0, value: 7}\nn0: set timer Retry{seq: 0} +100\n");
  EXPECT_EQ(texts(step(w, s, weft::Deliver<ping_pong::Msg>{0, 1, ping_pong::Ping{0, 7}})),
            "n1: send to n0: Pong{seq: 0, value: 7}\n");
  EXPECT_EQ(texts(step(w, s, weft::Deliver<ping_pong::Msg>{1, 0, ping_pong::Pong{0, 7}})),
            "n0: cancel timer Retry{seq: 0}\nn0: output Answer{seq: 0, asked: 7, got: 7}\nn0: log: request 0 answered\n");
  std::vector<World::Action> left;
  w.actions(s, left);
  EXPECT_TRUE(left.empty()) << weft::to_text(left);
}

// Searches for a state where a property fails.
bool some_state_violates(World const& w) {
  bool violated = false;
  auto const props = w.properties();
  std::vector<World::State> frontier = w.init_states();
  std::unordered_set<weft::Fingerprint> seen;
  std::vector<World::Action> actions;
  while (!frontier.empty() && !violated) {
    World::State s = std::move(frontier.back());
    frontier.pop_back();
    if (!seen.insert(weft::fingerprint(s)).second) continue;
    for (auto const& p : props) violated = violated || !p.predicate(w, s);
    actions.clear();
    w.actions(s, actions);
    for (auto const& a : actions)
      if (World::State n; weft::step(w, s, a, n)) frontier.push_back(std::move(n));
  }
  return violated;
}

TEST(PingPong, StaleReplyBugIsFoundAndTheCorrectClientHolds) {
  ping_pong::Client buggy;
  buggy.accept_stale_pong = true;
  auto faulty = [](World w) {
    w.faults({.drops = 1, .duplicates = 1});
    return w;
  };
  EXPECT_TRUE(some_state_violates(faulty(ping_pong::make_world({1, 2}, buggy))));
  EXPECT_FALSE(some_state_violates(faulty(ping_pong::make_world({1, 2}))));
}

TEST(PingPong, ServerRestartCountIsDurable) {
  World w = ping_pong::make_world({});
  w.faults({.crashes = 2, .restarts = 2});
  World::State s = w.init_states().at(0);
  for (int i = 0; i < 2; ++i) {
    s = weft::after(w, s, weft::Crash{1});
    s = weft::after(w, s, weft::Restart{1});
  }
  EXPECT_EQ(World::state_of<ping_pong::Server>(s, 1).restarts, 2u);
  EXPECT_GT(weft::test::reach(ping_pong::make_world({1, 2})).states, 10u);
}

}  // namespace
