// Structural equality and ordering for reflected structs and the standard types they contain,
// so that users need not write operator== or operator< for their states and messages.
#pragma once

#include <weft/shape.hpp>

#include <algorithm>
#include <compare>
#include <vector>

namespace weft {

template <class T>
int compare(T const& a, T const& b);

namespace detail {
template <class T>
concept HasCompareHook = requires(T const& a) {
  { weft_compare(a, a) } -> std::convertible_to<int>;
};

template <class T>
int compare_ordered(T const& a, T const& b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

// Element by element, then the shorter first.
template <class T>
int compare_range(T const& a, T const& b) {
  auto ia = std::begin(a), ib = std::begin(b);
  for (; ia != std::end(a) && ib != std::end(b); ++ia, ++ib)
    if (int c = compare(*ia, *ib)) return c;
  if (ia != std::end(a)) return 1;
  return ib != std::end(b) ? -1 : 0;
}

// Hash containers are compared as their sorted element lists.
template <class T>
int compare_unordered(T const& a, T const& b) {
  using Element = typename T::value_type;
  auto sorted = [](T const& c) {
    std::vector<Element const*> items;
    for (auto const& e : c) items.push_back(&e);
    std::sort(items.begin(), items.end(), [](auto* x, auto* y) { return compare(*x, *y) < 0; });
    return items;
  };
  auto sa = sorted(a), sb = sorted(b);
  for (std::size_t i = 0; i < sa.size() && i < sb.size(); ++i)
    if (int c = compare(*sa[i], *sb[i])) return c;
  return sa.size() < sb.size() ? -1 : sa.size() > sb.size() ? 1 : 0;
}

// By index, so that a variant may hold one type twice.
template <class V, std::size_t... I>
int compare_variant(V const& a, V const& b, std::index_sequence<I...>) {
  int result = 0;
  (void)((a.index() == I ? (result = compare(*std::get_if<I>(&a), *std::get_if<I>(&b)), true) : false) || ...);
  return result;
}

template <class T>
int compare_tuple(T const& a, T const& b) {
  int result = 0;
  std::apply([&](auto const&... xs) {
    std::apply([&](auto const&... ys) { ((result == 0 ? (result = compare(xs, ys)) : 0), ...); }, b);
  }, a);
  return result;
}

template <class T>
int compare_opaque(T const& a, T const& b) {
  if constexpr (std::three_way_comparable<T>) {
    auto c = a <=> b;
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    static_assert(sizeof(T) == 0,
                  "weft::compare: this type is not reflected. Add BOOST_HANA_DEFINE_STRUCT(Type, (T1, f1), ...) "
                  "inside it, or define `auto operator<=>(T const&) const = default;`, or "
                  "`int weft_compare(T const&, T const&)` beside it.");
    return 0;
  }
}
}  // namespace detail

/// Three-way structural comparison: negative, zero or positive. A user type may supply its own
/// `int weft_compare(T const&, T const&)` found by argument-dependent lookup.
template <class T>
int compare(T const& a, T const& b) {
  // One branch per shape (shape.hpp), written inline rather than as a visitor object: the network's
  // canonical order compares messages at every send, and the extra call layer cost an actor world 6 %.
  using S = shape_of<T>;
  if constexpr (detail::HasCompareHook<T>) {
    return weft_compare(a, b);
  } else if constexpr (std::is_same_v<S, shape::Scalar> || std::is_same_v<S, shape::Text>) {
    return detail::compare_ordered(a, b);
  } else if constexpr (std::is_same_v<S, shape::Unit>) {
    return 0;
  } else if constexpr (std::is_same_v<S, shape::Record>) {
    int result = 0;
    for_each_field_pair(a, b, [&](char const*, auto const& x, auto const& y) {
      if (result == 0) result = compare(x, y);
    });
    return result;
  } else if constexpr (std::is_same_v<S, shape::Maybe>) {
    if (a.has_value() != b.has_value()) return a.has_value() ? 1 : -1;
    return a.has_value() ? compare(*a, *b) : 0;
  } else if constexpr (std::is_same_v<S, shape::OneOf>) {
    if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;
    return detail::compare_variant(a, b, std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (std::is_same_v<S, shape::Tuple>) {
    return detail::compare_tuple(a, b);
  } else if constexpr (std::is_same_v<S, shape::HashSet> || std::is_same_v<S, shape::HashMap>) {
    return detail::compare_unordered(a, b);
  } else if constexpr (std::is_same_v<S, shape::Opaque>) {
    return detail::compare_opaque(a, b);
  } else {
    return detail::compare_range(a, b);  // arrays, sequences, sets and maps: element by element
  }
}

/// Structural equality.
template <class T>
bool equal(T const& a, T const& b) {
  return compare(a, b) == 0;
}

/// Structural strict ordering, usable as a comparator: `std::sort(v.begin(), v.end(), weft::Less{})`.
struct Less {
  template <class T>
  bool operator()(T const& a, T const& b) const {
    return compare(a, b) < 0;
  }
};

}  // namespace weft
