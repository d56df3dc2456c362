// Key -> state number for the liveness graph: open addressing with linear probing, 12 bytes a slot (20
// with 128-bit keys) and at most half full, no allocation per state (unlike a node-based map). Lookups are
// safe from several threads while nobody inserts, which is how the graph builder uses it (expand in
// parallel, then merge).
//
//   StateIndex index;
//   auto [v, fresh] = index.insert(k);    // v == 0, fresh: the first state
//   index.find(k);                        // 0
//   index.find(other);                    // StateIndex::absent
#pragma once

#include <weft/checker/key.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace weft::checker {

/// Numbers keys in the order they are first inserted.
class StateIndex {
 public:
  /// What find() returns for a key never inserted.
  static constexpr std::uint32_t absent = 0xffffffffu;

  /// An index whose keys compare by 128 bits when `wide`.
  explicit StateIndex(bool wide = false) : wide_(wide) {}
  /// True when keys compare by 128 bits.
  bool wide() const { return wide_; }

  /// The number of `k`, and whether it was added now (numbered size() - 1).
  std::pair<std::uint32_t, bool> insert(Key k) {
    if (2 * (size_ + 1) > numbers_.size()) grow();
    std::size_t i = slot(k.fp);
    for (; numbers_[i] != absent; i = (i + 1) & mask_)
      if (holds(i, k)) return {numbers_[i], false};
    put(i, k, static_cast<std::uint32_t>(size_));
    return {static_cast<std::uint32_t>(size_++), true};
  }
  /// The number of `k`, or `absent`.
  std::uint32_t find(Key k) const {
    if (numbers_.empty()) return absent;
    for (std::size_t i = slot(k.fp); numbers_[i] != absent; i = (i + 1) & mask_)
      if (holds(i, k)) return numbers_[i];
    return absent;
  }
  /// The number of states.
  std::size_t size() const { return size_; }
  /// Room for `n` states without growing.
  void reserve(std::size_t n) {
    while (numbers_.size() < 2 * n) grow();
  }
  /// Bytes held.
  std::size_t bytes() const {
    return keys_.capacity() * sizeof(Fingerprint) + checks_.capacity() * sizeof(std::uint64_t) + numbers_.capacity() * 4;
  }

 private:
  std::size_t slot(Fingerprint fp) const { return static_cast<std::size_t>(fp * 0x9e3779b97f4a7c15ULL >> 20) & mask_; }
  bool holds(std::size_t i, Key k) const { return keys_[i] == k.fp && (!wide_ || checks_[i] == k.check); }
  void put(std::size_t i, Key k, std::uint32_t number) {
    keys_[i] = k.fp;
    if (wide_) checks_[i] = k.check;
    numbers_[i] = number;
  }
  void grow() {
    std::vector<Fingerprint> keys = std::move(keys_);
    std::vector<std::uint64_t> checks = std::move(checks_);
    std::vector<std::uint32_t> numbers = std::move(numbers_);
    std::size_t const n = numbers.empty() ? 1024 : 2 * numbers.size();
    keys_.assign(n, 0);
    if (wide_) checks_.assign(n, 0);
    numbers_.assign(n, absent);
    mask_ = n - 1;
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      if (numbers[k] == absent) continue;
      std::size_t i = slot(keys[k]);
      while (numbers_[i] != absent) i = (i + 1) & mask_;
      put(i, Key{keys[k], wide_ ? checks[k] : 0}, numbers[k]);
    }
  }
  bool wide_;
  std::vector<Fingerprint> keys_;
  std::vector<std::uint64_t> checks_;  // the keys' second halves, with 128-bit keys only
  std::vector<std::uint32_t> numbers_;
  std::size_t mask_ = 0, size_ = 0;
};

}  // namespace weft::checker
