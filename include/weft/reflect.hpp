// Reflection over user structs: one BOOST_HANA_DEFINE_STRUCT (or BOOST_HANA_ADAPT_STRUCT) line makes a
// type Reflected, and weft derives serialisation, equality, ordering, printing and fingerprints from it.
#pragma once

#include <boost/hana/accessors.hpp>
#include <boost/hana/adapt_struct.hpp>
#include <boost/hana/concept/struct.hpp>
#include <boost/hana/define_struct.hpp>
#include <boost/hana/first.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/second.hpp>
#include <boost/hana/string.hpp>
#include <boost/hana/transform.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace weft {

/// A struct whose fields Hana knows: declared with BOOST_HANA_DEFINE_STRUCT or BOOST_HANA_ADAPT_STRUCT.
template <class T>
concept Reflected = boost::hana::Struct<T>::value;

/// Calls `f(name, field)` for each field of a reflected value, in declaration order.
template <Reflected T, class F>
constexpr void for_each_field(T& value, F&& f) {
  boost::hana::for_each(boost::hana::accessors<std::remove_const_t<T>>(), [&](auto pair) {
    f(boost::hana::to<char const*>(boost::hana::first(pair)), boost::hana::second(pair)(value));
  });
}

/// Calls `f(field_a, field_b)` for each pair of corresponding fields of two values of one type.
template <Reflected T, class F>
constexpr void for_each_field_pair(T const& a, T const& b, F&& f) {
  boost::hana::for_each(boost::hana::accessors<T>(), [&](auto pair) {
    f(boost::hana::to<char const*>(boost::hana::first(pair)), boost::hana::second(pair)(a),
      boost::hana::second(pair)(b));
  });
}

namespace detail {
template <Reflected T>
auto field_types() {
  auto types = boost::hana::transform(boost::hana::accessors<T>(), [](auto pair) {
    return boost::hana::type_c<std::remove_cvref_t<decltype(boost::hana::second(pair)(std::declval<T const&>()))>>;
  });
  return boost::hana::unpack(types, [](auto... t) { return boost::hana::type_c<std::tuple<typename decltype(t)::type...>>; });
}
}  // namespace detail

/// The field types of a reflected struct, as a std::tuple (for compile-time questions about its layout).
template <Reflected T>
using field_types_t = typename decltype(detail::field_types<T>())::type;

namespace detail {
template <class T>
constexpr std::string_view raw_type_name() {
  return __PRETTY_FUNCTION__;
}
// Strips namespaces and keeps template arguments: `ns::Ping` -> `Ping`, `a::B<c::D>` -> `B<c::D>`.
constexpr std::string_view unqualified(std::string_view full) {
  std::size_t cut = 0;
  int depth = 0;
  for (std::size_t i = 0; i + 1 < full.size(); ++i) {
    if (full[i] == '<') ++depth;
    if (full[i] == '>') --depth;
    if (depth == 0 && full[i] == ':' && full[i + 1] == ':') cut = i + 2;
  }
  return full.substr(cut);
}
}  // namespace detail

/// The unqualified name of T as the compiler spells it (g++ and clang): used in printed values.
template <class T>
constexpr std::string_view type_name() {
  constexpr std::string_view raw = detail::raw_type_name<T>();
  constexpr std::size_t start = raw.find("T = ") + 4;
  constexpr std::size_t end = raw.find_first_of(";]", start);
  return detail::unqualified(raw.substr(start, end - start));
}

}  // namespace weft
