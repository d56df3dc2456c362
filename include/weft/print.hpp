// Readable printing of reflected structs and the standard types they contain: `Ping{seq: 3, from: 1}`.
// For traces, test failures and the CLI; never on the checker's hot path.
#pragma once

#include <weft/enum.hpp>
#include <weft/shape.hpp>

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
    if constexpr (has_shape<T, shape::Map> || has_shape<T, shape::HashMap>) {
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

namespace detail {
// The printing of each shape (shape.hpp).
struct Printer {
  std::string& out;

  template <class T>
  void operator()(shape::Scalar, T const& value) const {
    if constexpr (std::is_same_v<T, bool>) {
      out += value ? "true" : "false";
    } else if constexpr (std::is_enum_v<T> && HasToString<T>) {
      out += to_string(value);
    } else if constexpr (std::is_enum_v<T>) {
      std::string_view const name = enum_name(value);  // a value without a name prints as its number
      if (name.empty()) print_number(out, static_cast<std::int64_t>(value));
      else out += name;
    } else if constexpr (std::is_same_v<T, char>) {
      out += '\'';
      out += value;
      out += '\'';
    } else if constexpr (std::is_integral_v<T>) {
      print_number(out, value);
    } else if constexpr (std::is_floating_point_v<T>) {
      print_number(out, static_cast<double>(value));
    } else {
      print_number(out, static_cast<std::uint32_t>(value));  // a NodeId (its hook prints it first)
    }
  }
  template <class T>
  void operator()(shape::Text, T const& value) const {
    out += '"';
    out += value;
    out += '"';
  }
  template <class T>
  void operator()(shape::Unit, T const&) const { out += "{}"; }
  template <class T>
  void operator()(shape::Record, T const& value) const {
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
  }
  template <class T>
  void operator()(shape::Maybe, T const& value) const {
    if (value) print_to(out, *value);
    else out += "none";
  }
  template <class T>
  void operator()(shape::OneOf, T const& value) const {
    std::visit([&](auto const& alternative) { print_to(out, alternative); }, value);
  }
  template <class T>
  void operator()(shape::Tuple, T const& value) const {
    out += '(';
    std::apply([&](auto const&... xs) {
      int i = 0;
      ((out += (i++ ? ", " : ""), print_to(out, xs)), ...);
    }, value);
    out += ')';
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashMap>)
  void operator()(S, T const& value) const { print_range(out, value, '{', '}'); }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Array> || std::is_same_v<S, shape::Sequence> || std::is_same_v<S, shape::Set> ||
             std::is_same_v<S, shape::HashSet>)
  void operator()(S, T const& value) const { print_range(out, value, '[', ']'); }
  template <class T>
  void operator()(shape::Opaque, T const&) const {
    static_assert(sizeof(T) == 0,
                  "weft::print: this type is not reflected. Add BOOST_HANA_DEFINE_STRUCT(Type, (T1, f1), ...) "
                  "inside it, or `void weft_print(std::string&, T const&)` beside it.");
  }
};
}  // namespace detail

/// Appends a readable form of `value` to `out`. A type can supply `void weft_print(std::string&, T const&)`
/// or, for enums, `std::string to_string(E)` beside it (found by argument-dependent lookup); an enum
/// without one prints as its enumerator's name (enum.hpp).
template <class T>
void print_to(std::string& out, T const& value) {
  if constexpr (detail::HasPrintHook<T>) weft_print(out, value);
  else detail::Printer{out}(shape_of<T>{}, value);
}

/// A readable form of `value`.
template <class T>
std::string to_text(T const& value) {
  std::string out;
  print_to(out, value);
  return out;
}

}  // namespace weft
