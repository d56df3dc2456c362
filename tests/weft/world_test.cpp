// The simulated world: enabled events under each network semantics and fault, checked against state
// counts worked out by hand (each derivation is in the comment above its test), effects, forks, errors.
#include "support/reach.hpp"
#include "weft/toy_processes.hpp"

#include <ping_pong/ping_pong.hpp>

#include <gtest/gtest.h>

namespace {

using weft::Delivery;
using weft::test::reach;

// Unordered {a,b}: init; after a; after b; then [a,b] and [b,a]. 5 states, 4 transitions.
TEST(WorldSemantics, UnorderedTwoLetters) {
  auto r = reach(toy::pair({'a', 'b'}));
  EXPECT_EQ(r.states, 5u);
  EXPECT_EQ(r.transitions, 4u);
}

// FIFO {a,b}: only a then b. 3 states.
TEST(WorldSemantics, FifoTwoLetters) { EXPECT_EQ(reach(toy::pair({'a', 'b'}, Delivery::fifo)).states, 3u); }

// Unordered {a,a}: the two copies are one choice. init, [a], [a,a]: 3 states, 2 transitions.
TEST(WorldSemantics, UnorderedIdenticalCopiesAreOneChoice) {
  auto r = reach(toy::pair({'a', 'a'}));
  EXPECT_EQ(r.states, 3u);
  EXPECT_EQ(r.transitions, 2u);
}

// Duplicating {a,b} into a set sink: the network never changes, the sink holds any subset: 4 states,
// and from each state both letters can be delivered: 8 transitions.
TEST(WorldSemantics, DuplicatingDeliveryDoesNotConsume) {
  weft::World<toy::Sender, toy::SetSink> w({0, 1}, toy::Sender{{'a', 'b'}, 1}, toy::SetSink{});
  w.delivery(Delivery::duplicating);
  auto r = reach(w);
  EXPECT_EQ(r.states, 4u);
  EXPECT_EQ(r.transitions, 8u);
}

// One drop, unordered {a,b}; states as (drops left, in flight, received):
// (1,ab,-) -> (1,b,a) (1,a,b) (0,b,-) (0,a,-); -> (1,-,ab) (0,-,a) (1,-,ba) (0,-,b). 9 states.
TEST(WorldFaults, OneDropUnordered) { EXPECT_EQ(reach(toy::pair({'a', 'b'}, Delivery::unordered, {.drops = 1})).states, 9u); }

// One drop, FIFO [a,b]: (1,ab,-) -> (1,b,a) (0,b,-) (0,a,-); (1,b,a) -> (1,-,ab) (0,-,a);
// (0,b,-) -> (0,-,b); (0,a,-) -> (0,-,a). 7 states (a drop may take a message from mid-queue).
TEST(WorldFaults, OneDropFifo) { EXPECT_EQ(reach(toy::pair({'a', 'b'}, Delivery::fifo, {.drops = 1})).states, 7u); }

// One duplicate, {a}: (1,a,-) -> (1,-,a) (0,aa,-); (0,aa,-) -> (0,a,a) -> (0,-,aa). 5 states.
TEST(WorldFaults, OneDuplicate) { EXPECT_EQ(reach(toy::pair({'a'}, Delivery::unordered, {.duplicates = 1})).states, 5u); }

// One crash and one restart shared by both nodes, {a}. The sender's durable state is its initial one,
// so its restart runs on_start again and re-sends a. States as (sender, sink, in flight, crash, restart):
// S0 (up, up -, a, 1,1) -> S1 (up, up a, -, 1,1), S2 (down, up -, a, 0,1), S3 (up, down, a, 0,1);
// S1 -> S4 (down, up a, -, 0,1), S5 (up, down, -, 0,1) (the sink's list is volatile);
// S2 -> S4 (delivering a to the sink gives S1's sender-crash state), S6 (up, up -, aa, 0,0);
// S3 -> S7 (up, up -, a, 0,0) (no delivery to a down node); S4 -> S8 (up, up a, a, 0,0);
// S5 -> S9 (up, up -, -, 0,0); S6 -> S8; S7 -> S10 (up, up a, -, 0,0); S8 -> S11 (up, up aa, -, 0,0).
// 12 states.
TEST(WorldFaults, CrashAndRestart) {
  EXPECT_EQ(reach(toy::pair({'a'}, Delivery::unordered, {.crashes = 1, .restarts = 1})).states, 12u);
}

// One partition, 2 nodes, {a}: sides can only be {n0}|{n1}.
// S0 (a,-,p1) -> S1 (-,a,p1), S2 (a,-,cut); S1 -> S3 (-,a,cut); S2 -> S4 (a,-,whole, p0) (delivery blocked);
// S3 -> S5 (-,a,whole,p0); S4 -> S5. 6 states.
TEST(WorldFaults, PartitionAndHeal) { EXPECT_EQ(reach(toy::pair({'a'}, Delivery::unordered, {.partitions = 1})).states, 6u); }

TEST(WorldEvents, StepReturnsEffectsAndPrintsReadably) {
  auto w = toy::pair({'a'});
  auto s0 = w.init_states().at(0);
  std::vector<toy::Pair::Action> actions;
  w.actions(s0, actions);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(weft::to_text(actions[0]), "deliver n0->n1 Letter{c: 'a'}");
  std::vector<toy::Pair::StepEffect> effects;
  auto s1 = weft::after(w, s0, actions[0], &effects);
  EXPECT_TRUE(effects.empty());
  EXPECT_EQ(toy::Pair::state_of<toy::Sink>(s1, 1).received, std::vector<char>{'a'});
}

TEST(WorldEvents, ForkedStatesEvolveIndependently) {
  auto w = toy::pair({'a', 'b'});
  auto original = w.init_states().at(0);
  auto const before = weft::fingerprint(original);
  auto fork = original;
  fork = weft::after(w, fork, toy::Pair::Action{weft::Deliver<toy::Letter>{0, 1, {'b'}}});
  EXPECT_EQ(weft::fingerprint(original), before);
  auto restored = weft::from_portable_binary<toy::Pair::State>(weft::to_portable_binary(original));
  auto again = weft::after(w, restored, toy::Pair::Action{weft::Deliver<toy::Letter>{0, 1, {'b'}}});
  EXPECT_EQ(weft::fingerprint(again), weft::fingerprint(fork));
}

TEST(WorldErrors, BadConfigurationAndEventsAreClearErrors) {
  EXPECT_THROW(toy::Pair({}, toy::Sender{}, toy::Sink{}), weft::Error);
  EXPECT_THROW(toy::Pair({0, 2}, toy::Sender{}, toy::Sink{}), weft::Error);
  auto w = toy::pair({'a'});
  EXPECT_THROW(w.input(5, {}), weft::Error);
  auto s = w.init_states().at(0);
  try {
    weft::after(w, s, toy::Pair::Action{weft::Deliver<toy::Letter>{0, 1, {'z'}}});
    FAIL() << "delivering a message that is not in flight must throw";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("not in flight"), std::string::npos) << e.what();
  }
  EXPECT_THROW(weft::after(w, s, toy::Pair::Action{weft::Crash{7}}), weft::Error);
  EXPECT_THROW(weft::after(w, s, toy::Pair::Action{weft::Crash{1}}), weft::Error);  // no crash budget
  toy::Pair::State scratch;
  weft::Step const heal = weft::step(w, s, toy::Pair::Action{weft::Heal{}}, scratch);
  EXPECT_FALSE(heal);
  EXPECT_STREQ(heal.why(), "the network is not partitioned");
  toy::Pair bad({0, 1}, toy::Sender{{'a'}, 9}, toy::Sink{});
  EXPECT_THROW(bad.init_states(), weft::Error);  // a send to a node that does not exist
}

}  // namespace

namespace {

// A process declares only what it uses: ping_pong's server has no timers and does nothing at start.
static_assert(!weft::HasTimer<ping_pong::Server> && std::is_same_v<weft::timer_t<ping_pong::Server>, weft::NoTimer>);
static_assert(weft::Process<ping_pong::Server>);

TEST(World, RolesAreNamedByType) {
  auto const w = ping_pong::make_world({10});
  static_assert(ping_pong::World::role<ping_pong::Client>() == 0 && ping_pong::World::role<ping_pong::Server>() == 1);
  EXPECT_TRUE(w.runs<ping_pong::Server>(1));
  EXPECT_FALSE(w.runs<ping_pong::Server>(0));
  EXPECT_EQ(w.nodes_of<ping_pong::Client>(), std::vector<weft::NodeId>{0});
  auto const s = w.init_states().at(0);
  EXPECT_TRUE(s.nodes[1].timers.empty()) << "a process without a Timer type never has one armed";
  EXPECT_EQ(ping_pong::World::state_of<ping_pong::Server>(s, 1).served, 0u);
}

}  // namespace
