// The breadth-first frontier: states waiting to be expanded, kept as their canonical encodings in blocks
// of about 64 KiB. Bytes rather than objects make the frontier compact and free of per-state allocation,
// let a worker free each block as soon as it has expanded it, and go to a checkpoint (or another machine)
// as they are. Past a memory bound (Options::frontier_memory_bytes) full blocks go to a scratch file,
// written and read back whole and in order, so a search is bounded by its visited set, not its frontier
// (TLC keeps its queue on disk the same way).
#pragma once

#include <weft/checker/page_bytes.hpp>
#include <weft/checker/scratch_file.hpp>
#include <weft/byte_buffer.hpp>
#include <weft/error.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
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

/// A run of length-prefixed records, in memory or spilled to a scratch file.
struct FrontierBlock {
  PageBytes bytes;        ///< varint length, then the record, repeated (empty when spilled)
  std::size_t count = 0;  ///< records held
  std::shared_ptr<ScratchFile> file{};  ///< where the bytes went, when spilled
  std::uint64_t offset = 0;             ///< their place in it
  std::size_t spilled = 0;              ///< how many bytes went

  /// Calls f(record) for each record, in order; a spilled block is read back into `scratch` first (the
  /// caller's, reused from block to block).
  template <class F>
  void for_each(ByteBuffer& scratch, F&& f) const {
    if (file) {
      file->read(offset, spilled, scratch);
      return each(scratch.view(), f);
    }
    each(bytes.view(), f);
  }

 private:
  template <class F>
  static void each(std::string_view bytes, F&& f) {
    ByteReader in(bytes, "frontier block");
    while (in.remaining()) {
      std::size_t const n = static_cast<std::size_t>(detail::get_varint(in));
      f(std::string_view(reinterpret_cast<char const*>(in.take(n)), n));
    }
  }
};

/// Where a frontier may keep its blocks: up to `memory_bytes` of them in memory, the rest in a scratch
/// file under `dir`.
struct SpillPolicy {
  std::uint64_t memory_bytes = UINT64_MAX;  ///< block bytes kept in memory
  std::string dir{};                        ///< where the scratch file goes ("": $TMPDIR, else /tmp)
};

/// A queue of records in blocks. One writer builds it; afterwards each block may be taken by one reader.
class Frontier {
 public:
  /// The size a block is closed at (a bigger record gets a block of its own).
  static constexpr std::size_t block_bytes = 64 * 1024;

  /// A frontier held in memory, or spilling past `policy`'s bound.
  explicit Frontier(SpillPolicy const* policy = nullptr) : policy_(policy) {}
  /// A moved-from frontier is empty (and keeps its policy).
  Frontier(Frontier&& other) noexcept
      : blocks_(std::move(other.blocks_)), count_(std::exchange(other.count_, 0)), bytes_(std::exchange(other.bytes_, 0)),
        policy_(other.policy_), file_(std::move(other.file_)), in_memory_(std::exchange(other.in_memory_, 0)),
        spilled_(std::exchange(other.spilled_, 0)) {
    other.blocks_.clear();
  }
  Frontier& operator=(Frontier&& other) noexcept {
    blocks_ = std::move(other.blocks_);
    other.blocks_.clear();
    count_ = std::exchange(other.count_, 0);
    bytes_ = std::exchange(other.bytes_, 0);
    policy_ = other.policy_;
    file_ = std::move(other.file_);
    in_memory_ = std::exchange(other.in_memory_, 0);
    spilled_ = std::exchange(other.spilled_, 0);
    return *this;
  }

  /// Appends a record.
  void push(std::string_view record) {
    std::size_t const prefix = detail::varint_size(record.size());
    if (blocks_.empty() || blocks_.back()->bytes.size() + prefix + record.size() > blocks_.back()->bytes.capacity()) {
      if (!blocks_.empty()) close(*blocks_.back());
      blocks_.push_back(std::make_unique<FrontierBlock>());
      blocks_.back()->bytes = PageBytes(std::max(block_bytes, prefix + record.size()));
    }
    FrontierBlock& b = *blocks_.back();
    detail::put_varint(b.bytes.extend(prefix), record.size());
    b.bytes.append(record.data(), record.size());
    in_memory_ += prefix + record.size();  // block bytes, as close() takes them off
    ++b.count;
    ++count_;
    bytes_ += record.size();
  }

  /// Moves every block of `other` to the end of this frontier.
  void splice(Frontier&& other) {
    for (auto& b : other.blocks_) blocks_.push_back(std::move(b));
    count_ += other.count_;
    bytes_ += other.bytes_;
    in_memory_ += other.in_memory_;
    spilled_ += other.spilled_;
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
  /// Bytes of blocks written to the scratch file.
  std::uint64_t spilled_bytes() const { return spilled_; }
  /// Forgets everything.
  void clear() {
    blocks_.clear();
    count_ = bytes_ = in_memory_ = spilled_ = 0;
  }

 private:
  // A full block goes to disk when the blocks in memory are past the bound.
  void close(FrontierBlock& b) {
    if (!policy_ || in_memory_ <= policy_->memory_bytes || b.file) return;
    if (!file_) file_ = std::make_shared<ScratchFile>(policy_->dir, "frontier spill file");
    b.offset = file_->append(b.bytes.data(), b.bytes.size());
    b.spilled = b.bytes.size();
    b.file = file_;
    in_memory_ -= b.bytes.size();
    spilled_ += b.bytes.size();
    b.bytes = PageBytes{};
  }

  std::vector<std::unique_ptr<FrontierBlock>> blocks_;
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
  SpillPolicy const* policy_ = nullptr;
  std::shared_ptr<ScratchFile> file_;  // this frontier's spill file, shared with its spilled blocks
  std::uint64_t in_memory_ = 0;
  std::uint64_t spilled_ = 0;
};

}  // namespace weft::checker
