// The two lossy visited sets, for state spaces larger than any memory: a fixed amount of memory, fewer
// bytes a state, and a chance that a new state is taken for one already seen (omitted, with everything
// only it leads to). Each reports the expected number of states it omitted, so that a run can say how
// far to trust its coverage. Exhaustive search stays the default; these are asked for by name.
//
// - Bitstate hashing (SPIN's supertrace): k bits of a bit array per state. A state is new unless all its
//   k bits are already set. Omission at each insertion: the false-positive rate of a Bloom filter.
// - Hash compaction (Stern and Dill): a fixed table of 32-bit values. A state's slot comes from its
//   fingerprint's low bits and the value stored is 32 other bits, so a new state is omitted only when a
//   slot on its probe path holds the same 32 bits.
//
// Like FingerprintSet, both are split into 256 shards with one writer each, so they take no locks.
//
//   LossySet bits(LossySet::bitstate, 1 << 30, 3);   // 1 GiB of bits, 3 hash functions
//   bool const fresh = bits.insert(key);
#pragma once

#include <weft/checker/key.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace weft::checker {

/// A visited set of fixed memory that may omit states, and knows about how many it may have omitted.
class LossySet {
 public:
  /// Which lossy table.
  enum Kind { bitstate, compaction };
  static constexpr unsigned shard_bits = 8;
  static constexpr std::size_t shards = std::size_t{1} << shard_bits;

  /// A table of `bytes` (at least a word a shard); `hashes`: bits per state (bitstate). A rank of a
  /// distributed search owns the shards `s % ranks == rank` and spreads its `bytes` over them alone.
  LossySet(Kind kind, std::uint64_t bytes, unsigned hashes, unsigned rank = 0, unsigned ranks = 1)
      : kind_(kind), hashes_(hashes ? hashes : 1), shards_(shards) {
    for (std::size_t s = 0; s < shards; ++s) owned_ += s % ranks == rank;
    std::uint64_t const per_shard = std::max<std::uint64_t>(bytes / std::max<std::size_t>(owned_, 1), 8);
    if (kind == bitstate) {
      words_ = per_shard / 8;
    } else {
      slots_ = 1;
      while (slots_ * 2 * 4 <= per_shard) slots_ *= 2;  // a power of two: the slot is the fingerprint's low bits
      words_ = (slots_ + 1) / 2;
    }
    for (std::size_t s = 0; s < shards; ++s) {
      if (s % ranks != rank) continue;  // another rank's: never touched here
      shards_[s].words.reset(static_cast<std::uint64_t*>(std::calloc(words_, sizeof(std::uint64_t))));
      if (!shards_[s].words) throw std::bad_alloc();
    }
  }

