// cereal archives for the canonical encoding (little-endian, names dropped, sizes as 64-bit, hash
// containers in sorted-encoding order). weft's own encoder (encode.hpp) writes the same bytes faster for
// the types it knows; these archives carry user types that bring their own cereal functions.
#pragma once

#include <weft/byte_buffer.hpp>
#include <weft/byte_order.hpp>
#include <weft/cereal_types.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace weft {

template <class T>
void encode(ByteBuffer& out, T const& value);


/// A cereal output archive writing the canonical encoding.
class CanonicalArchive : public cereal::OutputArchive<CanonicalArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit CanonicalArchive(ByteBuffer& out) : OutputArchive(this), out_(&out) {}

  /// Writes an arithmetic value in little-endian byte order (bool as one byte, 0 or 1).
  template <class T>
  void write_scalar(T value) {
    if constexpr (std::is_same_v<T, bool>) weft::store_le(out_->extend(1), static_cast<unsigned char>(value));
    else weft::store_le(out_->extend(sizeof(T)), value);
  }
  /// Writes a block of elements of `element_size` bytes each.
  void write_block(void const* data, std::size_t n, std::size_t element_size) {
    if (n) weft::copy_le_block(out_->extend(n), static_cast<unsigned char const*>(data), n, element_size);
  }
  /// The buffer written to.
  ByteBuffer& buffer() { return *out_; }

 private:
  ByteBuffer* out_;
};

/// A cereal input archive reading the canonical encoding; malformed input throws weft::Error.
class CanonicalInputArchive : public cereal::InputArchive<CanonicalInputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit CanonicalInputArchive(ByteReader& in) : InputArchive(this), in_(&in) {}

  /// Reads an arithmetic value (a bool must be 0 or 1).
  template <class T>
  void read_scalar(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      unsigned char b = *in_->take(1);
      if (b > 1) in_->fail("holds a bool that is neither 0 nor 1");
      value = b == 1;
    } else {
      value = weft::load_le<T>(in_->take(sizeof(T)));
    }
  }
  /// Reads a block of elements of `element_size` bytes each.
  void read_block(void* data, std::size_t n, std::size_t element_size) {
    if (n) weft::copy_le_block(static_cast<unsigned char*>(data), in_->take(n), n, element_size);
  }
  /// The reader.
  ByteReader& reader() { return *in_; }

 private:
  ByteReader* in_;
};

namespace detail {
// Encodes each element on its own, then writes the encodings sorted: equal containers, equal bytes.
template <class Container>
void save_canonical_unordered(ByteBuffer& out, Container const& c) {
  std::vector<std::string> items;
  items.reserve(c.size());
  ByteBuffer scratch;
  for (auto const& item : c) {
    scratch.clear();
    encode(scratch, item);
    items.push_back(scratch.str());
  }
  std::sort(items.begin(), items.end());
  store_le(out.extend(8), static_cast<std::uint64_t>(items.size()));
  for (auto const& s : items) out.append(s.data(), s.size());
}
template <class T>
inline constexpr std::size_t element_size_of = std::is_void_v<T> ? 1 : sizeof(T);
}  // namespace detail

}  // namespace weft

namespace cereal {

template <class T>
  requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, T const& t) {
  ar.write_scalar(t);
}
template <class T>
  requires std::is_arithmetic_v<T>
void CEREAL_LOAD_FUNCTION_NAME(weft::CanonicalInputArchive& ar, T& t) {
  ar.read_scalar(t);
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(weft::CanonicalArchive& ar, NameValuePair<T>& t) {
  ar(t.value);
}
template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(weft::CanonicalInputArchive& ar, NameValuePair<T>& t) {
  ar(t.value);
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(weft::CanonicalArchive& ar, SizeTag<T>& t) {
  ar.write_scalar(static_cast<std::uint64_t>(t.size));
}
template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(weft::CanonicalInputArchive& ar, SizeTag<T>& t) {
  std::uint64_t n = 0;
  ar.read_scalar(n);
  // Every element takes at least a byte in practice; a larger count is corruption, not a reason to allocate.
  if (n > ar.reader().remaining() + (1u << 20)) ar.reader().fail("declares more elements than it holds");
  t.size = static_cast<std::remove_reference_t<T>>(n);
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, BinaryData<T> const& bd) {
  using Element = std::remove_cv_t<std::remove_pointer_t<T>>;
  ar.write_block(bd.data, static_cast<std::size_t>(bd.size), weft::detail::element_size_of<Element>);
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(weft::CanonicalInputArchive& ar, BinaryData<T>& bd) {
  using Element = std::remove_cv_t<std::remove_pointer_t<T>>;
  ar.read_block(bd.data, static_cast<std::size_t>(bd.size), weft::detail::element_size_of<Element>);
}

template <class K, class V, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_map<K, V, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar.buffer(), c);
}
template <class K, class V, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_multimap<K, V, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar.buffer(), c);
}
template <class K, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_set<K, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar.buffer(), c);
}
template <class K, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_multiset<K, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar.buffer(), c);
}

}  // namespace cereal

CEREAL_REGISTER_ARCHIVE(weft::CanonicalArchive)
CEREAL_REGISTER_ARCHIVE(weft::CanonicalInputArchive)
