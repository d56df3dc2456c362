// Enum reflection without annotations: which values of an enum have names, and what they are called, read
// at compile time from the compiler's own spelling of a template argument (g++ and clang print
// `V = ns::Role::leader` for an enumerator and `V = (ns::Role)7` for any other value). Values from -128 to
// 255 are probed (within the underlying type): enough for the enums that states and settings hold.
//
//   enum class Role : std::uint8_t { follower, candidate, leader };
//   weft::enum_name(Role::leader)                     // "leader"
//   weft::enum_values<Role>()                         // {follower, candidate, leader}
//   weft::is_enumerator(static_cast<Role>(100))       // false: a corrupt byte, not a role
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

namespace weft {

namespace detail {
template <auto V>
constexpr std::string_view enum_probe() {
  return __PRETTY_FUNCTION__;
}

// The unqualified name of the enumerator V, or "" when V has no name.
template <auto V>
constexpr std::string_view enumerator_name() {
  constexpr std::string_view text = enum_probe<V>();
  constexpr std::size_t start = text.find("V = ") + 4;
  constexpr std::string_view spelled = text.substr(start, text.find_first_of(";]", start) - start);
  // A value without a name is spelled as a cast, `(ns::Role)7`, and a name may carry parentheses of its
  // own (clang's `(anonymous namespace)::Role::leader`): what follows the last ')' decides.
  constexpr std::size_t close = spelled.rfind(')');
  constexpr std::string_view tail = close == std::string_view::npos ? spelled : spelled.substr(close + 1);
  if constexpr (tail.empty() || tail[0] == '-' || (tail[0] >= '0' && tail[0] <= '9')) {
    return {};
  } else {
    constexpr std::size_t colons = tail.rfind("::");
    return colons == std::string_view::npos ? tail : tail.substr(colons + 2);
  }
}

template <class E>
constexpr int probe_low() {
  using U = std::underlying_type_t<E>;
  return std::is_signed_v<U> ? -128 : 0;
}
template <class E>
constexpr int probe_high() {
  using U = std::underlying_type_t<E>;
  return std::numeric_limits<U>::max() < 255 ? static_cast<int>(std::numeric_limits<U>::max()) : 255;
}

template <class E, int Low, int... I>
constexpr std::array<std::string_view, sizeof...(I)> probe_names(std::integer_sequence<int, I...>) {
  return {enumerator_name<static_cast<E>(Low + I)>()...};
}

template <class E>
struct EnumInfo {
  static constexpr int low = probe_low<E>();
  static constexpr auto names = probe_names<E, low>(std::make_integer_sequence<int, probe_high<E>() - low + 1>{});
  static constexpr std::size_t count = [] {
    std::size_t n = 0;
    for (auto name : names) n += name.empty() ? 0 : 1;
    return n;
  }();
  static constexpr std::array<E, count> values = [] {
    std::array<E, count> out{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (!names[i].empty()) out[k++] = static_cast<E>(low + static_cast<int>(i));
    return out;
  }();
};
}  // namespace detail

/// The named values of enum E, in increasing order (of those from -128 to 255).
template <class E>
  requires std::is_enum_v<E>
constexpr auto const& enum_values() {
  return detail::EnumInfo<E>::values;
}

/// The name of `value` as declared (`leader`), or "" when it has none.
template <class E>
  requires std::is_enum_v<E>
constexpr std::string_view enum_name(E value) {
  using Info = detail::EnumInfo<E>;
  auto const i = static_cast<long long>(value) - Info::low;
  return i >= 0 && static_cast<std::size_t>(i) < Info::names.size() ? Info::names[static_cast<std::size_t>(i)]
                                                                    : std::string_view{};
}

/// True when `value` is one of E's named values.
template <class E>
  requires std::is_enum_v<E>
constexpr bool is_enumerator(E value) {
  return !enum_name(value).empty();
}

}  // namespace weft
