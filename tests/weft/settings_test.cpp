// Settings from reflection: the keys, defaults, descriptions and accepted values of a reflected struct;
// parsing and validation of every kind of value; nested groups flattened; and the mistakes a protocol
// author can make (an undescribed field, two keys of one name) reported by name.
#include <weft/settings.hpp>
#include <weft/world_settings.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace settings_test {

enum class Mode : std::uint8_t { fast, careful, paranoid };

struct Pair {  // a type with its own --set text: `3x4`
  std::uint32_t a = 0, b = 0;
};
inline std::string weft_format(Pair const& p) { return std::to_string(p.a) + "x" + std::to_string(p.b); }
inline std::string weft_parse(std::string_view text, Pair& p) {
  auto const x = text.find('x');
  if (x == std::string_view::npos || x == 0 || x + 1 == text.size()) return "needs AxB";
  p = {static_cast<std::uint32_t>(std::stoul(std::string(text.substr(0, x)))),
       static_cast<std::uint32_t>(std::stoul(std::string(text.substr(x + 1))))};
  return "";
}

struct Settings {
  std::uint32_t nodes = 3;
  bool bug = false;
  Mode mode = Mode::careful;
  std::vector<std::uint32_t> voters{1, 2};
  std::string label = "x";
  double rate = 0.5;
  Pair shape{2, 3};
  weft::WorldSettings world{};
};

struct Undescribed {
  std::uint32_t a = 1;
  std::uint32_t b = 2;
};

struct Inner {
  std::uint32_t nodes = 1;
};
struct Clash {
  std::uint32_t nodes = 2;
  Inner inner{};
};

}  // namespace settings_test

BOOST_HANA_ADAPT_STRUCT(settings_test::Settings, nodes, bug, mode, voters, label, rate, shape, world);
BOOST_HANA_ADAPT_STRUCT(settings_test::Undescribed, a, b);
BOOST_HANA_ADAPT_STRUCT(settings_test::Inner, nodes);
BOOST_HANA_ADAPT_STRUCT(settings_test::Clash, nodes, inner);

namespace settings_test {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::nodes, "how many nodes", weft::Bounds{1, 16});
  d(&Settings::bug, "bug: a deliberate mistake");
  d(&Settings::mode, "how careful");
  d(&Settings::voters, "who votes", weft::Bounds{1, 9});
  d(&Settings::label, "a name");
  d(&Settings::rate, "a rate");
  d(&Settings::shape, "rows x columns");
}
inline void weft_describe(weft::Describe<Undescribed>& d) { d(&Undescribed::a, "documented"); }
inline void weft_describe(weft::Describe<Inner>& d) { d(&Inner::nodes, "inner nodes"); }
inline void weft_describe(weft::Describe<Clash>& d) { d(&Clash::nodes, "outer nodes"); }

std::string error_of(Settings& s, std::string const& assignment) {
  try {
    weft::set_setting(s, std::string_view(assignment));
  } catch (weft::Error const& e) {
    return e.what();
  }
  return "";
}

TEST(Settings, KeysComeFromTheStructInDeclarationOrderWithNestedGroupsFlattened) {
  auto const keys = weft::setting_keys<Settings>();
  std::vector<std::string> names;
  for (auto const& k : keys) names.push_back(k.name);
  EXPECT_EQ(names, (std::vector<std::string>{"nodes", "bug", "mode", "voters", "label", "rate", "shape", "delivery",
                                             "drops", "duplicates", "crashes", "restarts", "partitions", "seed",
                                             "free_inputs", "fair_timers", "fair_delivery", "fair_inputs"}));
  EXPECT_EQ(keys[0].fallback, "3");
  EXPECT_EQ(keys[0].description, "how many nodes");
  EXPECT_EQ(keys[0].values, "1 to 16");
  EXPECT_EQ(keys[1].values, "0 or 1");
  EXPECT_EQ(keys[2].fallback, "careful");
  EXPECT_EQ(keys[2].values, "fast, careful or paranoid");
  EXPECT_EQ(keys[3].fallback, "1,2");
  EXPECT_EQ(keys[6].fallback, "2x3");
  EXPECT_EQ(keys[7].fallback, "unordered");
}

