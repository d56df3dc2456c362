// Intern tables: each distinct value of one component type (a node record, a message in flight) stored
// once and named by a 32-bit index, as SPIN's collapse compression stores each process state once. A
// stored world is then a handful of indices, a few bytes each, instead of its whole encoding.
//
//   InternTable<Node> nodes;                 // shared by the workers
//   InternCache cache;                       // one per worker: lock-free hits
//   std::uint32_t i = cache.intern(nodes, bytes, key_of_bytes(bytes..., wide), [&] { return node; });
//   Node const& again = nodes.at(i).value;   // the same value, whoever interned it
//
// Values are compared by their canonical bytes, so two values share an index exactly when they encode
// alike: an index never stands for two values, whatever their fingerprints.
#pragma once

#include <weft/checker/key.hpp>

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace weft::checker {

/// The distinct values of T met so far, append-only, safe to read and intern from several threads.
template <class T>
class InternTable {
 public:
  /// A value with its canonical bytes and their key (fingerprint, and its second half when wide).
  struct Entry {
    Key key{};
    std::string bytes;
    T value{};
  };

  InternTable() = default;
  ~InternTable() {
    for (auto& c : chunks_) delete[] c.load(std::memory_order_relaxed);
  }
  InternTable(InternTable const&) = delete;
  InternTable& operator=(InternTable const&) = delete;

  /// The entry of index `i`, which intern() returned (to this thread, or to one it heard from since).
  Entry const& at(std::uint32_t i) const {
    auto const [c, offset] = place(i);
    return chunks_[c].load(std::memory_order_acquire)[offset];
  }

  /// The index of the value whose canonical encoding is `bytes` (key `k`), storing `make()`'s value under
  /// a new index when it is new.
  template <class Make>
  std::uint32_t intern(std::string_view bytes, Key k, Make&& make) {
    Fingerprint const fp = k.fp;
    std::lock_guard lock(mutex_);
    if (count_ * 4 >= slots_.size() * 3) grow();
    std::size_t const mask = slots_.size() - 1;
    for (std::size_t s = fp & mask;; s = (s + 1) & mask) {
      std::uint32_t const held = slots_[s];
      if (held == 0) {
        std::uint32_t const i = append(bytes, k, std::forward<Make>(make));
        slots_[s] = i + 1;
        ++count_;
        return i;
      }
      Entry const& e = at(held - 1);
      if (e.key.fp == fp && e.bytes == bytes) return held - 1;
    }
  }

  /// How many distinct values are stored.
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

  /// Bytes held: entries (with their encodings) and the lookup slots, roughly.
  std::size_t bytes() const {
    std::lock_guard lock(mutex_);
    std::size_t const allocated = count_ ? first_chunk * ((std::size_t{2} << place(count_ - 1).first) - 1) : 0;
    return allocated * sizeof(Entry) + encoded_ + slots_.size() * sizeof(std::uint32_t);
  }

 private:
  // Chunk c holds first_chunk << c entries, so a small table stays small and 27 chunks hold 2^32.
  static constexpr unsigned first_bits = 6;
  static constexpr std::size_t first_chunk = std::size_t{1} << first_bits, max_chunks = 27;
  static std::pair<std::size_t, std::size_t> place(std::size_t i) {
    std::size_t const j = i + first_chunk;
    std::size_t const c = static_cast<std::size_t>(std::bit_width(j)) - 1 - first_bits;
    return {c, j - (first_chunk << c)};
  }

  template <class Make>
  std::uint32_t append(std::string_view bytes, Key k, Make&& make) {
    std::size_t const i = count_;
    if (i >= 0xffffffffu - 1) throw Error("more than 4 billion distinct components of one kind");
    auto const [c, offset] = place(i);
    Entry* chunk = chunks_[c].load(std::memory_order_relaxed);
    if (!chunk) chunk = new Entry[first_chunk << c];
    Entry& e = chunk[offset];
    e.key = k;
    e.bytes.assign(bytes);
    e.value = make();
    encoded_ += e.bytes.capacity();
    chunks_[c].store(chunk, std::memory_order_release);  // publishes the entry to readers of at()
    return static_cast<std::uint32_t>(i);
  }

  void grow() {
    std::vector<std::uint32_t> old(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    old.swap(slots_);
    std::size_t const mask = slots_.size() - 1;
    for (std::uint32_t held : old) {
      if (held == 0) continue;
      std::size_t s = at(held - 1).key.fp & mask;
      while (slots_[s]) s = (s + 1) & mask;
      slots_[s] = held;
    }
  }

  std::array<std::atomic<Entry*>, max_chunks> chunks_{};
  mutable std::mutex mutex_;
  std::vector<std::uint32_t> slots_;  // index + 1, 0 when empty; probed from the fingerprint
  std::size_t count_ = 0;
  std::size_t encoded_ = 0;
};

/// One thread's memory of recent interns, direct-mapped by fingerprint: a hit is checked against the
/// table's bytes and takes no lock, so workers share a table without queuing on it.
class InternCache {
 public:
  /// intern() through the cache.
  template <class T, class Make>
  std::uint32_t intern(InternTable<T>& table, std::string_view bytes, Key k, Make&& make) {
    Slot& slot = slots_[k.fp & (slots - 1)];
    if (slot.index != 0) {
      auto const& e = table.at(slot.index - 1);
      if (e.key.fp == k.fp && e.bytes.size() == bytes.size() && std::memcmp(e.bytes.data(), bytes.data(), bytes.size()) == 0)
        return slot.index - 1;
    }
    std::uint32_t const i = table.intern(bytes, k, std::forward<Make>(make));
    slot.index = i + 1;
    return i;
  }

 private:
  static constexpr std::size_t slots = std::size_t{1} << 14;
  struct Slot {
    std::uint32_t index = 0;  // index + 1, 0 when empty
  };
  std::vector<Slot> slots_ = std::vector<Slot>(slots);
};

}  // namespace weft::checker
