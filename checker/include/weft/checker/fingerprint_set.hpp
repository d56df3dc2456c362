// The visited set: fingerprints in open-addressing tables with linear probing, split into shards by the
// fingerprint's top bits. A shard grows on its own, so growth never stalls the whole search, and the same
// top bits are the natural owner key for a later hash-partitioned distributed mode.
#pragma once

#include <weft/fingerprint.hpp>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <thread>
#include <vector>

namespace weft::checker {

/// A concurrent set of 64-bit fingerprints, 8 bytes a slot, at most 3/4 full.
class FingerprintSet {
 public:
  /// How many shards (top bits of a fingerprint choose one).
  static constexpr unsigned shard_bits = 8;

  /// A set sized for about `expected` fingerprints before its first growth.
  explicit FingerprintSet(std::size_t expected = 1 << 16) : shards_(std::size_t{1} << shard_bits) {
    std::size_t per_shard = 16;
    while (per_shard * 3 / 4 * shards_.size() < expected) per_shard *= 2;
    for (auto& s : shards_) s.allocate(per_shard);
  }

  /// Adds `fp`; true when it was not there before. Safe to call from many threads.
  bool insert(Fingerprint fp) {
    fp = fp ? fp : 1;  // 0 marks an empty slot
    Shard& s = shards_[shard_of(fp)];
    Lock lock(s.busy);
    if ((s.count + 1) * 4 > s.capacity() * 3) s.grow();
    if (!s.place(fp)) return false;
    ++s.count;
    return true;
  }

  /// True when `fp` is in the set.
  bool contains(Fingerprint fp) const {
    fp = fp ? fp : 1;
    Shard const& s = shards_[shard_of(fp)];
    Lock lock(s.busy);
    for (std::size_t i = s.slot_of(fp);; i = (i + 1) & s.mask) {
      if (s.slots[i] == fp) return true;
      if (s.slots[i] == 0) return false;
    }
  }

  /// How many fingerprints are stored.
  std::size_t size() const {
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.count;
    return n;
  }

  /// Bytes held by the tables.
  std::size_t bytes() const {
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.capacity() * sizeof(Fingerprint);
    return n;
  }

  /// Calls f(fp) for every stored fingerprint (not concurrently with insert).
  template <class F>
  void for_each(F&& f) const {
    for (auto const& s : shards_)
      for (std::size_t i = 0; i < s.capacity(); ++i)
        if (s.slots[i]) f(s.slots[i]);
  }

  /// The shard (and, in a distributed search, the owner) of a fingerprint.
  static std::size_t shard_of(Fingerprint fp) { return fp >> (64 - shard_bits); }

 private:
  struct Lock {
    explicit Lock(std::atomic_flag& f) : flag(f) {
      while (flag.test_and_set(std::memory_order_acquire))
        while (flag.test(std::memory_order_relaxed)) std::this_thread::yield();
    }
    ~Lock() { flag.clear(std::memory_order_release); }
    std::atomic_flag& flag;
  };
  struct Free {
    void operator()(Fingerprint* p) const { std::free(p); }
  };
  struct alignas(64) Shard {
    mutable std::atomic_flag busy;
    std::unique_ptr<Fingerprint[], Free> slots;
    std::size_t mask = 0;
    std::size_t count = 0;

    std::size_t capacity() const { return mask + 1; }
    // Low bits pick the slot; the top bits already picked the shard.
    std::size_t slot_of(Fingerprint fp) const { return fp & mask; }
    void allocate(std::size_t n) {
      // calloc: large tables come zeroed from the kernel, page by page, as they are touched.
      slots.reset(static_cast<Fingerprint*>(std::calloc(n, sizeof(Fingerprint))));
      if (!slots) throw std::bad_alloc();
      mask = n - 1;
    }
    bool place(Fingerprint fp) {
      for (std::size_t i = slot_of(fp);; i = (i + 1) & mask) {
        if (slots[i] == fp) return false;
        if (slots[i] == 0) {
          slots[i] = fp;
          return true;
        }
      }
    }
    void grow() {
      auto old = std::move(slots);
      std::size_t const old_capacity = capacity();
      allocate(old_capacity * 2);
      for (std::size_t i = 0; i < old_capacity; ++i)
        if (old[i]) place(old[i]);
    }
  };

  std::vector<Shard> shards_;
};

}  // namespace weft::checker
