// Renaming node ids inside any value: reflected structs, the standard containers, optionals, variants.
// Symmetry reduction permutes interchangeable nodes; every NodeId in their states, messages and timers
// must follow, as Stateright's Rewrite does. Sets and maps keyed by ids are rebuilt, so they stay sorted.
// A type that hides ids elsewhere (a bit mask of nodes, say) supplies
// `void weft_rewrite(T&, weft::NodeMap const&)` beside it.
#pragma once

#include <weft/encode.hpp>
#include <weft/node_id.hpp>
#include <weft/traits.hpp>

#include <utility>
#include <vector>

namespace weft {

/// A renaming of node ids: node i becomes `to[i]`; ids beyond the table are left alone.
struct NodeMap {
  std::vector<NodeId> to;  ///< the new id of each node

  /// The new id of `n`.
  NodeId operator()(NodeId n) const { return n < to.size() ? to[n] : n; }
};

template <class T, class Map>
void rewrite_ids(T& value, Map const& map);

namespace detail {
template <class T>
concept HasRewriteHook = requires(T& v, NodeMap const& m) { weft_rewrite(v, m); };

template <class T>
consteval bool may_hold_ids();

template <class... Ts>
consteval bool any_may_hold_ids(std::tuple<Ts...>*) {
  return (may_hold_ids<std::remove_cv_t<Ts>>() || ...);
}
template <class... Ts>
consteval bool any_may_hold_ids(std::variant<Ts...>*) {
  return (may_hold_ids<Ts>() || ...);
}

// False when no NodeId can be inside a T, so rewriting skips it (numbers, strings, plain messages).
template <class T>
consteval bool may_hold_ids() {
  if constexpr (std::is_same_v<T, NodeId> || HasRewriteHook<T>) return true;
  else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || traits::StringLike<T> ||
                     std::is_same_v<T, std::monostate>)
    return false;
  else if constexpr (Reflected<T>) return any_may_hold_ids(static_cast<field_types_t<T>*>(nullptr));
  else if constexpr (traits::Optional<T>) return may_hold_ids<typename T::value_type>();
  else if constexpr (traits::Variant<T>) return any_may_hold_ids(static_cast<T*>(nullptr));
  else if constexpr (traits::is_instance_of<T, std::pair>)
    return may_hold_ids<std::remove_cv_t<typename T::first_type>>() || may_hold_ids<typename T::second_type>();
  else if constexpr (traits::is_instance_of<T, std::tuple>) return any_may_hold_ids(static_cast<T*>(nullptr));
  else if constexpr (traits::MapLike<T>)
    return may_hold_ids<typename T::key_type>() || may_hold_ids<typename T::mapped_type>();
  else if constexpr (traits::Range<T>) return may_hold_ids<std::remove_cv_t<typename T::value_type>>();
  else return false;  // an opaque user type: it needs a weft_rewrite hook to be renamed
}

// Sets and maps: their keys may change order, so they are rebuilt from renamed elements.
template <class T, class Map>
void rewrite_rebuilt(T& c, Map const& map) {
  T renamed;
  for (auto const& item : c) {
    if constexpr (traits::MapLike<T>) {
      std::pair<typename T::key_type, typename T::mapped_type> copy(item.first, item.second);
      rewrite_ids(copy, map);
      renamed.insert(std::move(copy));
    } else {
      typename T::value_type copy = item;
      rewrite_ids(copy, map);
      renamed.insert(std::move(copy));
    }
  }
  c = std::move(renamed);
}
}  // namespace detail

/// Renames every node id inside `value` through `map` (a NodeMap, or any `NodeId(NodeId)` callable).
template <class T, class Map>
void rewrite_ids(T& value, Map const& map) {
  if constexpr (!detail::may_hold_ids<T>()) {
    return;
  } else if constexpr (detail::HasRewriteHook<T>) {
    if constexpr (std::is_same_v<Map, NodeMap>) weft_rewrite(value, map);  // a hook speaks NodeMap only
  } else if constexpr (std::is_same_v<T, NodeId>) {
    value = map(value);
  } else if constexpr (Reflected<T>) {
    for_each_field(value, [&](char const*, auto& field) { rewrite_ids(field, map); });
  } else if constexpr (traits::Optional<T>) {
    if (value) rewrite_ids(*value, map);
  } else if constexpr (traits::Variant<T>) {
    std::visit([&](auto& alternative) { rewrite_ids(alternative, map); }, value);
  } else if constexpr (traits::TupleLike<T>) {
    std::apply([&](auto&... xs) { (rewrite_ids(xs, map), ...); }, value);
  } else if constexpr (traits::Ordered<T> || traits::Unordered<T>) {
    detail::rewrite_rebuilt(value, map);
  } else {
    for (auto& item : value) rewrite_ids(item, map);
  }
}

/// Calls `f(id)` for every node id inside `value` (the ids a renaming would change).
template <class T, class F>
void for_each_node_id(T const& value, F&& f) {
  if constexpr (detail::may_hold_ids<T>()) {
    T copy = value;  // the walk renames in place; this one renames nothing, and validation is not a hot path
    rewrite_ids(copy, [&](NodeId n) {
      f(n);
      return n;
    });
  }
}

}  // namespace weft
