// Sample user types covering what reflection must handle: nested structs, standard containers,
// variants, optionals, enums, hash containers, and a struct adapted from outside.
#pragma once

#include <weft/weft.hpp>

#include <rapidcheck.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace sample {

enum class Color : std::uint8_t { red, green, blue };
inline std::string to_string(Color c) { return c == Color::red ? "red" : c == Color::green ? "green" : "blue"; }

struct Point {
  BOOST_HANA_DEFINE_STRUCT(Point, (std::int32_t, x), (std::int32_t, y));
};

struct Everything {
  BOOST_HANA_DEFINE_STRUCT(Everything,
    (bool, flag),
    (Color, color),
    (std::string, name),
    (std::vector<Point>, points),
    (std::array<std::uint16_t, 3>, triple),
    (std::map<std::string, std::int64_t>, scores),
    (std::set<std::uint32_t>, ids),
    (std::optional<Point>, maybe),
    (std::variant<std::monostate, Point, std::string>, choice),
    (std::pair<std::uint8_t, double>, pair)
  );
};

struct Hashed {
  BOOST_HANA_DEFINE_STRUCT(Hashed,
    (std::unordered_set<std::uint32_t>, set),
    (std::unordered_map<std::string, std::uint32_t>, map)
  );
};

// A struct that does not know about weft: adapted from outside.
struct Legacy {
  std::uint32_t id;
  std::string label;
};

}  // namespace sample

BOOST_HANA_ADAPT_STRUCT(sample::Legacy, id, label);

namespace rc {
template <>
struct Arbitrary<sample::Color> {
  static Gen<sample::Color> arbitrary() { return gen::element(sample::Color::red, sample::Color::green, sample::Color::blue); }
};
template <>
struct Arbitrary<sample::Point> {
  static Gen<sample::Point> arbitrary() {
    return gen::build<sample::Point>(gen::set(&sample::Point::x), gen::set(&sample::Point::y));
  }
};
template <>
struct Arbitrary<sample::Everything> {
  static Gen<sample::Everything> arbitrary() {
    using E = sample::Everything;
    return gen::build<E>(gen::set(&E::flag), gen::set(&E::color), gen::set(&E::name), gen::set(&E::points),
                         gen::set(&E::triple), gen::set(&E::scores), gen::set(&E::ids),
                         gen::set(&E::maybe, gen::oneOf(gen::just(std::optional<sample::Point>{}), gen::cast<std::optional<sample::Point>>(gen::arbitrary<sample::Point>()))),
                         gen::set(&E::choice, gen::oneOf(gen::just(std::variant<std::monostate, sample::Point, std::string>{}),
                                                         gen::cast<std::variant<std::monostate, sample::Point, std::string>>(gen::arbitrary<sample::Point>()),
                                                         gen::cast<std::variant<std::monostate, sample::Point, std::string>>(gen::arbitrary<std::string>()))),
                         gen::set(&E::pair, gen::pair(gen::arbitrary<std::uint8_t>(), gen::map(gen::inRange(-1000, 1000), [](int v) { return v / 8.0; }))));
  }
};
}  // namespace rc
