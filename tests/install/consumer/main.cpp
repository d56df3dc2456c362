// Uses weft from outside its tree: a one-node world that counts to 3 on a timer.
#include <weft/checker/check.hpp>
#include <weft/properties/linearizability.hpp>
#include <weft/shrinker/shrink.hpp>
#include <weft/weft.hpp>

#include <cstdio>

struct Count {
  BOOST_HANA_DEFINE_STRUCT(Count, (int, n));
};
struct Tick {
  BOOST_HANA_DEFINE_STRUCT(Tick);
};
struct Counter {
  using State = Count;
  using Msg = Count;
  using Timer = Tick;
  void on_start(State&, weft::Context<Counter>& ctx) const { ctx.set_timer(Tick{}, 1); }
  void on_msg(State&, weft::NodeId, Msg const&, weft::Context<Counter>&) const {}
  void on_timer(State& s, Tick const&, weft::Context<Counter>& ctx) const {
    if (++s.n < 3) ctx.set_timer(Tick{}, 1);
  }
};

int main() {
  weft::World<Counter> world({0}, Counter{});
  auto s = world.init_states().at(0);
  std::vector<weft::World<Counter>::Action> actions;
  for (world.actions(s, actions); !actions.empty(); actions.clear(), world.actions(s, actions)) s = weft::after(world, s, actions[0]);
  std::printf("%s\n", weft::to_text(weft::World<Counter>::state_of<Counter>(s, 0)).c_str());
  if (weft::checker::check(world).stats.distinct != 4) return 1;  // n = 0, 1, 2, 3
  return weft::World<Counter>::state_of<Counter>(s, 0).n == 3 ? 0 : 1;
}