  /// Adds `k` (whose top bits chose shard `shard`); true when it was taken for new. Only the shard's
  /// owner may call this.
  bool insert(std::size_t shard, Key k) {
    Shard& s = shards_[shard];
    bool const fresh = kind_ == bitstate ? set_bits(s, k) : place(s, k);
    if (fresh) s.count.store(s.count.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return fresh;
  }

  /// States taken for new.
  std::size_t size() const {
    std::size_t n = 0;
    for (auto const& s : shards_) n += s.count.load(std::memory_order_relaxed);
    return n;
  }
  /// Bytes of the table.
  std::uint64_t bytes() const { return words_ * sizeof(std::uint64_t) * owned_; }
  /// True when a hash-compaction table is too full to go on (a bitstate array never is).
  bool full() const { return full_.load(std::memory_order_relaxed); }
  /// Which table this is.
  Kind kind() const { return kind_; }
  /// Bitstate: bits per state stored; compaction: slots per state (SPIN's "hash factor").
  double hash_factor() const {
    double const n = static_cast<double>(size());
    return n > 0 ? static_cast<double>(kind_ == bitstate ? bytes() * 8 : slots_ * owned_) / n : 0;
  }

  /// The expected number of states omitted so far, summed over the shards.
  double expected_omissions() const {
    double total = 0;
    for (auto const& s : shards_) {
      double const n = static_cast<double>(s.count.load(std::memory_order_relaxed));
      total += kind_ == bitstate ? bitstate_omissions(n) : compaction_omissions(n);
    }
    return total;
  }

 private:
  struct Free {
    void operator()(std::uint64_t* p) const { std::free(p); }
  };
  struct alignas(64) Shard {
    std::unique_ptr<std::uint64_t[], Free> words;
    std::atomic<std::size_t> count{0};
  };

  // Bitstate: after `a` new states were offered the array's fill is 1 - e^(-ka/m), whether or not they
  // were kept (one taken for seen sets no bit), and the next is taken for seen with chance fill^k.
  // Stepping through the offers until `n` were kept gives how many were offered; the rest were omitted.
  double bitstate_omissions(double n) const {
    double const m = static_cast<double>(words_ * 64), k = hashes_, h = std::max(n / 256, 1e-9);
    double offered = 0, kept = 0;
    for (int i = 0; i < 1000000 && kept < n; ++i) {
      double const p = std::pow(1 - std::exp(-k * (offered + h / 2) / m), k);
      if (kept + h * (1 - p) >= n) return offered + (n - kept) / std::max(1 - p, 1e-12) - n;
      offered += h;
      kept += h * (1 - p);
    }
    return offered - kept;
  }

  // Hash compaction: the table holds exactly the states kept; with x of them, a new one meets a slot of
  // equal value on its probe path with chance probes(x) / 2^32, so each kept state cost p/(1-p) omitted.
  double compaction_omissions(double n) const {
    double total = 0;
    constexpr int steps = 64;  // midpoint rule: the rate rises smoothly with the fill
    for (int i = 0; i < steps; ++i) {
      double const load = std::min((i + 0.5) * n / steps / static_cast<double>(slots_), 0.99);
      double const probes = (1 + 1 / ((1 - load) * (1 - load))) / 2;  // an unsuccessful linear-probing search
      double const p = std::min(probes * 0x1p-32, 0.999);
      total += n / steps * p / (1 - p);
    }
    return total;
  }

  static std::uint64_t mix(std::uint64_t x) {  // a 64-bit finaliser: every bit of x moves every bit out
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
  }

  // Bitstate: bit i of k by double hashing, mapped onto the shard's bits without a division.
  bool set_bits(Shard& s, Key k) {
    std::uint64_t const bits = words_ * 64;
    std::uint64_t h = mix(k.fp ^ k.check);
    std::uint64_t const step = mix(k.fp + 0x9e3779b97f4a7c15ULL) | 1;
    bool fresh = false;
    for (unsigned i = 0; i < hashes_; ++i, h += step) {
      std::uint64_t const bit = static_cast<std::uint64_t>((static_cast<unsigned __int128>(h) * bits) >> 64);
      std::uint64_t& word = s.words[bit / 64];
      std::uint64_t const mask = std::uint64_t{1} << (bit % 64);
      fresh = fresh || !(word & mask);
      word |= mask;
    }
    return fresh;
  }

  // Hash compaction: linear probing over 32-bit values (0: empty); the slot from the low bits, the value
  // from bits 24 to 55 (the top 8 chose the shard).
  bool place(Shard& s, Key k) {
    auto* table = reinterpret_cast<std::uint32_t*>(s.words.get());
    std::uint32_t value = static_cast<std::uint32_t>((k.fp ^ mix(k.check)) >> 24);
    if (value == 0) value = 1;
    std::uint64_t const mask = slots_ - 1;
    if (s.count.load(std::memory_order_relaxed) >= slots_ / 10 * 9) {  // past 90%: probes grow without bound
      full_.store(true, std::memory_order_relaxed);
      return false;
    }
    for (std::uint64_t i = k.fp & mask;; i = (i + 1) & mask) {
      if (table[i] == 0) {
        table[i] = value;
        return true;
      }
      if (table[i] == value) return false;
    }
  }

  Kind kind_;
  unsigned hashes_;
  std::uint64_t words_ = 0;
  std::uint64_t slots_ = 0;
  std::vector<Shard> shards_;
  std::size_t owned_ = 0;  // shards with a table
  std::atomic<bool> full_{false};
};

}  // namespace weft::checker
