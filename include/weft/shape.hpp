// The one classification of the data weft handles. Every structural algorithm (the canonical encoder
// and decoder, printing, comparison, field diffs, id renaming, JSON checks, the build-time data check)
// asks `shape_of<T>` what T is and handles each shape; none of them re-derives it from type traits, so a
// new kind of container is taught to weft here, once.
//
//   struct Ping { BOOST_HANA_DEFINE_STRUCT(Ping, (int, seq), (std::vector<weft::NodeId>, seen)); };
//   static_assert(std::is_same_v<weft::shape_of<Ping>, weft::shape::Record>);
//   static_assert(std::is_same_v<weft::parts_t<Ping>, std::tuple<int, std::vector<weft::NodeId>>>);
//   // An algorithm is a visitor: one overload per shape, dispatched by tag.
//   struct Count {
//     int operator()(weft::shape::Scalar, auto const&) const { return 1; }
//     int operator()(auto, auto const&) const { return 0; }     // every other shape
//   };
//   int n = Count{}(weft::shape_of<int>{}, 7);
//
// A type with hooks of its own (weft_print, weft_compare, weft_rewrite) is still classified here; each
// algorithm consults its hook before the shape.
#pragma once

#include <weft/node_id.hpp>
#include <weft/reflect.hpp>
#include <weft/traits.hpp>

#include <array>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace weft {

/// The shapes of data: tags that algorithms dispatch on.
namespace shape {
struct Scalar {};    ///< a number, bool, enum or NodeId: fixed width, ordered by value
struct Text {};      ///< std::string (std::string_view too, for printing and comparing)
struct Unit {};      ///< std::monostate: no data
struct Record {};    ///< a reflected struct: its fields, in declaration order
struct Maybe {};     ///< std::optional
struct OneOf {};     ///< std::variant: an alternative, by index
struct Tuple {};     ///< std::pair or std::tuple
struct Array {};     ///< std::array: a fixed count of elements
struct Sequence {};  ///< std::vector, std::deque or std::list: a count, then the elements in order
struct Set {};       ///< std::set or std::multiset
struct Map {};       ///< std::map or std::multimap
struct HashSet {};   ///< std::unordered_set or std::unordered_multiset: canonical only once sorted
struct HashMap {};   ///< std::unordered_map or std::unordered_multimap: canonical only once sorted
struct Opaque {};    ///< anything else: a user type that brings its own functions (cereal's, weft_compare...)
}  // namespace shape

namespace detail {
template <class T>
inline constexpr bool is_std_array = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array<std::array<T, N>> = true;

template <class T>
auto classify() {
  using traits::is_instance_of;
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, NodeId>) return shape::Scalar{};
  else if constexpr (traits::StringLike<T>) return shape::Text{};
  else if constexpr (std::is_same_v<T, std::monostate>) return shape::Unit{};
  else if constexpr (Reflected<T>) return shape::Record{};
  else if constexpr (traits::Optional<T>) return shape::Maybe{};
  else if constexpr (traits::Variant<T>) return shape::OneOf{};
  else if constexpr (traits::TupleLike<T>) return shape::Tuple{};
  else if constexpr (is_std_array<T>) return shape::Array{};
  else if constexpr (is_instance_of<T, std::vector> || is_instance_of<T, std::deque> || is_instance_of<T, std::list>)
    return shape::Sequence{};
  else if constexpr (is_instance_of<T, std::set> || is_instance_of<T, std::multiset>) return shape::Set{};
  else if constexpr (is_instance_of<T, std::map> || is_instance_of<T, std::multimap>) return shape::Map{};
  else if constexpr (is_instance_of<T, std::unordered_set> || is_instance_of<T, std::unordered_multiset>)
    return shape::HashSet{};
  else if constexpr (is_instance_of<T, std::unordered_map> || is_instance_of<T, std::unordered_multimap>)
    return shape::HashMap{};
  else return shape::Opaque{};
}

