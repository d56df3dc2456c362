// Action classes (action_class.hpp): variants split by alternative and flatten nested variants, enums by
// value, reflected structs by their first classed field, anything else is one class; a world's events are
// classed by kind and message type, and every event a run takes lands in the class its printed form names.
#include <ping_pong/ping_pong.hpp>
#include <two_phase/two_phase.hpp>
#include <weft/action_class.hpp>
#include <weft/choosers.hpp>
#include <weft/drive.hpp>
#include <weft/rng.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <set>

namespace {

enum class Colour : std::uint8_t { red, green, blue };
struct Alpha {
  BOOST_HANA_DEFINE_STRUCT(Alpha, (int, n));
};
struct Beta {
  BOOST_HANA_DEFINE_STRUCT(Beta, (Colour, colour));
};
struct Gamma {
  BOOST_HANA_DEFINE_STRUCT(Gamma, (int, n), (std::variant<Alpha, Beta>, inner), (Colour, later));
};

template <class A>
struct Of {  // the smallest model whose actions are A
  using Action = A;
};

template <class A>
std::vector<std::string> names() {
  std::vector<std::string> out;
  weft::detail::class_names<A>("", out);
  EXPECT_EQ(out.size(), weft::detail::class_count<A>());
  return out;
}

TEST(ActionClass, EachKindOfTypeHasItsRule) {
  using V = std::variant<std::variant<Alpha, Beta>, Gamma, int>;
  EXPECT_EQ(names<V>(), (std::vector<std::string>{"Alpha", "Beta red", "Beta green", "Beta blue", "Gamma Alpha",
                                                  "Gamma Beta red", "Gamma Beta green", "Gamma Beta blue", "int"}));
  EXPECT_EQ(weft::detail::class_of(V{Alpha{1}}), 0u);
  EXPECT_EQ(weft::detail::class_of(V{std::variant<Alpha, Beta>{Beta{Colour::blue}}}), 3u);
  EXPECT_EQ(weft::detail::class_of(V{Gamma{0, Beta{Colour::green}, Colour::red}}), 6u) << "the first classed field decides";
  EXPECT_EQ(weft::detail::class_of(V{7}), 8u);
  EXPECT_EQ(names<int>(), (std::vector<std::string>{"action"}));
  EXPECT_EQ(names<Colour>(), (std::vector<std::string>{"red", "green", "blue"}));
}

TEST(ActionClass, TwoPhaseIsClassedByItsKind) {
  two_phase::Model const m{3, false, false};
  auto const classes = weft::action_classes(m);
  ASSERT_EQ(classes.size(), 7u);
  EXPECT_EQ(classes[0], "tm_commit");
  EXPECT_EQ(classes[3], "rm_prepare");
  EXPECT_EQ(weft::action_class(m, two_phase::Action{two_phase::Kind::rm_prepare, 2}), 3u);
}

std::string lower_first_word(std::string const& s) {
  std::string w = s.substr(0, s.find(' '));
  for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return w == "userinput" ? "input" : w;  // UserInput events print as "input"
}

TEST(ActionClass, EveryEventOfAWorldLandsInTheClassItsPrintedFormNames) {
  auto const world = ping_pong::make_world({1, 2}).faults({.drops = 1, .duplicates = 1});
  auto const classes = weft::action_classes(world);
  std::set<std::string> named;
  std::size_t unnamed = 0;
  for (auto const& c : classes) {
    if (c.empty()) ++unnamed;
    else named.insert(c);
  }
  EXPECT_EQ(named.size() + unnamed, classes.size()) << "no two classes share a name";
  EXPECT_EQ(unnamed, 2u) << "the server's missing timer and input types";
  std::size_t checked = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    weft::Rng rng = weft::Rng::from_seed(seed, 0);
    weft::UniformRandom<ping_pong::World> chooser(world, rng);
    auto run = weft::start_run<ping_pong::World>(world.init_states().at(0));
    weft::drive(world, run, chooser, [&](auto const& r) {
      if (r.events.size() > 30) return weft::Observe::stop;
      if (r.events.empty()) return weft::Observe::go_on;
      auto const& e = r.events.back();
      std::size_t const c = weft::action_class(world, e);
      EXPECT_LT(c, classes.size());
      std::string const text = weft::to_text(e);
      if (c >= classes.size()) return weft::Observe::stop;
      EXPECT_FALSE(classes[c].empty()) << text << " is in an unnamed class";
      EXPECT_EQ(lower_first_word(classes[c]), text.substr(0, text.find(' '))) << text << " in " << classes[c];
      if (auto space = classes[c].find(' '); space != std::string::npos) {
        EXPECT_NE(text.find(classes[c].substr(space + 1)), std::string::npos) << text << " in " << classes[c];
      }
      ++checked;
      return weft::Observe::go_on;
    });
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
