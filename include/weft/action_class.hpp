// Action classes: every action of a model falls in one of a fixed list of classes, so that a search can
// count, per class, how often it was enabled and taken and how many new states it found (coverage). A class
// never enabled in a whole search points at a vacuous configuration or at dead code.
//
// The classes come from the action's type, one rule per kind of type:
//   - a std::variant: its alternatives, each named after its type (`Deliver`, `Crash`); an alternative that
//     has classes of its own is split further (`Deliver RequestVote`, `Timeout ElectionTimeout`), and one
//     that is itself a variant adds no name of its own;
//   - an enum with named values: one class per value (`tm_commit`);
//   - a reflected struct: the classes of its first field that has any (two_phase::Action{kind, rm} is
//     classed by `kind`; Deliver{from, to, msg} by `msg`);
//   - anything else: one class (the stand-ins for a role without timers or inputs, weft::NoTimer and
//     std::monostate, are unnamed classes that reports leave out: no event ever carries them).
// A model may name its own classes instead:
//
//   std::vector<std::string> action_labels() const { return {"acquire", "release"}; }
//   std::size_t action_label(Action const& a) const { return a.op == Op::acquire ? 0 : 1; }
#pragma once

#include <weft/context.hpp>
#include <weft/enum.hpp>
#include <weft/error.hpp>
#include <weft/reflect.hpp>
#include <weft/serialize.hpp>
#include <weft/traits.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace weft {

/// A model that names its own action classes: `action_labels()` lists them, `action_label(a)` is the
/// index of `a`'s class in that list.
template <class M>
concept LabelsActions = requires(M const& m, typename M::Action const& a) {
  { m.action_labels() } -> std::same_as<std::vector<std::string>>;
  { m.action_label(a) } -> std::convertible_to<std::size_t>;
};

namespace detail {
// The stand-ins a world puts where a role has no timer or input type: an alternative no event carries.
template <class T>
constexpr bool placeholder = std::is_same_v<T, std::monostate> || std::is_same_v<T, NoTimer>;

template <class T>
constexpr bool named_enum() {
  if constexpr (std::is_enum_v<T>) return EnumInfo<T>::count > 0;
  else return false;
}

template <class T>
constexpr bool has_classes();

// The index of the first field of reflected T that has classes, or the number of fields.
template <class T>
constexpr std::size_t classed_field() {
  using Fields = field_types_t<T>;
  return []<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t found = sizeof...(I);
    ((found == sizeof...(I) && has_classes<std::tuple_element_t<I, Fields>>() ? (found = I, 0) : 0), ...);
    return found;
  }(std::make_index_sequence<std::tuple_size_v<Fields>>{});
}

// True when T splits into classes of its own (rather than being one class).
template <class T>
constexpr bool has_classes() {
  if constexpr (traits::Variant<T> || named_enum<T>()) return true;
  else if constexpr (Reflected<T>) return classed_field<T>() < std::tuple_size_v<field_types_t<T>>;
  else return false;
}

// How many classes T has (1 for a type without classes of its own).
template <class T>
constexpr std::size_t class_count() {
  if constexpr (traits::Variant<T>) {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (class_count<std::variant_alternative_t<I, T>>() + ... + 0);
    }(std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (named_enum<T>()) {
    return EnumInfo<T>::count;
  } else if constexpr (has_classes<T>()) {
    return class_count<std::tuple_element_t<classed_field<T>(), field_types_t<T>>>();
  } else {
    return 1;
  }
}

// Where each alternative's classes start among a variant's.
template <class V>
constexpr auto class_offsets() {
  std::array<std::size_t, std::variant_size_v<V> + 1> out{};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((out[I + 1] = out[I] + class_count<std::variant_alternative_t<I, V>>()), ...);
  }(std::make_index_sequence<std::variant_size_v<V>>{});
  return out;
}

// The position of an enum's value among its named values (0 for an unnamed value).
template <class E>
constexpr std::size_t enum_position(E value) {
  auto const& values = EnumInfo<E>::values;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] == value) return i;
  return 0;
}

template <class T>
std::size_t class_of(T const& value) {
  if constexpr (traits::Variant<T>) {
    static constexpr auto offsets = class_offsets<T>();
    return offsets[value.index()] + std::visit([](auto const& x) { return class_of(x); }, value);
  } else if constexpr (named_enum<T>()) {
    return enum_position(value);
  } else if constexpr (has_classes<T>()) {
    constexpr std::size_t field = classed_field<T>();
    std::size_t out = 0, i = 0;
    for_each_field(value, [&](char const*, auto const& f) {
      if constexpr (has_classes<std::remove_cvref_t<decltype(f)>>())
        if (i == field) out = class_of(f);
      ++i;
    });
    return out;
  } else {
    return 0;
  }
}

inline std::string joined(std::string const& prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  if (name.empty()) return prefix;
  return prefix + " " + std::string(name);
}

template <class T>
void class_names(std::string const& prefix, std::vector<std::string>& out) {
  if constexpr (traits::Variant<T>) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((traits::Variant<std::variant_alternative_t<I, T>>
            ? class_names<std::variant_alternative_t<I, T>>(prefix, out)
            : class_names<std::variant_alternative_t<I, T>>(joined(prefix, variant_label<T, I>()), out)),
       ...);
    }(std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (named_enum<T>()) {
    for (auto v : EnumInfo<T>::values) out.push_back(joined(prefix, enum_name(v)));
  } else if constexpr (has_classes<T>()) {
    class_names<std::tuple_element_t<classed_field<T>(), field_types_t<T>>>(prefix, out);
  } else if constexpr (placeholder<T>) {
    out.push_back("");  // keeps the indices; reports leave it out (coverage.hpp)
  } else {
    out.push_back(prefix.empty() ? "action" : prefix);
  }
}
}  // namespace detail

/// The names of M's action classes, in a fixed order (the model's own labels when it has them).
template <class M>
std::vector<std::string> action_classes(M const& m) {
  std::vector<std::string> out;
  if constexpr (LabelsActions<M>) out = m.action_labels();
  else detail::class_names<typename M::Action>("", out);
  if (out.empty()) throw Error("action_labels() names no class");
  return out;
}

/// The class of `a`: an index into action_classes(m).
template <class M>
std::size_t action_class(M const& m, typename M::Action const& a) {
  if constexpr (LabelsActions<M>) return static_cast<std::size_t>(m.action_label(a));
  else return detail::class_of(a);
}

}  // namespace weft
