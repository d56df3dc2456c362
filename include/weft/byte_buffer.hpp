// Raw bytes for the canonical encoding: a growable buffer that keeps its storage when cleared (so the
// per-state path stops allocating once warm), and a bounds-checked reader over bytes that may be corrupt.
#pragma once

#include <weft/error.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace weft {

/// A growable byte buffer whose clear() keeps its capacity.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(ByteBuffer const& other) { append(other.data(), other.size()); }
  ByteBuffer(ByteBuffer&&) noexcept = default;
  ByteBuffer& operator=(ByteBuffer const& other) {
    if (this != &other) {
      clear();
      append(other.data(), other.size());
    }
    return *this;
  }
  ByteBuffer& operator=(ByteBuffer&&) noexcept = default;

  /// Room for `n` more bytes at the end, which the caller must fill; returns where they start.
  [[gnu::always_inline]] unsigned char* extend(std::size_t n) {
    if (size_ + n > capacity_) [[unlikely]]
      grow(n);
    unsigned char* at = bytes_.get() + size_;
    size_ += n;
    return at;
  }
  /// Appends n raw bytes.
  void append(void const* data, std::size_t n) {
    if (n == 0) return;  // an empty vector's data() may be null, which memcpy does not allow
    std::memcpy(extend(n), data, n);
  }
  /// Makes room for `n` bytes in all, keeping the contents.
  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    auto grown = std::make_unique_for_overwrite<unsigned char[]>(n);
    if (size_) std::memcpy(grown.get(), bytes_.get(), size_);
    bytes_ = std::move(grown);
    capacity_ = n;
  }
  /// Drops bytes past `n` (n <= size()).
  void truncate(std::size_t n) { size_ = std::min(n, size_); }
  /// Drops the first `n` bytes (n <= size()), keeping the storage: a queue consumed from the front.
  void erase_front(std::size_t n) {
    n = std::min(n, size_);
    if (n && size_ > n) std::memmove(bytes_.get(), bytes_.get() + n, size_ - n);
    size_ -= n;
  }
  /// Forgets the contents, keeps the storage.
  void clear() { size_ = 0; }
  /// The bytes written so far.
  unsigned char const* data() const { return bytes_.get(); }
  /// The bytes written so far, to patch in place (a length known only once its contents are written).
  unsigned char* data() { return bytes_.get(); }
  /// How many bytes were written.
  std::size_t size() const { return size_; }
  /// Bytes of storage held.
  std::size_t capacity() const { return capacity_; }
  /// The contents as a string (for comparisons and tests).
  std::string str() const { return size_ ? std::string(reinterpret_cast<char const*>(data()), size_) : std::string(); }
  /// The contents as a view.
  std::string_view view() const { return {reinterpret_cast<char const*>(data()), size_}; }

 private:
  [[gnu::noinline]] void grow(std::size_t n) { reserve(std::max(capacity_ * 2, size_ + n + 64)); }

  std::unique_ptr<unsigned char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Reads bytes front to back; every read is bounds-checked and throws weft::Error, never reads past the end.
class ByteReader {
 public:
  /// Reads `bytes`; `what` names them in error messages ("frontier record", "snapshot.bin").
  explicit ByteReader(std::string_view bytes, std::string_view what = "encoded value")
      : begin_(reinterpret_cast<unsigned char const*>(bytes.data())), at_(begin_), end_(begin_ + bytes.size()),
        what_(what) {}

  /// Copies the next `n` bytes into `out`.
  void read(void* out, std::size_t n) {
    std::memcpy(out, take(n), n);
  }
  /// The next `n` bytes, consumed.
  unsigned char const* take(std::size_t n) {
    if (n > remaining()) fail("ends early");
    unsigned char const* p = at_;
    at_ += n;
    return p;
  }
  /// Bytes left to read.
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - at_); }
  /// Bytes read so far.
  std::size_t position() const { return static_cast<std::size_t>(at_ - begin_); }
  /// Throws unless every byte was read.
  void expect_end() const {
    if (remaining()) fail("has " + std::to_string(remaining()) + " unexpected bytes at its end");
  }
  /// Throws a weft::Error naming the input and the byte offset.
  [[noreturn]] void fail(std::string const& why) const {
    throw Error(std::string(what_) + " " + why + " (at byte " + std::to_string(position()) + ")");
  }

 private:
  unsigned char const* begin_;
  unsigned char const* at_;
  unsigned char const* end_;
  std::string_view what_;
};

}  // namespace weft
