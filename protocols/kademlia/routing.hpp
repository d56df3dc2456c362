// Kademlia's routing table as plain functions: the XOR metric, bucket indices, and a flat table of
// k-buckets (grouped by bucket index, least recently seen first within a bucket), which keeps the node
// state one sorted vector instead of a vector of vectors.
#pragma once

#include "kademlia_types.hpp"

#include <weft/compare.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <optional>
#include <vector>

namespace kademlia {

/// The XOR distance between two ids.
inline unsigned distance(KadId a, KadId b) { return static_cast<unsigned>(a ^ b); }

/// The bucket of `other` in the table of node `self`: the index of the highest bit where the ids differ
/// (bucket i covers distances [2^i, 2^(i+1))). The ids must differ.
inline unsigned bucket_of(KadId self, KadId other) {
  return static_cast<unsigned>(std::bit_width(distance(self, other))) - 1;
}

/// The position of `addr` in a list of contacts, if it is there.
template <class List, class Get>
std::optional<std::size_t> position(List const& list, weft::NodeId addr, Get get) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (get(list[i]).addr == addr) return i;
  return std::nullopt;
}

/// The position of `addr` in a table.
inline std::optional<std::size_t> find_contact(std::vector<Contact> const& table, weft::NodeId addr) {
  return position(table, addr, [](Contact const& c) -> Contact const& { return c; });
}

/// How many contacts of `self`'s table are in bucket `b`.
inline std::size_t bucket_size(std::vector<Contact> const& table, KadId self, unsigned b) {
  return static_cast<std::size_t>(
      std::count_if(table.begin(), table.end(), [&](Contact const& c) { return bucket_of(self, c.id) == b; }));
}

/// The least recently seen contact of bucket `b` (the bucket must not be empty).
inline Contact const& least_recent(std::vector<Contact> const& table, KadId self, unsigned b) {
  return *std::find_if(table.begin(), table.end(), [&](Contact const& c) { return bucket_of(self, c.id) == b; });
}

/// Puts `c` last (most recently seen) in its bucket; it must not be in the table.
inline void append_contact(std::vector<Contact>& table, KadId self, Contact c) {
  unsigned const b = bucket_of(self, c.id);
  auto at = std::find_if(table.begin(), table.end(), [&](Contact const& x) { return bucket_of(self, x.id) > b; });
  table.insert(at, c);
}

/// Removes the contact with address `addr`, if present; true when it was there.
inline bool remove_contact(std::vector<Contact>& table, weft::NodeId addr) {
  auto i = find_contact(table, addr);
  if (!i) return false;
  table.erase(table.begin() + static_cast<std::ptrdiff_t>(*i));
  return true;
}

/// The `count` contacts of `table` closest to `target`, nearest first, leaving out `exclude`.
inline std::vector<Contact> closest(std::vector<Contact> const& table, KadId target, std::size_t count,
                                    std::optional<weft::NodeId> exclude = std::nullopt) {
  std::vector<Contact> out;
  for (Contact const& c : table)
    if (!exclude || c.addr != *exclude) out.push_back(c);
  std::sort(out.begin(), out.end(),
            [&](Contact const& a, Contact const& b) { return distance(a.id, target) < distance(b.id, target); });
  if (out.size() > count) out.resize(count);
  return out;
}

/// Adds `c` to a sorted contact list (the ghost `heard` set) unless it is there.
inline void add_sorted(std::vector<Contact>& list, Contact c) {
  auto at = std::lower_bound(list.begin(), list.end(), c, weft::Less{});
  if (at == list.end() || !weft::equal(*at, c)) list.insert(at, c);
}

/// True when `list` (sorted, as by add_sorted) holds `c`.
inline bool contains_sorted(std::vector<Contact> const& list, Contact c) {
  return std::binary_search(list.begin(), list.end(), c, weft::Less{});
}

}  // namespace kademlia
