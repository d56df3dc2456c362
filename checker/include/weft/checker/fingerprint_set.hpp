// The visited set: fingerprints in open-addressing tables with linear probing, split into shards by the
// fingerprint's top bits. Each shard has one owner (a worker thread now, a machine in a distributed run):
// shards are dealt to owners round robin, successors are routed to the owner of their shard, and only
// the owner writes it. So inserts take no locks and no atomic read-modify-writes, and a shard grows on its
// own, when its owner finds it full, without stopping anyone else. With 128-bit fingerprints a slot holds
// both halves of a key (16 bytes) and a state is new unless both match. Asked for, the set is one of the
// lossy tables of lossy_set.hpp instead (bitstate hashing, hash compaction), behind the same interface.
#pragma once

#include <weft/checker/key.hpp>
#include <weft/checker/lossy_set.hpp>
#include <weft/checker/pages.hpp>
#include <weft/error.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace weft::checker {

/// A set of keys, 8 bytes a slot (16 when `wide`: 128-bit fingerprints), at most 3/4 full. One writer
/// per shard (see owner_of).
class FingerprintSet {
 public:
  /// How many shards (top bits of a fingerprint choose one).
  static constexpr unsigned shard_bits = 8;
  /// The number of shards.
  static constexpr std::size_t shards = std::size_t{1} << shard_bits;

  /// A set sized for about `expected` keys before its first growth; `wide`: keys compare by 128 bits;
  /// `lossy`: a lossy table instead (then `expected` is ignored).
  explicit FingerprintSet(std::size_t expected = 1 << 16, bool wide = false, std::unique_ptr<LossySet> lossy = nullptr)
      : shards_(shards), stride_(wide ? 2 : 1), lossy_(std::move(lossy)) {
    if (lossy_) expected = 0;
    std::size_t per_shard = 16;
    while (per_shard * 3 / 4 * shards < expected) per_shard *= 2;
    // The first tables share one mapping (a small search makes one system call, not one per shard); it
    // goes back once every shard has outgrown it.
    std::size_t const words = per_shard * stride_;
    first_ = Pages(words * shards * sizeof(std::uint64_t), "the visited set");
    for (std::size_t i = 0; i < shards; ++i)
      shards_[i].use(static_cast<std::uint64_t*>(first_.get()) + i * words, per_shard);
    on_first_.store(shards, std::memory_order_relaxed);
  }

  /// True when keys compare by 128 bits.
  bool wide() const { return stride_ == 2; }
  /// The lossy table in use, or nullptr when the set is exact.
  LossySet const* lossy() const { return lossy_.get(); }
  /// True when a lossy table can take no more states.
  bool full() const { return lossy_ && lossy_->full(); }

  /// The shard of a fingerprint.
  static std::size_t shard_of(Fingerprint fp) { return stored(fp) >> (64 - shard_bits); }
  /// Which of `owners` workers (or machines) owns a fingerprint's shard: the only one that may insert it.
  static unsigned owner_of(Fingerprint fp, unsigned owners) { return static_cast<unsigned>(shard_of(fp) % owners); }

  /// Adds `k`; true when it was not there before. Only the owner of k.fp's shard may call this.
  bool insert(Key k) {
    k.fp = stored(k.fp);
    if (lossy_) [[unlikely]]
      return lossy_->insert(shard_of(k.fp), k);
    Shard& s = shards_[shard_of(k.fp)];
    std::size_t const count = s.count.load(std::memory_order_relaxed);
    if (count >= s.limit) [[unlikely]]
      grow(s);
    if (!s.place(k, stride_)) return false;
    s.count.store(count + 1, std::memory_order_relaxed);  // one writer: no read-modify-write needed
    return true;
  }

