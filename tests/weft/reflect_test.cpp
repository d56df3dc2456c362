// Reflection: serialisation round trips, structural equality and ordering, printing.
#include "weft/sample_types.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <weft/testing/type_check.hpp>

namespace {

using sample::Everything;
using sample::Point;

static_assert(weft::Reflected<Point>);
static_assert(weft::Reflected<sample::Legacy>);
static_assert(!weft::Reflected<std::vector<int>>);

TEST(Reflect, TypeNameIsUnqualified) {
  EXPECT_EQ(weft::type_name<Point>(), "Point");
  EXPECT_EQ(weft::type_name<sample::Legacy>(), "Legacy");
}

TEST(Reflect, PrintsFieldsByName) {
  Everything e{};
  e.name = "n";
  e.points = {{1, 2}};
  e.color = sample::Color::blue;
  e.choice = Point{3, 4};
  EXPECT_EQ(weft::to_text(Point{1, -2}), "Point{x: 1, y: -2}");
  std::string const text = weft::to_text(e);
  EXPECT_NE(text.find("color: blue"), std::string::npos) << text;
  EXPECT_NE(text.find("points: [Point{x: 1, y: 2}]"), std::string::npos) << text;
  EXPECT_NE(text.find("choice: Point{x: 3, y: 4}"), std::string::npos) << text;
  EXPECT_NE(text.find("maybe: none"), std::string::npos) << text;
  EXPECT_EQ(weft::to_text(sample::Legacy{7, "x"}), "Legacy{id: 7, label: \"x\"}");
}

TEST(Reflect, CompareIsLexicographicByField) {
  EXPECT_LT(weft::compare(Point{1, 9}, Point{2, 0}), 0);
  EXPECT_GT(weft::compare(Point{1, 9}, Point{1, 8}), 0);
  EXPECT_TRUE(weft::equal(Point{1, 9}, Point{1, 9}));
  using V = std::variant<int, int>;  // one type twice: compared by index
  EXPECT_LT(weft::compare(V(std::in_place_index<0>, 5), V(std::in_place_index<1>, 1)), 0);
}

RC_GTEST_PROP(Reflect, BinaryRoundTrip, (Everything const& e)) {
  RC_ASSERT(weft::equal(weft::from_portable_binary<Everything>(weft::to_portable_binary(e)), e));
}

RC_GTEST_PROP(Reflect, JsonRoundTrip, (Everything const& e)) {
  RC_ASSERT(weft::equal(weft::from_json<Everything>(weft::to_json(e)), e));
}

TEST(Reflect, JsonNamesVariantAlternatives) {
  Everything e{};
  e.choice = Point{3, 4};
  std::string const json = weft::to_json(e);
  EXPECT_NE(json.find("\"Point\": {"), std::string::npos) << json;
  e.choice = std::string("x");
  EXPECT_NE(weft::to_json(e).find("\"string\": \"x\""), std::string::npos);
  using Twice = std::variant<int, int>;  // one name twice: by index
  EXPECT_NE(weft::to_json(Twice(std::in_place_index<1>, 5)).find("\"#1\": 5"), std::string::npos);
  EXPECT_EQ(std::get<1>(weft::from_json<Twice>(weft::to_json(Twice(std::in_place_index<1>, 5)))), 5);
  using V = std::variant<std::monostate, Point>;
  try {
    weft::from_json<V>("{\"value\": {\"Pint\": {\"x\": 1, \"y\": 2}}}");
    ADD_FAILURE() << "an unknown alternative was accepted";
  } catch (weft::Error const& err) {
    EXPECT_NE(std::string(err.what()).find("expected one of: none, Point"), std::string::npos) << err.what();
  }
}

RC_GTEST_PROP(Reflect, CompareAgreesWithEncoding, (Everything const& a, Everything const& b)) {
  RC_ASSERT(weft::equal(a, b) == (weft::canonical_bytes(a) == weft::canonical_bytes(b)));
  RC_ASSERT(weft::compare(a, b) == -weft::compare(b, a));
}

TEST(Reflect, TypeCheckHelperAcceptsGoodSamples) {
  std::vector<Everything> samples(3);
  samples[1].name = "a";
  samples[2].points = {{1, 1}};
  EXPECT_TRUE(weft::testing::check_type(samples));
  EXPECT_TRUE(weft::testing::check_type(std::vector<sample::Legacy>{{1, "a"}, {2, "a"}, {1, "b"}}));
}

// A type whose equality ignores a field that its encoding includes: the helper must notice.
struct Inconsistent {
  BOOST_HANA_DEFINE_STRUCT(Inconsistent, (int, key), (int, noise));
};
int weft_compare(Inconsistent const& a, Inconsistent const& b) { return weft::compare(a.key, b.key); }

TEST(Reflect, TypeCheckHelperRejectsInconsistentEquality) {
  auto result = weft::testing::check_type(std::vector<Inconsistent>{{1, 1}, {1, 2}});
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("equal values fingerprint differently"), std::string::npos);
}

TEST(Reflect, MalformedInputThrowsWeftError) {
  std::string bytes = weft::to_portable_binary(Everything{});
  EXPECT_THROW(weft::from_portable_binary<Everything>(bytes.substr(0, bytes.size() / 2)), weft::Error);
  EXPECT_THROW(weft::from_json<Everything>("{\"value\": {\"flag\": 3"), weft::Error);
  EXPECT_THROW(weft::from_json<Everything>("not json"), weft::Error);
}

}  // namespace
