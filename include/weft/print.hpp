// Readable printing of reflected structs and the standard types they contain: `Ping{seq: 3, from: 1}`.
// For traces, test failures and the CLI; never on the checker's hot path.
#pragma once

#include <weft/enum.hpp>
#include <weft/traits.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace weft {

template <class T>
void print_to(std::string& out, T const& value);

namespace detail {
template <class T>
concept HasPrintHook = requires(std::string& out, T const& v) { weft_print(out, v); };
template <class T>
concept HasToString = requires(T const& v) {
  { to_string(v) } -> std::convertible_to<std::string>;
};

template <class T>
void print_number(std::string& out, T value) {
  char text[64];
  auto result = std::to_chars(text, text + sizeof text, value);
  out.append(text, result.ptr);
}

template <class T>
void print_range(std::string& out, T const& range, char open, char close) {
  out += open;
  bool first = true;
  for (auto const& item : range) {
    if (!first) out += ", ";
    first = false;
    if constexpr (traits::MapLike<T>) {
      print_to(out, item.first);
      out += ": ";
      print_to(out, item.second);
    } else {
      print_to(out, item);
    }
  }
  out += close;
}
}  // namespace detail

/// Appends a readable form of `value` to `out`. A type can supply `void weft_print(std::string&, T const&)`
/// or, for enums, `std::string to_string(E)` beside it (found by argument-dependent lookup); an enum
/// without one prints as its enumerator's name (enum.hpp).
template <class T>
void print_to(std::string& out, T const& value) {
  if constexpr (detail::HasPrintHook<T>) {
    weft_print(out, value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out += value ? "true" : "false";
  } else if constexpr (std::is_enum_v<T> && detail::HasToString<T>) {
    out += to_string(value);
  } else if constexpr (std::is_enum_v<T>) {
    std::string_view const name = enum_name(value);  // a value without a name prints as its number
    if (name.empty()) detail::print_number(out, static_cast<std::int64_t>(value));
    else out += name;
  } else if constexpr (std::is_same_v<T, char>) {
    out += '\'';
    out += value;
    out += '\'';
  } else if constexpr (std::is_integral_v<T>) {
    detail::print_number(out, value);
  } else if constexpr (std::is_floating_point_v<T>) {
    detail::print_number(out, static_cast<double>(value));
  } else if constexpr (traits::StringLike<T>) {
    out += '"';
    out += value;
    out += '"';
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    out += "{}";
  } else if constexpr (Reflected<T>) {
    out += type_name<T>();
    out += '{';
    bool first = true;
    for_each_field(value, [&](char const* name, auto const& field) {
      if (!first) out += ", ";
      first = false;
      out += name;
      out += ": ";
      print_to(out, field);
    });
    out += '}';
  } else if constexpr (traits::Optional<T>) {
    if (value) print_to(out, *value);
    else out += "none";
  } else if constexpr (traits::Variant<T>) {
    std::visit([&](auto const& alternative) { print_to(out, alternative); }, value);
  } else if constexpr (traits::TupleLike<T>) {
    out += '(';
    std::apply([&](auto const&... xs) {
      int i = 0;
      ((out += (i++ ? ", " : ""), print_to(out, xs)), ...);
    }, value);
    out += ')';
  } else if constexpr (traits::MapLike<T>) {
    detail::print_range(out, value, '{', '}');
  } else if constexpr (traits::Range<T>) {
    detail::print_range(out, value, '[', ']');
  } else {
    static_assert(sizeof(T) == 0,
                  "weft::print: this type is not reflected. Add BOOST_HANA_DEFINE_STRUCT(Type, (T1, f1), ...) "
                  "inside it, or `void weft_print(std::string&, T const&)` beside it.");
  }
}

/// A readable form of `value`.
template <class T>
std::string to_text(T const& value) {
  std::string out;
  print_to(out, value);
  return out;
}

}  // namespace weft