  /// Inserts `n` keys in order; `fresh[i]` says whether keys[i] was new. The slots of later keys are
  /// prefetched while earlier ones are placed, so the cache misses overlap.
  void insert_batch(Key const* keys, std::size_t n, bool* fresh) {
    constexpr std::size_t ahead = 16;  // about a memory latency's worth of inserts
    for (std::size_t i = 0; i < n && i < ahead; ++i) prefetch(keys[i].fp);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + ahead < n) prefetch(keys[i + ahead].fp);
      fresh[i] = insert(keys[i]);
    }
  }

  /// True when `k` is in the set (not concurrently with inserts into its shard).
  bool contains(Key k) const {
    if (lossy_) throw Error("a lossy visited set cannot be asked what it holds");
    k.fp = stored(k.fp);
    Shard const& s = shards_[shard_of(k.fp)];
    for (std::size_t i = s.slot_of(k.fp);; i = (i + 1) & s.mask) {
      std::uint64_t const* slot = s.slots + i * stride_;
      if (slot[0] == 0) return false;
      if (s.matches(slot, k, stride_)) return true;
    }
  }

  /// How many fingerprints are stored (may be read while owners insert: then it is a recent count).
  std::size_t size() const {
    if (lossy_) return lossy_->size();
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.count.load(std::memory_order_relaxed);
    return n;
  }

  /// Bytes held by the tables.
  std::size_t bytes() const {
    if (lossy_) return lossy_->bytes();
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.capacity() * stride_ * sizeof(std::uint64_t);
    return n;
  }

  /// Calls f(key) for every stored key of shard `shard`, as stored (a fingerprint 0 is kept as 1).
  template <class F>
  void for_each_in_shard(std::size_t shard, F&& f) const {
    if (lossy_) throw Error("a lossy visited set keeps no keys to list");
    Shard const& s = shards_.at(shard);
    for (std::size_t i = 0; i < s.capacity(); ++i) {
      std::uint64_t const* slot = s.slots + i * stride_;
      if (slot[0]) f(Key{slot[0], stride_ == 2 ? slot[1] : 0});
    }
  }

  /// Calls f(key) for every stored key (not concurrently with inserts).
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
    __builtin_prefetch(s.slots + s.slot_of(fp) * stride_, 1);
  }

  // A slot is `stride` words: the fingerprint (0: empty), then with 128-bit keys the check word.
  struct alignas(64) Shard {
    Pages pages;  // the slots once grown (before: part of first_), mapped so that they go back at once
    std::uint64_t* slots = nullptr;
    std::size_t mask = 0;
    std::size_t limit = 0;  // grow before holding more than this: 3/4 of the capacity
    std::atomic<std::size_t> count{0};  // written by the owner only; atomic so that progress may read it

    std::size_t capacity() const { return mask + 1; }
    // Low bits pick the slot; the top bits already picked the shard.
    std::size_t slot_of(Fingerprint fp) const { return fp & mask; }
    static bool matches(std::uint64_t const* slot, Key k, unsigned stride) {
      return slot[0] == k.fp && (stride == 1 || slot[1] == k.check);
    }
    void use(std::uint64_t* table, std::size_t n) {
      slots = table;
      mask = n - 1;
      limit = n / 4 * 3;
    }
    bool place(Key k, unsigned stride) {
      for (std::size_t i = slot_of(k.fp);; i = (i + 1) & mask) {
        std::uint64_t* slot = slots + i * stride;
        if (slot[0] == 0) {
          slot[0] = k.fp;
          if (stride == 2) slot[1] = k.check;
          return true;
        }
        if (matches(slot, k, stride)) return false;
      }
    }
  };

  // Doubles a shard's table. Out of line: inlined, its allocation kept insert() itself from being inlined
  // into the workers' loops (measured: insert at 11% of a two-thread TwoPhase-9 profile, the run 8% slower).
  [[gnu::noinline, gnu::cold]] void grow(Shard& s) {
    bool const was_first = !s.pages.get();
    Pages const old = std::move(s.pages);
    std::uint64_t const* const old_slots = s.slots;
    std::size_t const old_capacity = s.capacity();
    // Populated: the rehash writes every page at once, so one call maps them rather than a fault each.
    s.pages = Pages(old_capacity * 2 * stride_ * sizeof(std::uint64_t), "the visited set", true);
    s.use(static_cast<std::uint64_t*>(s.pages.get()), old_capacity * 2);
    for (std::size_t i = 0; i < old_capacity; ++i) {
      std::uint64_t const* slot = old_slots + i * stride_;
      if (slot[0]) s.place(Key{slot[0], stride_ == 2 ? slot[1] : 0}, stride_);
    }
    // The last shard to leave the first mapping frees it (owners grow their shards concurrently).
    if (was_first && on_first_.fetch_sub(1, std::memory_order_acq_rel) == 1) first_ = Pages{};
  }

  Pages first_;                          // the first table of every shard, side by side
  std::atomic<std::size_t> on_first_{};  // shards whose table is still in first_
  std::vector<Shard> shards_;
  unsigned stride_;  // words per slot: 1, or 2 with 128-bit keys
  std::unique_ptr<LossySet> lossy_;
};

}  // namespace weft::checker
