// Fingerprint -> state number for the liveness graph: open addressing with linear probing, 12 bytes a slot
// and at most half full, no allocation per state (unlike a node-based map). Lookups are safe from several
// threads while nobody inserts, which is how the graph builder uses it (expand in parallel, then merge).
//
//   StateIndex index;
//   auto [v, fresh] = index.insert(fp);   // v == 0, fresh: the first state
//   index.find(fp);                       // 0
//   index.find(other);                    // StateIndex::absent
#pragma once

#include <weft/fingerprint.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace weft::checker {

/// Numbers fingerprints in the order they are first inserted.
class StateIndex {
 public:
  /// What find() returns for a fingerprint never inserted.
  static constexpr std::uint32_t absent = 0xffffffffu;

  /// The number of `fp`, and whether it was added now (numbered size() - 1).
  std::pair<std::uint32_t, bool> insert(Fingerprint fp) {
    if (2 * (size_ + 1) > numbers_.size()) grow();
    std::size_t i = slot(fp);
    for (; numbers_[i] != absent; i = (i + 1) & mask_)
      if (keys_[i] == fp) return {numbers_[i], false};
    keys_[i] = fp;
    numbers_[i] = static_cast<std::uint32_t>(size_);
    return {static_cast<std::uint32_t>(size_++), true};
  }
  /// The number of `fp`, or `absent`.
  std::uint32_t find(Fingerprint fp) const {
    if (numbers_.empty()) return absent;
    for (std::size_t i = slot(fp); numbers_[i] != absent; i = (i + 1) & mask_)
      if (keys_[i] == fp) return numbers_[i];
    return absent;
  }
  /// The number of states.
  std::size_t size() const { return size_; }
  /// Room for `n` states without growing.
  void reserve(std::size_t n) {
    while (numbers_.size() < 2 * n) grow();
  }
  /// Bytes held.
  std::size_t bytes() const { return keys_.capacity() * sizeof(Fingerprint) + numbers_.capacity() * 4; }

 private:
  std::size_t slot(Fingerprint fp) const { return static_cast<std::size_t>(fp * 0x9e3779b97f4a7c15ULL >> 20) & mask_; }
  void grow() {
    std::vector<Fingerprint> keys = std::move(keys_);
    std::vector<std::uint32_t> numbers = std::move(numbers_);
    std::size_t const n = numbers.empty() ? 1024 : 2 * numbers.size();
    keys_.assign(n, 0);
    numbers_.assign(n, absent);
    mask_ = n - 1;
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      if (numbers[k] == absent) continue;
      std::size_t i = slot(keys[k]);
      while (numbers_[i] != absent) i = (i + 1) & mask_;
      keys_[i] = keys[k];
      numbers_[i] = numbers[k];
    }
  }
  std::vector<Fingerprint> keys_;
  std::vector<std::uint32_t> numbers_;
  std::size_t mask_ = 0, size_ = 0;
};

}  // namespace weft::checker
