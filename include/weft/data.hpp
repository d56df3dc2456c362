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

#include <weft/canonical_archive.hpp>
#include <weft/shape.hpp>

namespace weft {

namespace detail {
// A type with cereal functions of its own that the canonical encoding can use.
template <class T>
concept OwnCereal = cereal::traits::is_output_serializable<T, CanonicalArchive>::value;

template <class T>
struct always_false : std::false_type {};
}  // namespace detail

/// True when T is data weft can handle; otherwise the build stops at T's first part that is not, with
/// a message saying what to add (the note `with T = ...` names that part).
template <class T>
consteval bool check_data() {
  if constexpr (!has_shape<T, shape::Opaque>) {
    return all_parts<T>([]<class U>() { return check_data<U>(); });
  } else if constexpr (detail::OwnCereal<T>) {
    return true;  // a type that brings its own cereal functions (and weft_compare, weft_print if it prints)
  } else {
    static_assert(detail::always_false<T>::value,
                  "weft: this type (`T = ...` in g++'s notes above, `always_false<...>` in clang's line) is not reflected, so weft cannot serialise, compare, "
                  "print or fingerprint it. Add BOOST_HANA_DEFINE_STRUCT(Type, (T1, f1), ...) inside it, or "
                  "BOOST_HANA_ADAPT_STRUCT(ns::Type, f1, ...) beside it.");
    return false;
  }
}

}  // namespace weft
