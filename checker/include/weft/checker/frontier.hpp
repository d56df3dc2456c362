// The breadth-first frontier: states waiting to be expanded, kept as their canonical encodings in blocks
// of about 64 KiB. Bytes rather than objects make the frontier compact and free of per-state allocation,
// let a worker free each block as soon as it has expanded it, and go to a checkpoint (or another machine)
// as they are.
#pragma once

#include <weft/byte_buffer.hpp>
#include <weft/error.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::checker {

namespace detail {
// LEB128: one byte for records under 128 bytes.
inline std::size_t varint_size(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}
// Writes `v` at `at` (varint_size(v) bytes); returns the end.
inline unsigned char* put_varint(unsigned char* at, std::uint64_t v) {
  while (v >= 0x80) {
    *at++ = static_cast<unsigned char>(v | 0x80);
    v >>= 7;
  }
  *at++ = static_cast<unsigned char>(v);
  return at;
}
inline void put_varint(ByteBuffer& out, std::uint64_t v) { put_varint(out.extend(varint_size(v)), v); }
// Reads a varint written by put_varint from trusted bytes; returns the end.
inline unsigned char const* get_varint(unsigned char const* at, std::uint64_t& v) {
  v = 0;
  for (int shift = 0;; shift += 7) {
    unsigned char const b = *at++;
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return at;
  }
}
inline std::uint64_t get_varint(ByteReader& in) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    unsigned char const b = *in.take(1);
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  in.fail("holds a malformed length");
}
}  // namespace detail

/// A run of length-prefixed records.
struct FrontierBlock {
  ByteBuffer bytes;       ///< varint length, then the record, repeated
  std::size_t count = 0;  ///< records held

  /// Calls f(record) for each record, in order.
  template <class F>
  void for_each(F&& f) const {
    ByteReader in(bytes.view(), "frontier block");
    while (in.remaining()) {
      std::size_t const n = static_cast<std::size_t>(detail::get_varint(in));
      f(std::string_view(reinterpret_cast<char const*>(in.take(n)), n));
    }
  }
};

/// A queue of records in blocks. One writer builds it; afterwards each block may be taken by one reader.
class Frontier {
 public:
  /// The size a block is closed at.
  static constexpr std::size_t block_bytes = 64 * 1024;

  Frontier() = default;
  /// A moved-from frontier is empty.
  Frontier(Frontier&& other) noexcept
      : blocks_(std::move(other.blocks_)), count_(std::exchange(other.count_, 0)), bytes_(std::exchange(other.bytes_, 0)) {
    other.blocks_.clear();
  }
  Frontier& operator=(Frontier&& other) noexcept {
    blocks_ = std::move(other.blocks_);
    other.blocks_.clear();
    count_ = std::exchange(other.count_, 0);
    bytes_ = std::exchange(other.bytes_, 0);
    return *this;
  }

  /// Appends a record.
  void push(std::string_view record) {
    if (blocks_.empty() || blocks_.back()->bytes.size() + record.size() > block_bytes) {
      blocks_.push_back(std::make_unique<FrontierBlock>());
      blocks_.back()->bytes.reserve(std::max(block_bytes, record.size() + 10));
    }
    FrontierBlock& b = *blocks_.back();
    detail::put_varint(b.bytes, record.size());
    b.bytes.append(record.data(), record.size());
    ++b.count;
    ++count_;
    bytes_ += record.size();
  }

  /// Moves every block of `other` to the end of this frontier.
  void splice(Frontier&& other) {
    for (auto& b : other.blocks_) blocks_.push_back(std::move(b));
    count_ += other.count_;
    bytes_ += other.bytes_;
    other.clear();
  }

  /// The number of blocks.
  std::size_t blocks() const { return blocks_.size(); }
  /// Block `i`, moved out (each block is taken once; the frontier forgets it).
  std::unique_ptr<FrontierBlock> take(std::size_t i) { return std::move(blocks_.at(i)); }
  /// Block `i` (for checkpoints), when it has not been taken.
  FrontierBlock const& block(std::size_t i) const { return *blocks_.at(i); }
  /// Records pushed.
  std::size_t size() const { return count_; }
  /// True when nothing was pushed.
  bool empty() const { return count_ == 0; }
  /// Record bytes pushed (without length prefixes).
  std::size_t bytes() const { return bytes_; }
  /// Forgets everything.
  void clear() {
    blocks_.clear();
    count_ = bytes_ = 0;
  }

 private:
  std::vector<std::unique_ptr<FrontierBlock>> blocks_;
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace weft::checker
