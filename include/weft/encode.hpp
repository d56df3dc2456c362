// The canonical byte encoding of a value, which fingerprints hash and the checker's frontier stores.
// It is cereal's binary layout made canonical: little-endian, no names, sizes as 64-bit, a variant as its
// 32-bit index then its value, an optional as a "none" flag then its value, hash containers in sorted
// order. This encoder writes it straight from reflection (the per-state hot path, so no archive objects
// and no allocation once the buffer is warm); types it does not know go through CanonicalArchive, which
// writes the same bytes through their own cereal functions.
#pragma once

#include <weft/byte_order.hpp>
#include <weft/canonical_archive.hpp>
#include <weft/node_id.hpp>
#include <weft/shape.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace weft {

namespace traits {
/// Types whose canonical encoding is their object representation on a little-endian host, so that
/// arrays and vectors of them are copied as one block: numbers, bools, enums and node ids.
template <class T>
concept Scalar = has_shape<T, shape::Scalar>;
}  // namespace traits

namespace detail {

template <class T>
void encode_value(ByteBuffer& out, T const& value);

template <traits::Scalar T>
void encode_scalar(ByteBuffer& out, T value) {
  if constexpr (std::is_same_v<T, bool>) *out.extend(1) = value ? 1 : 0;
  else if constexpr (std::is_enum_v<T>) store_le(out.extend(sizeof(T)), static_cast<std::underlying_type_t<T>>(value));
  else if constexpr (std::is_same_v<T, NodeId>) store_le(out.extend(4), value.value);
  else store_le(out.extend(sizeof(T)), value);
}

inline void encode_size(ByteBuffer& out, std::size_t n) { store_le(out.extend(8), static_cast<std::uint64_t>(n)); }

// A contiguous run of scalars: one copy on a little-endian host.
template <traits::Scalar T>
void encode_scalars(ByteBuffer& out, T const* data, std::size_t n) {
  if constexpr (std::endian::native == std::endian::little && !std::is_same_v<T, bool>) {
    if (n) std::memcpy(out.extend(n * sizeof(T)), data, n * sizeof(T));
  } else {
    for (std::size_t i = 0; i < n; ++i) encode_scalar(out, data[i]);
  }
}

// The encoded size of every value of T when that size is fixed (numbers, enums, arrays and structs of
// them), else `variable`. A fixed-size value is written with one bounds check instead of one per field.
inline constexpr std::size_t variable = SIZE_MAX;

template <class T>
consteval std::size_t fixed_size();

template <class... Ts>
consteval std::size_t fixed_sum() {
  std::size_t const sizes[] = {0, fixed_size<Ts>()...};
  std::size_t total = 0;
  for (std::size_t n : sizes) {
    if (n == variable) return variable;
    total += n;
  }
  return total;
}

template <class... Ts>
consteval std::size_t fixed_sum_of(std::tuple<Ts...>*) {
  return fixed_sum<Ts...>();
}

template <class T>
consteval std::size_t fixed_size() {
  using S = shape_of<T>;
  if constexpr (std::is_same_v<T, bool>) return 1;
  else if constexpr (std::is_same_v<T, NodeId>) return 4;
  else if constexpr (std::is_same_v<S, shape::Scalar>) return sizeof(T);
  else if constexpr (std::is_same_v<S, shape::Unit>) return 0;
  else if constexpr (std::is_same_v<S, shape::Array>) {
    constexpr std::size_t one = fixed_size<typename T::value_type>();
    return one == variable ? variable : one * std::tuple_size_v<T>;
  } else if constexpr (std::is_same_v<S, shape::Record>) return fixed_sum_of(static_cast<parts_t<T>*>(nullptr));
  else return variable;
}

// Writes a fixed-size value at `at`, which has room for it; returns the end.
template <class T>
unsigned char* write_fixed(unsigned char* at, T const& value) {
  using S = shape_of<T>;
  if constexpr (std::is_same_v<T, bool>) {
    *at = value ? 1 : 0;
    return at + 1;
  } else if constexpr (std::is_enum_v<T>) {
    store_le(at, static_cast<std::underlying_type_t<T>>(value));
    return at + sizeof(T);
  } else if constexpr (std::is_same_v<T, NodeId>) {
    store_le(at, value.value);
    return at + 4;
  } else if constexpr (std::is_same_v<S, shape::Scalar>) {
    store_le(at, value);
    return at + sizeof(T);
  } else if constexpr (std::is_same_v<S, shape::Unit>) {
    return at;
  } else if constexpr (std::is_same_v<S, shape::Array>) {
    using E = typename T::value_type;
    if constexpr (traits::Scalar<E> && !std::is_same_v<E, bool> && std::endian::native == std::endian::little) {
      std::memcpy(at, value.data(), sizeof(E) * value.size());
      return at + sizeof(E) * value.size();
    } else {
      for (auto const& item : value) at = write_fixed(at, item);
      return at;
    }
  } else {
    for_each_field(value, [&](char const*, auto const& field) { at = write_fixed(at, field); });
    return at;
  }
}

template <class T>
void encode_elements(ByteBuffer& out, T const& range) {
  for (auto const& item : range) encode_value(out, item);
}

// The canonical encoding of each shape (shape.hpp), for values whose size varies. The handlers are inlined
// into encode_value: this is the checker's hot path, and a call more per level of nesting cost an actor
// world 6 % of its speed.
struct Encoder {
  ByteBuffer& out;

  template <class T>
  [[gnu::always_inline]] void operator()(shape::Scalar, T value) const { encode_scalar(out, value); }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Text, T const& value) const {
    encode_size(out, value.size());
    out.append(value.data(), value.size());
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Unit, T const&) const {}
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Record, T const& value) const {
    for_each_field(value, [&](char const*, auto const& field) { encode_value(out, field); });
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Maybe, T const& value) const {
    encode_scalar(out, !value.has_value());
    if (value) encode_value(out, *value);
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::OneOf, T const& value) const {
    encode_scalar(out, static_cast<std::int32_t>(value.index()));
    std::visit([&](auto const& alternative) { encode_value(out, alternative); }, value);
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Tuple, T const& value) const {
    std::apply([&](auto const&... xs) { (encode_value(out, xs), ...); }, value);
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Array, T const& value) const {
    using E = typename T::value_type;
    if constexpr (traits::Scalar<E>) encode_scalars(out, value.data(), value.size());
    else encode_elements(out, value);
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Sequence> || std::is_same_v<S, shape::Set> || std::is_same_v<S, shape::Map>)
  [[gnu::always_inline]] void operator()(S, T const& value) const {
    encode_size(out, value.size());
    using E = typename T::value_type;
    if constexpr (traits::is_instance_of<T, std::vector> && traits::Scalar<E> && !std::is_same_v<E, bool>)
      encode_scalars(out, value.data(), value.size());
    else
      encode_elements(out, value);
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::HashSet> || std::is_same_v<S, shape::HashMap>)
  [[gnu::always_inline]] void operator()(S, T const& value) const { save_canonical_unordered(out, value); }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Opaque, T const& value) const {
    CanonicalArchive ar(out);  // a user type with its own cereal functions
    ar(value);
  }
};

template <class T>
void encode_value(ByteBuffer& out, T const& value) {
  if constexpr (!traits::Scalar<T> && fixed_size<T>() != variable) write_fixed(out.extend(fixed_size<T>()), value);
  else Encoder{out}(shape_of<T>{}, value);
}

}  // namespace detail

/// Appends the canonical encoding of `value` to `out`.
template <class T>
void encode(ByteBuffer& out, T const& value) {
  detail::encode_value(out, value);
}

}  // namespace weft
