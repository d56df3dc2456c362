// What weft can serialise, compare, print and fingerprint: numbers, enums, strings, node ids, reflected
// structs and the standard containers, optionals, variants and tuples of these, and any type that brings
// its own cereal functions. check_data<T>() walks a type down to its first part that is none of these and
// stops the build there with weft's own message, before any library's error wall:
//
//   struct Inner { int x; };                                  // no BOOST_HANA_DEFINE_STRUCT
//   struct State { BOOST_HANA_DEFINE_STRUCT(State, (Inner, inner)); };
//   weft::World<P> w(...);   // error: static assertion failed: weft: this type is not reflected ...
//                            //   note: in instantiation of 'weft::check_data() [with T = Inner]'
#pragma once

#include <weft/node_id.hpp>
#include <weft/reflect.hpp>
#include <weft/traits.hpp>

#include <array>
#include <deque>
#include <list>
#include <map>
#include <set>

#include <weft/serialize.hpp>

namespace weft {

namespace detail {
// A type with cereal functions of its own (asked of the archive that weft's binary files use).
template <class T>
concept OwnCereal = cereal::traits::is_output_serializable<T, cereal::PortableBinaryOutputArchive>::value;

template <class T>
inline constexpr bool is_sequence_of_data = traits::is_instance_of<T, std::vector> || traits::is_instance_of<T, std::deque> ||
                                            traits::is_instance_of<T, std::list> || traits::is_instance_of<T, std::set> ||
                                            traits::is_instance_of<T, std::multiset> || traits::Unordered<T> ||
                                            traits::is_instance_of<T, std::map> || traits::is_instance_of<T, std::multimap>;

template <class T>
inline constexpr bool is_std_array_of_data = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array_of_data<std::array<T, N>> = true;

template <class T>
struct always_false : std::false_type {};
}  // namespace detail

template <class T>
consteval bool check_data();

namespace detail {
template <class... Ts>
consteval bool check_all(std::tuple<Ts...>*) {
  return (check_data<std::remove_cv_t<Ts>>() && ...);
}
template <class... Ts>
consteval bool check_alternatives(std::variant<Ts...>*) {
  return (check_data<Ts>() && ...);
}
}  // namespace detail

/// True when T is data weft can handle; otherwise the build stops at T's first part that is not, with
/// a message saying what to add (the note `with T = ...` names that part).
template <class T>
consteval bool check_data() {
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || traits::StringLike<T> || std::is_same_v<T, NodeId> ||
                std::is_same_v<T, std::monostate>) {
    return true;
  } else if constexpr (Reflected<T>) {
    return detail::check_all(static_cast<field_types_t<T>*>(nullptr));
  } else if constexpr (traits::Optional<T>) {
    return check_data<typename T::value_type>();
  } else if constexpr (traits::Variant<T>) {
    return detail::check_alternatives(static_cast<T*>(nullptr));
  } else if constexpr (traits::is_instance_of<T, std::pair>) {
    return check_data<std::remove_cv_t<typename T::first_type>>() && check_data<typename T::second_type>();
  } else if constexpr (traits::is_instance_of<T, std::tuple>) {
    return detail::check_all(static_cast<T*>(nullptr));
  } else if constexpr (detail::is_std_array_of_data<T> || detail::is_sequence_of_data<T>) {
    return check_data<std::remove_cv_t<typename T::value_type>>();
  } else if constexpr (detail::OwnCereal<T>) {
    return true;  // a type that brings its own cereal functions (and weft_compare, weft_print if it prints)
  } else {
    static_assert(detail::always_false<T>::value,
                  "weft: this type (the `T = ...` of the instantiation above) is not reflected, so weft cannot serialise, compare, "
                  "print or fingerprint it. Add BOOST_HANA_DEFINE_STRUCT(Type, (T1, f1), ...) inside it, or "
                  "BOOST_HANA_ADAPT_STRUCT(ns::Type, f1, ...) beside it.");
    return false;
  }
}

}  // namespace weft
