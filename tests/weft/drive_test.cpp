// The run layer: weft::step says why an event is refused; weft::drive with each plain chooser gives the
// same runs as the loops it replaced (written out here as references): following events to the first
// refusal, skipping refused ones, uniform random picks, RapidCheck choices; observers stop runs; a run
// keeps every state, or only the current one, and its effects when asked.
#include <ping_pong/ping_pong.hpp>
#include <weft/choosers.hpp>
#include <weft/testing/interleaving.hpp>
#include <weft/weft.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

using W = ping_pong::World;

W lossy_world() {
  return ping_pong::protocol({.requests = 3, .world = {.faults = {.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1}}}).model;
}

TEST(Step, IsTakenOrRefusedWithItsReason) {
  W const w = lossy_world();
  W::State const s = w.init_states().at(0);
  W::State next;
  weft::Step const refused = weft::step(w, s, W::Action{weft::Restart{1}}, next);
  EXPECT_FALSE(refused);
  EXPECT_STREQ(refused.why(), "the node is not down");
  weft::Effects<W> fx;
  ASSERT_TRUE(weft::step(w, s, W::Action{weft::Crash{1}}, next, &fx));
  EXPECT_FALSE(next.nodes[1].up);
  W::State in_place = s;  // `out` may be `from`
  ASSERT_TRUE(weft::step(w, in_place, W::Action{weft::Crash{1}}, in_place));
  EXPECT_TRUE(weft::equal(in_place, next));
  EXPECT_THROW(weft::after(w, s, W::Action{weft::Restart{1}}), weft::Error);
}

// The old replay loop: step in place until an event is refused.
std::pair<std::vector<W::State>, std::string> reference_follow(W const& w, W::State s, std::vector<W::Action> const& events) {
  std::vector<W::State> states{s};
  for (auto const& e : events) {
    W::State next;
    if (weft::Step st = weft::step(w, s, e, next); !st) return {states, st.why()};
    s = next;
    states.push_back(s);
  }
  return {states, ""};
}

// The old random walk loop: draw among the listed events, draw again among the rest when one is refused.
std::vector<W::Action> reference_walk(W const& w, weft::Rng rng, std::size_t length) {
  W::State s = w.init_states().at(0);
  std::vector<W::Action> taken, actions;
  for (std::size_t k = 0; k < length; ++k) {
    actions.clear();
    w.actions(s, actions);
    bool stepped = false;
    while (!actions.empty() && !stepped) {
      std::size_t const i = rng.below(actions.size());
      W::State next;
      if ((stepped = static_cast<bool>(weft::step(w, s, actions[i], next)))) taken.push_back(actions[i]), s = next;
      else actions[i] = std::move(actions.back()), actions.pop_back();
    }
    if (!stepped) break;
  }
  return taken;
}

TEST(Drive, UniformRandomRepeatsTheOldWalkForEverySeed) {
  W const w = lossy_world();
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    weft::Rng rng = weft::Rng::from_seed(seed, 0);
    weft::UniformRandom<W> pick(w, rng);
    auto run = weft::start_run<W>(w.init_states().at(0));
    weft::drive(w, run, pick, weft::record_all<W>, {.max_steps = 40});
    auto const want = reference_walk(w, weft::Rng::from_seed(seed, 0), 40);
    EXPECT_EQ(weft::canonical_bytes(run.events), weft::canonical_bytes(want)) << "seed " << seed;
    EXPECT_EQ(run.states.size(), run.events.size() + 1);
  }
}

TEST(Drive, FollowingStopsAtTheFirstRefusalAndSkippingPassesItOver) {
  W const w = lossy_world();
  std::vector<W::Action> const events{weft::Crash{1}, weft::Restart{0}, weft::Restart{1}};
  auto const [states, why] = reference_follow(w, w.init_states().at(0), events);
  auto run = weft::start_run<W>(w.init_states().at(0));
  weft::FollowEvents<W> follow(events);
  auto const end = weft::drive(w, run, follow, weft::record_all<W>, {.effects = true});
  EXPECT_TRUE(end.refused);
  EXPECT_EQ(end.step, 1u);
  EXPECT_EQ(end.why, why);
  ASSERT_EQ(run.states.size(), states.size());
  EXPECT_TRUE(run.has_effects());
  auto skipping = weft::start_run<W>(w.init_states().at(0));
  auto skip = weft::skip_disabled<W>(events);
  EXPECT_TRUE(weft::drive(w, skipping, skip, weft::record_all<W>).exhausted());
  ASSERT_EQ(skipping.length(), 2u);  // the crash and the restart of node 1; node 0 was never down
  EXPECT_TRUE(skipping.last().nodes[1].up);
  try {
    weft::execute(w, w.init_states().at(0), events);
    FAIL() << "execute must name the refused step";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("step 2"), std::string::npos) << e.what();
  }
}

TEST(Drive, AnObserverStopsTheRunAndARunMayKeepOnlyItsCurrentState) {
  W const w = lossy_world();
  weft::Rng rng = weft::Rng::from_seed(3, 0);
  weft::UniformRandom<W> pick(w, rng);
  auto run = weft::start_run<W>(w.init_states().at(0));
  std::size_t seen = 0;
  auto const end = weft::drive(w, run, pick, [&](weft::Run<W> const& now) {
    ++seen;
    return now.length() == 5 ? weft::Observe::stop : weft::Observe::go_on;
  }, {.states = false});
  EXPECT_TRUE(end.stopped);
  EXPECT_EQ(seen, 6u) << "the initial state and five more";
  EXPECT_EQ(run.states.size(), 1u);
  EXPECT_EQ(run.length(), 5u);
  EXPECT_TRUE(weft::equal(run.last(), weft::execute(w, w.init_states().at(0), run.events).last()));
}

// The old interleaving loop: the choice picks among the enabled events (each tried by a step).
std::vector<W::Action> reference_interleaving(W const& w, std::vector<std::uint16_t> const& choices) {
  W::State s = w.init_states().at(0), next;
  std::vector<W::Action> events, enabled;
  for (std::size_t step = 0; step < choices.size(); ++step) {
    enabled.clear();
    w.actions(s, enabled);
    std::erase_if(enabled, [&](auto const& a) { return !weft::step(w, s, a, next); });
    if (enabled.empty()) break;
    auto const& a = enabled[choices[step] % enabled.size()];
    s = weft::after(w, s, a);
    events.push_back(a);
  }
  return events;
}

RC_GTEST_PROP(Drive, RapidCheckChoicesRepeatTheOldInterleavings, (std::vector<std::uint16_t> choices)) {
  W const w = lossy_world();
  weft::testing::RapidCheckChoices<W> chooser(w, choices);
  auto run = weft::start_run<W>(w.init_states().at(0));
  weft::drive(w, run, chooser, weft::record_all<W>);
  RC_ASSERT(weft::canonical_bytes(run.events) == weft::canonical_bytes(reference_interleaving(w, choices)));
}

}  // namespace