template <class T, class Shape>
struct parts_of {
  using type = std::tuple<>;
};
template <class T>
struct parts_of<T, shape::Record> {
  using type = field_types_t<T>;
};
template <class T>
struct parts_of<T, shape::Maybe> {
  using type = std::tuple<typename T::value_type>;
};
template <class... Ts>
struct parts_of<std::variant<Ts...>, shape::OneOf> {
  using type = std::tuple<Ts...>;
};
template <class A, class B>
struct parts_of<std::pair<A, B>, shape::Tuple> {
  using type = std::tuple<std::remove_cv_t<A>, B>;
};
template <class... Ts>
struct parts_of<std::tuple<Ts...>, shape::Tuple> {
  using type = std::tuple<std::remove_cv_t<Ts>...>;
};
template <class T, class S>
  requires(std::is_same_v<S, shape::Array> || std::is_same_v<S, shape::Sequence> || std::is_same_v<S, shape::Set> ||
           std::is_same_v<S, shape::HashSet>)
struct parts_of<T, S> {
  using type = std::tuple<std::remove_cv_t<typename T::value_type>>;
};
template <class T, class S>
  requires(std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashMap>)
struct parts_of<T, S> {
  using type = std::tuple<typename T::key_type, typename T::mapped_type>;
};

template <class Tuple, class F>
struct fold_parts;
template <class... Ts, class F>
struct fold_parts<std::tuple<Ts...>, F> {
  static consteval bool all([[maybe_unused]] F f) { return (f.template operator()<Ts>() && ...); }
  static consteval bool any([[maybe_unused]] F f) { return (f.template operator()<Ts>() || ...); }
};
}  // namespace detail

/// The shape of T: one of the tags in weft::shape.
template <class T>
using shape_of = decltype(detail::classify<std::remove_cv_t<T>>());

/// True when T has shape S.
template <class T, class S>
inline constexpr bool has_shape = std::is_same_v<shape_of<T>, S>;

/// The types directly inside T: a record's fields, a variant's alternatives, a tuple's members, a
/// container's element (a map's key and value); empty for scalars, text, unit and opaque types.
template <class T>
using parts_t = typename detail::parts_of<std::remove_cv_t<T>, shape_of<T>>::type;

/// True when `f.template operator()<U>()` holds for every part U of T (for compile-time walks:
/// `all_parts<T>([]<class U>() { return check<U>(); })`).
template <class T, class F>
consteval bool all_parts(F f) {
  return detail::fold_parts<parts_t<T>, F>::all(f);
}

/// True when `f.template operator()<U>()` holds for some part U of T.
template <class T, class F>
consteval bool any_part(F f) {
  return detail::fold_parts<parts_t<T>, F>::any(f);
}

/// Calls `f(std::integral_constant<std::size_t, I>{})` for the alternative index I equal to `index`:
/// the one dispatch of a variant by index that the visitors share (a variant may hold a type twice).
template <std::size_t N, class F>
constexpr void with_index(std::size_t index, F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (void)((index == I ? (f(std::integral_constant<std::size_t, I>{}), true) : false) || ...);
  }(std::make_index_sequence<N>{});
}

/// Calls `f(part)` on each part of `value` that can change in place: a record's fields, an optional's
/// value, a variant's alternative, a tuple's members, an array's or sequence's elements, a map's values.
/// Set elements and map keys are left out (changing them would break their container's order).
template <class T, class F>
void for_each_part(T& value, F&& f) {
  using S = shape_of<T>;
  if constexpr (std::is_same_v<S, shape::Record>) {
    for_each_field(value, [&](char const*, auto& field) { f(field); });
  } else if constexpr (std::is_same_v<S, shape::Maybe>) {
    if (value) f(*value);
  } else if constexpr (std::is_same_v<S, shape::OneOf>) {
    std::visit([&](auto& alternative) { f(alternative); }, value);
  } else if constexpr (std::is_same_v<S, shape::Tuple>) {
    std::apply([&](auto&... xs) { (f(xs), ...); }, value);
  } else if constexpr (std::is_same_v<S, shape::Array> || std::is_same_v<S, shape::Sequence>) {
    for (auto& item : value) f(item);
  } else if constexpr (std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashMap>) {
    for (auto& item : value) f(item.second);
  }
}

}  // namespace weft
