// Renaming node ids inside any value: reflected structs, the standard containers, optionals, variants.
// Symmetry reduction permutes interchangeable nodes; every NodeId in their states, messages and timers
// must follow, as Stateright's Rewrite does. Sets and maps keyed by ids are rebuilt, so they stay sorted.
// A type that hides ids elsewhere (a bit mask of nodes, say) supplies
// `void weft_rewrite(T&, weft::NodeMap const&)` beside it.
#pragma once

#include <weft/shape.hpp>

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

// False when no NodeId can be inside a T, so rewriting skips it (numbers, strings, plain messages). An
// opaque user type needs a weft_rewrite hook to be renamed.
template <class T>
consteval bool may_hold_ids() {
  if constexpr (std::is_same_v<T, NodeId> || HasRewriteHook<T>) return true;
  else return any_part<T>([]<class U>() { return may_hold_ids<U>(); });
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

namespace detail {
// The renaming of each shape (shape.hpp) that may hold ids.
template <class Map>
struct Renamer {
  Map const& map;

  template <class T>
  void operator()(shape::Scalar, T& value) const { value = map(value); }  // a NodeId: other scalars hold none
  template <class T>
  void operator()(shape::Record, T& value) const {
    for_each_field(value, [&](char const*, auto& field) { rewrite_ids(field, map); });
  }
  template <class T>
  void operator()(shape::Maybe, T& value) const {
    if (value) rewrite_ids(*value, map);
  }
  template <class T>
  void operator()(shape::OneOf, T& value) const {
    std::visit([&](auto& alternative) { rewrite_ids(alternative, map); }, value);
  }
  template <class T>
  void operator()(shape::Tuple, T& value) const {
    std::apply([&](auto&... xs) { (rewrite_ids(xs, map), ...); }, value);
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Set> || std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashSet> ||
             std::is_same_v<S, shape::HashMap>)
  void operator()(S, T& value) const { rewrite_rebuilt(value, map); }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Array> || std::is_same_v<S, shape::Sequence>)
  void operator()(S, T& value) const {
    for (auto& item : value) rewrite_ids(item, map);
  }
};
}  // namespace detail

/// Renames every node id inside `value` through `map` (a NodeMap, or any `NodeId(NodeId)` callable).
template <class T, class Map>
void rewrite_ids(T& value, Map const& map) {
  if constexpr (!detail::may_hold_ids<T>()) {
    return;
  } else if constexpr (detail::HasRewriteHook<T>) {
    if constexpr (std::is_same_v<Map, NodeMap>) weft_rewrite(value, map);  // a hook speaks NodeMap only
  } else {
    detail::Renamer<Map>{map}(shape_of<T>{}, value);
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
