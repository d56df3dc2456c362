// The canonical byte encoding of a value: a cereal output archive that appends little-endian bytes to a
// reusable buffer, with unordered containers written in a canonical order. Fingerprints hash these bytes.
#pragma once

#include <weft/serialize.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace weft {

/// A growable byte buffer whose clear() keeps its capacity, so encoding in a loop stops allocating.
class ByteBuffer {
 public:
  /// Appends n raw bytes.
  void append(void const* data, std::size_t n) {
    if (n == 0) return;  // an empty vector's data() may be null, which memcpy does not allow
    if (size_ + n > bytes_.size()) bytes_.resize(std::max(bytes_.size() * 2, size_ + n + 64));
    std::memcpy(bytes_.data() + size_, data, n);
    size_ += n;
  }
  /// Forgets the contents, keeps the storage.
  void clear() { size_ = 0; }
  /// The bytes written so far.
  unsigned char const* data() const { return bytes_.data(); }
  /// How many bytes were written.
  std::size_t size() const { return size_; }
  /// The contents as a string (for comparisons and tests).
  std::string str() const { return std::string(reinterpret_cast<char const*>(data()), size_); }

 private:
  std::vector<unsigned char> bytes_;
  std::size_t size_ = 0;
};

/// A cereal output archive writing the canonical encoding: names dropped, sizes as 64-bit, little-endian.
class CanonicalArchive : public cereal::OutputArchive<CanonicalArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit CanonicalArchive(ByteBuffer& out) : OutputArchive(this), out_(&out) {}

  /// Writes an arithmetic value in little-endian byte order.
  template <class T>
  void write_scalar(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      unsigned char b = value ? 1 : 0;
      out_->append(&b, 1);
    } else if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
      out_->append(&value, sizeof(T));
    } else {
      unsigned char bytes[sizeof(T)];
      std::memcpy(bytes, &value, sizeof(T));
      std::reverse(bytes, bytes + sizeof(T));
      out_->append(bytes, sizeof(T));
    }
  }
  /// Writes a block of elements of `element_size` bytes each, swapping each on big-endian hosts.
  void write_block(void const* data, std::size_t n, std::size_t element_size) {
    if (std::endian::native == std::endian::little || element_size == 1) {
      out_->append(data, n);
      return;
    }
    auto const* p = static_cast<unsigned char const*>(data);
    for (std::size_t i = 0; i < n; i += element_size) {
      unsigned char tmp[16];
      std::reverse_copy(p + i, p + i + element_size, tmp);
      out_->append(tmp, element_size);
    }
  }
  /// The buffer written to.
  ByteBuffer& buffer() { return *out_; }

 private:
  ByteBuffer* out_;
};

/// Appends the canonical encoding of `value` to `out`.
template <class T>
void encode(ByteBuffer& out, T const& value) {
  CanonicalArchive ar(out);
  ar(value);
}

namespace detail {
// Encodes each element on its own, then writes the encodings sorted: equal containers, equal bytes.
template <class Container>
void save_canonical_unordered(CanonicalArchive& ar, Container const& c) {
  std::vector<std::string> items;
  items.reserve(c.size());
  ByteBuffer scratch;
  for (auto const& item : c) {
    scratch.clear();
    encode(scratch, item);
    items.push_back(scratch.str());
  }
  std::sort(items.begin(), items.end());
  ar.write_scalar(static_cast<std::uint64_t>(items.size()));
  for (auto const& s : items) ar.buffer().append(s.data(), s.size());
}
}  // namespace detail

}  // namespace weft

namespace cereal {

template <class T>
  requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, T const& t) {
  ar.write_scalar(t);
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(weft::CanonicalArchive& ar, NameValuePair<T>& t) {
  ar(t.value);
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(weft::CanonicalArchive& ar, SizeTag<T>& t) {
  ar.write_scalar(static_cast<std::uint64_t>(t.size));
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, BinaryData<T> const& bd) {
  using Element = std::remove_cv_t<std::remove_pointer_t<T>>;
  constexpr std::size_t element_size = std::is_void_v<Element> ? 1 : sizeof(Element);
  ar.write_block(bd.data, static_cast<std::size_t>(bd.size), element_size);
}

template <class K, class V, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_map<K, V, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar, c);
}
template <class K, class V, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_multimap<K, V, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar, c);
}
template <class K, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_set<K, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar, c);
}
template <class K, class H, class E, class A>
void CEREAL_SAVE_FUNCTION_NAME(weft::CanonicalArchive& ar, std::unordered_multiset<K, H, E, A> const& c) {
  weft::detail::save_canonical_unordered(ar, c);
}

}  // namespace cereal

CEREAL_REGISTER_ARCHIVE(weft::CanonicalArchive)
