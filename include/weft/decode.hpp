// Reads the canonical encoding back into a value (the checker's frontier and checkpoints store states this
// way). Decoding assigns into an existing value and reuses its storage, so a worker that decodes state
// after state into one object stops allocating; malformed bytes throw weft::Error, never crash.
#pragma once

#include <weft/encode.hpp>
#include <weft/enum.hpp>

#include <utility>

namespace weft {

namespace detail {

template <class T>
void decode_value(ByteReader& in, T& value);

template <traits::Scalar T>
void decode_scalar(ByteReader& in, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    unsigned char const b = *in.take(1);
    if (b > 1) in.fail("holds a bool that is neither 0 nor 1");
    value = b == 1;
  } else if constexpr (std::is_enum_v<T>) {
    value = static_cast<T>(load_le<std::underlying_type_t<T>>(in.take(sizeof(T))));
    if (!is_enumerator(value))  // a corrupt byte must not reach code that indexes by an enum
      in.fail("holds " + std::to_string(static_cast<long long>(static_cast<std::underlying_type_t<T>>(value))) +
              ", which is not a " + std::string(type_name<T>()));
  } else if constexpr (std::is_same_v<T, NodeId>) {
    value = NodeId(load_le<std::uint32_t>(in.take(4)));
  } else {
    value = load_le<T>(in.take(sizeof(T)));
  }
}

// The fewest bytes any value of T encodes to: a count of elements larger than the bytes left allow is
// corruption, refused before anything is allocated.
template <class T>
consteval std::size_t min_encoded_size();

template <class... Ts>
consteval std::size_t min_sum(std::tuple<Ts...>*) {
  return (std::size_t{0} + ... + min_encoded_size<std::remove_cv_t<Ts>>());
}

template <class T>
consteval std::size_t min_encoded_size() {
  using S = shape_of<T>;
  if constexpr (fixed_size<T>() != variable) return fixed_size<T>();
  else if constexpr (std::is_same_v<S, shape::Text> || std::is_same_v<S, shape::Sequence> || std::is_same_v<S, shape::Set> ||
                     std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashSet> || std::is_same_v<S, shape::HashMap>)
    return 8;
  else if constexpr (std::is_same_v<S, shape::Maybe>) return 1;
  else if constexpr (std::is_same_v<S, shape::OneOf>) return 4;
  else if constexpr (std::is_same_v<S, shape::Record> || std::is_same_v<S, shape::Tuple>)
    return min_sum(static_cast<parts_t<T>*>(nullptr));
  else if constexpr (std::is_same_v<S, shape::Array>)
    return min_encoded_size<typename T::value_type>() * std::tuple_size_v<T>;
  else return 0;
}

// A size prefix, checked against the bytes left: corrupt input must not become a huge allocation. Elements
// that encode to no bytes at all (empty structs) are capped at a million.
template <class Element>
std::size_t decode_size(ByteReader& in) {
  std::uint64_t const n = load_le<std::uint64_t>(in.take(8));
  constexpr std::size_t each = min_encoded_size<Element>();
  if (each == 0 ? n > (1u << 20) : n > in.remaining() / each) in.fail("declares more elements than it holds");
  return static_cast<std::size_t>(n);
}

// Reading each shape (shape.hpp) into an existing value, reusing its storage; inlined into decode_value
// like the encoder's handlers (the frontier decodes every state).
struct Decoder {
  ByteReader& in;

  template <class T>
  [[gnu::always_inline]] void operator()(shape::Scalar, T& value) const { decode_scalar(in, value); }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Text, T& value) const {
    std::size_t const n = decode_size<char>(in);
    value.assign(reinterpret_cast<char const*>(in.take(n)), n);
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Unit, T&) const {}
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Record, T& value) const {
    for_each_field(value, [&](char const*, auto& field) { decode_value(in, field); });
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Maybe, T& value) const {
    bool none = false;
    decode_scalar(in, none);
    if (none) {
      value.reset();
    } else {
      if (!value) value.emplace();
      decode_value(in, *value);
    }
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::OneOf, T& value) const {
    std::int32_t index = 0;
    decode_scalar(in, index);
    if (index < 0 || static_cast<std::size_t>(index) >= std::variant_size_v<T>) in.fail("holds an unknown variant index");
    with_index<std::variant_size_v<T>>(static_cast<std::size_t>(index), [&](auto i) {
      if (value.index() != i) value.template emplace<decltype(i)::value>();
      decode_value(in, *std::get_if<decltype(i)::value>(&value));
    });
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Tuple, T& value) const {
    std::apply([&](auto&... xs) { (decode_value(in, xs), ...); }, value);
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Array, T& value) const {
    for (auto& item : value) decode_value(in, item);
  }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Sequence, T& value) const {
    value.resize(decode_size<typename T::value_type>(in));
    if constexpr (std::is_same_v<T, std::vector<bool>>) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        bool b = false;
        decode_scalar(in, b);
        value[i] = b;
      }
    } else {
      for (auto& item : value) decode_value(in, item);
    }
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Set> || std::is_same_v<S, shape::HashSet>)
  [[gnu::always_inline]] void operator()(S, T& value) const { insert_each<typename T::value_type>(value); }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashMap>)
  [[gnu::always_inline]] void operator()(S, T& value) const { insert_each<std::pair<typename T::key_type, typename T::mapped_type>>(value); }
  template <class T>
  [[gnu::always_inline]] void operator()(shape::Opaque, T& value) const {
    try {
      CanonicalInputArchive ar(in);  // a user type with its own cereal functions
      ar(value);
    } catch (cereal::Exception const& e) {
      in.fail(std::string("is malformed: ") + e.what());
    }
  }

  // Sets and maps: elements read one by one and inserted (their order is the container's own).
  template <class Item, class T>
  void insert_each(T& value) const {
    std::size_t const n = decode_size<std::remove_cv_t<typename T::value_type>>(in);
    value.clear();
    for (std::size_t i = 0; i < n; ++i) {
      Item item{};
      decode_value(in, item);
      value.insert(std::move(item));
    }
  }
};

template <class T>
void decode_value(ByteReader& in, T& value) {
  Decoder{in}(shape_of<T>{}, value);
}

}  // namespace detail

/// Reads one value's canonical encoding from `in` into `value`, reusing its storage.
template <class T>
void decode(ByteReader& in, T& value) {
  detail::decode_value(in, value);
}

/// The value whose canonical encoding is exactly `bytes`; `what` names them in error messages.
template <class T>
T decode_bytes(std::string_view bytes, std::string_view what = "encoded value") {
  ByteReader in(bytes, what);
  T value{};
  decode(in, value);
  in.expect_end();
  return value;
}

}  // namespace weft
