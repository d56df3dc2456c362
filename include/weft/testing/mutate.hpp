// Type-valid, semantically hostile edits of any value weft can handle: the edits a corrupt or malicious
// file can make while still decoding. Each call changes one place, chosen at random among every field,
// element, optional, variant and container of the value: a number to an extreme (0, 255, 65536, its
// maximum), an enum to a value without a name, a node id past any world, a container emptied, shortened
// or grown, an optional emptied or filled, a variant switched to another alternative. `weft fuzz` and the
// loaders' fuzz tests hold weft's validation to such values.
//
//   weft::Rng rng = weft::Rng::from_seed(7);
//   auto state = trace.initial;
//   weft::testing::mutate(state, rng);       // then re-fingerprint it: the file stays consistent
#pragma once

#include <weft/node_id.hpp>
#include <weft/reflect.hpp>
#include <weft/rng.hpp>
#include <weft/shape.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <variant>

namespace weft::testing {

namespace detail {

// How many places of `v` an edit may choose (the value itself counts as one).
template <class T>
std::size_t places(T const& v) {
  std::size_t n = 1;  // the value itself; a set's elements cannot change in place
  for_each_part(v, [&](auto const& part) { n += places(part); });
  return n;
}

template <class T>
T extreme(Rng& rng) {
  using L = std::numeric_limits<T>;
  std::array<std::uint64_t, 8> const picks{0, 1, 100, 255, 65535, 65536, static_cast<std::uint64_t>(L::max()),
                                           static_cast<std::uint64_t>(L::max()) - 1};
  return rng.chance(0.25) ? static_cast<T>(rng.next_u64()) : static_cast<T>(picks[rng.below(picks.size())]);
}

// Edits the `k`-th place of `v` (counting as places does); `k` is spent as places are passed.
template <class T>
void edit(T& v, std::size_t& k, Rng& rng);

template <class T>
void edit_itself(T& v, Rng& rng) {
  if constexpr (std::is_same_v<T, bool>) {
    v = !v;
  } else if constexpr (std::is_enum_v<T>) {
    v = static_cast<T>(static_cast<std::underlying_type_t<T>>(rng.below(256)));
  } else if constexpr (std::is_same_v<T, NodeId>) {
    std::array<std::uint32_t, 5> const picks{3, 7, 16, 65536, 0xFFFFFFFFu};
    v = NodeId(rng.chance(0.2) ? static_cast<std::uint32_t>(rng.next_u64()) : picks[rng.below(picks.size())]);
  } else if constexpr (std::is_integral_v<T>) {
    v = extreme<T>(rng);
  } else if constexpr (std::is_floating_point_v<T>) {
    std::array<T, 4> const picks{T(-1), T(1e300 > std::numeric_limits<T>::max() ? 1e30 : 1e300), std::numeric_limits<T>::infinity(), T(0)};
    v = picks[rng.below(picks.size())];
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (rng.chance(0.5)) v.clear();
    else {  // one draw per statement: argument order is the compiler's choice, a seed's mutation is not
      auto const c = static_cast<char>(rng.below(256));
      v += std::string(1 + rng.below(8), c);
    }
  } else if constexpr (has_shape<T, shape::Maybe>) {
    if (v) v.reset();
    else v.emplace();
  } else if constexpr (has_shape<T, shape::OneOf>) {
    std::size_t const other = rng.below(std::variant_size_v<T>);
    with_index<std::variant_size_v<T>>(other, [&](auto i) { v.template emplace<decltype(i)::value>(); });
  } else if constexpr (traits::is_instance_of<T, std::vector> || traits::is_instance_of<T, std::deque>) {
    std::size_t const how = rng.below(3);
    if (how == 0) v.clear();
    else if (how == 1 && !v.empty()) v.pop_back();
    else if (!v.empty()) v.push_back(v.back());
    else v.emplace_back();
  } else if constexpr (has_shape<T, shape::Set> || has_shape<T, shape::Map> || has_shape<T, shape::HashSet> ||
                       has_shape<T, shape::HashMap>) {
    if (!v.empty()) v.erase(v.begin());
  }
  // Anything else (a struct, a pair, an array as a whole): its parts are edited instead.
}

template <class T>
void edit(T& v, std::size_t& k, Rng& rng) {
  if (k == 0) return;
  if (--k == 0) return edit_itself(v, rng);
  for_each_part(v, [&](auto& part) {
    if (k) edit(part, k, rng);
  });
}

}  // namespace detail

/// Changes one place of `value`, chosen at random among all of them (see the banner).
template <class T>
void mutate(T& value, Rng& rng) {
  std::size_t k = 1 + rng.below(detail::places(value));
  detail::edit(value, k, rng);
}

}  // namespace weft::testing
