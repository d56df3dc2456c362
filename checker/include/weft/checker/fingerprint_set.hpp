// The visited set: fingerprints in open-addressing tables with linear probing, split into shards by the
// fingerprint's top bits. Each shard has one owner (a worker thread now, a machine in a distributed run):
// shards are dealt to owners round robin, successors are routed to the owner of their shard, and only
// the owner writes it. So inserts take no locks and no atomic read-modify-writes, and a shard grows on its
// own, when its owner finds it full, without stopping anyone else.
#pragma once

#include <weft/fingerprint.hpp>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace weft::checker {

/// A set of 64-bit fingerprints, 8 bytes a slot, at most 3/4 full. One writer per shard (see owner_of).
class FingerprintSet {
 public:
  /// How many shards (top bits of a fingerprint choose one).
  static constexpr unsigned shard_bits = 8;
  /// The number of shards.
  static constexpr std::size_t shards = std::size_t{1} << shard_bits;

  /// A set sized for about `expected` fingerprints before its first growth.
  explicit FingerprintSet(std::size_t expected = 1 << 16) : shards_(shards) {
    std::size_t per_shard = 16;
    while (per_shard * 3 / 4 * shards < expected) per_shard *= 2;
    for (auto& s : shards_) s.allocate(per_shard);
  }

  /// The shard of a fingerprint.
  static std::size_t shard_of(Fingerprint fp) { return stored(fp) >> (64 - shard_bits); }
  /// Which of `owners` workers (or machines) owns a fingerprint's shard: the only one that may insert it.
  static unsigned owner_of(Fingerprint fp, unsigned owners) { return static_cast<unsigned>(shard_of(fp) % owners); }

  /// Adds `fp`; true when it was not there before. Only the owner of fp's shard may call this.
  bool insert(Fingerprint fp) {
    fp = stored(fp);
    Shard& s = shards_[shard_of(fp)];
    std::size_t const count = s.count.load(std::memory_order_relaxed);
    if (count >= s.limit) [[unlikely]]
      s.grow();
    if (!s.place(fp)) return false;
    s.count.store(count + 1, std::memory_order_relaxed);  // one writer: no read-modify-write needed
    return true;
  }

  /// Inserts `n` fingerprints in order; `fresh[i]` says whether fps[i] was new. The slots of later
  /// fingerprints are prefetched while earlier ones are placed, so the cache misses overlap.
  void insert_batch(Fingerprint const* fps, std::size_t n, bool* fresh) {
    constexpr std::size_t ahead = 16;  // about a memory latency's worth of inserts
    for (std::size_t i = 0; i < n && i < ahead; ++i) prefetch(fps[i]);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + ahead < n) prefetch(fps[i + ahead]);
      fresh[i] = insert(fps[i]);
    }
  }

  /// True when `fp` is in the set (not concurrently with inserts into its shard).
  bool contains(Fingerprint fp) const {
    fp = stored(fp);
    Shard const& s = shards_[shard_of(fp)];
    for (std::size_t i = s.slot_of(fp);; i = (i + 1) & s.mask) {
      if (s.slots[i] == fp) return true;
      if (s.slots[i] == 0) return false;
    }
  }

  /// How many fingerprints are stored (may be read while owners insert: then it is a recent count).
  std::size_t size() const {
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.count.load(std::memory_order_relaxed);
    return n;
  }

  /// Bytes held by the tables.
  std::size_t bytes() const {
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.capacity() * sizeof(Fingerprint);
    return n;
  }

  /// Calls f(fp) for every stored fingerprint of shard `shard`, as stored (0 is kept as 1).
  template <class F>
  void for_each_in_shard(std::size_t shard, F&& f) const {
    Shard const& s = shards_.at(shard);
    for (std::size_t i = 0; i < s.capacity(); ++i)
      if (s.slots[i]) f(s.slots[i]);
  }

  /// Calls f(fp) for every stored fingerprint (not concurrently with inserts).
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t shard = 0; shard < shards; ++shard) for_each_in_shard(shard, f);
  }

 private:
  // 0 marks an empty slot, so the fingerprint 0 is stored as 1 (a collision with 1, like any other).
  static Fingerprint stored(Fingerprint fp) { return fp ? fp : 1; }

  void prefetch(Fingerprint fp) const {
    fp = stored(fp);
    Shard const& s = shards_[shard_of(fp)];
    __builtin_prefetch(&s.slots[s.slot_of(fp)], 1);
  }

  struct Free {
    void operator()(Fingerprint* p) const { std::free(p); }
  };
  struct alignas(64) Shard {
    std::unique_ptr<Fingerprint[], Free> slots;
    std::size_t mask = 0;
    std::size_t limit = 0;  // grow before holding more than this: 3/4 of the capacity
    std::atomic<std::size_t> count{0};  // written by the owner only; atomic so that progress may read it

    std::size_t capacity() const { return mask + 1; }
    // Low bits pick the slot; the top bits already picked the shard.
    std::size_t slot_of(Fingerprint fp) const { return fp & mask; }
    void allocate(std::size_t n) {
      // calloc: large tables come zeroed from the kernel, page by page, as they are touched.
      slots.reset(static_cast<Fingerprint*>(std::calloc(n, sizeof(Fingerprint))));
      if (!slots) throw std::bad_alloc();
      mask = n - 1;
      limit = n / 4 * 3;
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