TEST(Settings, ValuesParseAndFormatBack) {
  Settings s;
  for (auto a : {"nodes=5", "bug=1", "mode=paranoid", "voters=3,1,4", "label=hello world", "rate=0.25", "shape=4x5",
                 "delivery=fifo", "drops=2", "seed=18446744073709551615", "free_inputs=yes"})
    EXPECT_EQ(error_of(s, a), "") << a;
  EXPECT_EQ(s.nodes, 5u);
  EXPECT_TRUE(s.bug);
  EXPECT_EQ(s.mode, Mode::paranoid);
  EXPECT_EQ(s.voters, (std::vector<std::uint32_t>{3, 1, 4}));
  EXPECT_EQ(s.shape.b, 5u);
  EXPECT_EQ(s.world.delivery, weft::Delivery::fifo);
  EXPECT_EQ(s.world.faults.drops, 2u);
  EXPECT_TRUE(s.world.free_inputs);
  auto const values = weft::setting_values(s);
  EXPECT_EQ(values.at("voters"), "3,1,4");
  EXPECT_EQ(values.at("mode"), "paranoid");
  EXPECT_EQ(values.at("free_inputs"), "1");
  // The values written down are read back to the same settings (what traces and checkpoints rely on).
  EXPECT_EQ(weft::setting_values(weft::settings_from<Settings>(values)), values);
  EXPECT_EQ(error_of(s, "voters="), "");
  EXPECT_TRUE(s.voters.empty());
}

TEST(Settings, BadValuesAreOneLineNamingTheKey) {
  Settings s;
  EXPECT_EQ(error_of(s, "nodes=17"), "configuration key 'nodes' must be 1 to 16, got '17'");
  EXPECT_EQ(error_of(s, "nodes=x"), "configuration key 'nodes' needs a whole number from 1 to 16, got 'x'");
  EXPECT_EQ(error_of(s, "drops=-1"), "configuration key 'drops' needs a whole number from 0 to 4294967295, got '-1'");
  EXPECT_EQ(error_of(s, "bug=maybe"), "configuration key 'bug' needs 0 or 1, got 'maybe'");
  EXPECT_EQ(error_of(s, "mode=slow"), "configuration key 'mode' needs fast, careful or paranoid, got 'slow'");
  EXPECT_EQ(error_of(s, "voters=1,12"), "configuration key 'voters' item '12' must be 1 to 9, got '1,12'");
  EXPECT_EQ(error_of(s, "voters=1,"), "configuration key 'voters' ends with a comma, got '1,'");
  EXPECT_EQ(error_of(s, "shape=4"), "configuration key 'shape' needs AxB, got '4'");
  EXPECT_NE(error_of(s, "colour=red").find("unknown configuration key 'colour' (known: nodes, bug, mode"), std::string::npos);
  EXPECT_EQ(error_of(s, "nodes"), "--set expects key=value, got 'nodes'");
  EXPECT_EQ(s.nodes, 3u) << "a rejected value changes nothing";
}

TEST(Settings, AnUndescribedFieldOrAKeyNamedTwiceIsNamed) {
  try {
    weft::setting_keys<Undescribed>();
    FAIL() << "an undescribed field went unnoticed";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("the settings field 'b'"), std::string::npos) << e.what();
  }
  try {
    weft::setting_keys<Clash>();
    FAIL() << "two keys called nodes went unnoticed";
  } catch (weft::Error const& e) {
    EXPECT_EQ(std::string(e.what()), "two settings fields are called 'nodes'");
  }
}

TEST(Enums, NamedValuesAreFoundByReflection) {
  EXPECT_EQ(weft::enum_values<Mode>().size(), 3u);
  EXPECT_EQ(weft::enum_name(Mode::paranoid), "paranoid");
  EXPECT_EQ(weft::enum_name(static_cast<Mode>(100)), "");
  EXPECT_FALSE(weft::is_enumerator(static_cast<Mode>(3)));
  EXPECT_EQ(weft::enum_name(weft::Delivery::duplicating), "duplicating");
}

}  // namespace settings_test
