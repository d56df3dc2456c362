// Must not compile: a process whose state holds a struct without reflection. The first error must be
// weft's own, naming the struct, before any library's (cereal's, Hana's) error wall.
#include <weft/checker/check.hpp>
#include <weft/weft.hpp>

struct Unreflected {  // no BOOST_HANA_DEFINE_STRUCT
  int x = 0;
};
struct State {
  BOOST_HANA_DEFINE_STRUCT(State, (Unreflected, inner), (int, n));
};
struct Msg {
  BOOST_HANA_DEFINE_STRUCT(Msg, (int, v));
};
struct Tick {
  BOOST_HANA_DEFINE_STRUCT(Tick);
};
struct Process {
  using State = ::State;
  using Msg = ::Msg;
  using Timer = Tick;
  void on_start(State&, weft::Context<Process>&) const {}
  void on_msg(State&, weft::NodeId, Msg const&, weft::Context<Process>&) const {}
  void on_timer(State&, Timer const&, weft::Context<Process>&) const {}
};

int main() {
  weft::World<Process> w({0}, Process{});
  return weft::checker::check(w).violated() ? 1 : 0;
}
