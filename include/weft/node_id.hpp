// NodeId: a node's index in its world, as a type of its own. It converts to and from std::uint32_t so
// that it reads like a number in protocol code, but reflection can tell it apart from other integers:
// symmetry reduction finds every node id inside states, messages and timers and renames it.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <string>

namespace weft {

/// A node's index in its world: 0 .. nodes-1. Serialises as a plain number; prints as `n3`.
struct NodeId {
  std::uint32_t value = 0;  ///< the index

  constexpr NodeId() = default;
  /// From a plain index (implicit, so `ctx.send(1, msg)` reads naturally).
  constexpr NodeId(std::uint32_t v) : value(v) {}  // NOLINT(google-explicit-constructor)
  /// To a plain index (implicit, so ids index vectors and compare with numbers).
  constexpr operator std::uint32_t() const { return value; }  // NOLINT(google-explicit-constructor)

  /// The next id, for loops over nodes.
  constexpr NodeId& operator++() {
    ++value;
    return *this;
  }

  /// cereal: a node id is written as its number (JSON shows `"to": 1`).
  template <class Archive>
  std::uint32_t save_minimal(Archive const&) const {
    return value;
  }
  /// cereal: reads the number back.
  template <class Archive>
  void load_minimal(Archive const&, std::uint32_t const& v) {
    value = v;
  }
};

// The hooks are templates constrained to NodeId itself: plain functions would also catch every integer
// through the implicit conversion.

/// Structural comparison hook (see weft::compare).
template <std::same_as<NodeId> T>
constexpr int weft_compare(T a, T b) {
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/// Printing hook: `n3`.
template <std::same_as<NodeId> T>
void weft_print(std::string& out, T n) {
  out += "n" + std::to_string(n.value);
}

}  // namespace weft

/// Node ids as keys of hash containers.
template <>
struct std::hash<weft::NodeId> {
  std::size_t operator()(weft::NodeId n) const noexcept { return std::hash<std::uint32_t>{}(n.value); }
};
