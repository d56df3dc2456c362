// The primitive type tests (is this an optional? a hash container?) that shape.hpp classifies data by.
#pragma once

#include <weft/reflect.hpp>

#include <concepts>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

namespace weft::traits {

template <class T, template <class...> class Template>
inline constexpr bool is_instance_of = false;
template <template <class...> class Template, class... Args>
inline constexpr bool is_instance_of<Template<Args...>, Template> = true;

/// std::string or std::string_view.
template <class T>
concept StringLike = std::same_as<T, std::string> || std::same_as<T, std::string_view>;

/// std::optional<U>.
template <class T>
concept Optional = is_instance_of<T, std::optional>;

/// std::variant<Us...>.
template <class T>
concept Variant = is_instance_of<T, std::variant>;

/// std::pair or std::tuple.
template <class T>
concept TupleLike = is_instance_of<T, std::pair> || is_instance_of<T, std::tuple>;

/// A hash container, whose iteration order is not canonical.
template <class T>
concept Unordered = is_instance_of<T, std::unordered_map> || is_instance_of<T, std::unordered_set> ||
                    is_instance_of<T, std::unordered_multimap> || is_instance_of<T, std::unordered_multiset>;

/// Anything iterable that is not a string (vectors, arrays, deques, maps, sets).
template <class T>
concept Range = !StringLike<T> && requires(T const& t) {
  std::begin(t);
  std::end(t);
};

/// A range whose elements are key/value pairs.
template <class T>
concept MapLike = Range<T> && requires { typename T::mapped_type; };

}  // namespace weft::traits
