// The Model concept on a hand-written model (not a World), like a TLA+ spec: a two-digit counter.
#include "support/reach.hpp"

#include <weft/model.hpp>
#include <weft/reflect.hpp>
#include <weft/serialize.hpp>

#include <gtest/gtest.h>

namespace {

struct Digits {
  BOOST_HANA_DEFINE_STRUCT(Digits, (int, low), (int, high));
};

// Increment `low` or `high` up to `limit`; `high` may only move while low is even (a guard that declines).
struct Counter {
  using State = Digits;
  enum class Action { bump_low, bump_high };
  int limit = 3;
  std::vector<State> init_states() const { return {Digits{0, 0}}; }
  void actions(State const&, std::vector<Action>& out) const {
    out.push_back(Action::bump_low);
    out.push_back(Action::bump_high);
  }
  std::optional<State> next_state(State const& s, Action a) const {
    State n = s;
    if (a == Action::bump_low) {
      if (s.low == limit) return std::nullopt;
      ++n.low;
    } else {
      if (s.high == limit || s.low % 2 != 0) return std::nullopt;
      ++n.high;
    }
    return n;
  }
  std::vector<weft::Property<Counter>> properties() const {
    return {weft::always<Counter>("high never exceeds limit", [](Counter const& m, State const& s) { return s.high <= m.limit; })};
  }
};

static_assert(weft::check_model<Counter>());
static_assert(!weft::Model<int>);

TEST(Model, AHandWrittenModelIsExplored) {
  // Every (low, high) in [0,3]^2 is reachable: high moves first while low is 0. 16 states.
  EXPECT_EQ(weft::test::reach(Counter{}).states, 16u);
  Counter m;
  EXPECT_TRUE(m.properties().at(0).predicate(m, Digits{3, 3}));
  EXPECT_FALSE(m.properties().at(0).predicate(m, Digits{0, 4}));
  EXPECT_EQ(m.properties().at(0).expectation, weft::Expectation::always);
}

}  // namespace
