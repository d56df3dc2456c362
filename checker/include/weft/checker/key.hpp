// A state's key in the visited set. Its 64-bit fingerprint places it: the shard and slot of the visited
// set, the worker or machine that owns it, its parent links. With 128-bit fingerprints
// (Options::fingerprint_bits) a second, independent 64 bits travel with it and are compared too, so two
// states are confused only when all 128 bits agree:
//
//   Key k = codec.store_successor(ws, succ, out);   // {fp, check}; check is 0 with 64-bit fingerprints
//   if (visited.insert(k)) ...                      // new: no stored key has both halves equal
#pragma once

#include <weft/fingerprint.hpp>

#include <cstdint>

namespace weft::checker {

/// A state's fingerprint and, with 128-bit fingerprints, its second half (0 otherwise).
struct Key {
  Fingerprint fp = 0;       ///< the 64 bits that place the state
  std::uint64_t check = 0;  ///< the other 64 bits of a 128-bit fingerprint
  friend bool operator==(Key const&, Key const&) = default;
};

/// The key of a 64- or 128-bit fingerprint of raw bytes.
inline Key key_of_bytes(void const* data, std::size_t n, bool wide) {
  if (!wide) return {fingerprint_bytes(data, n), 0};
  Fingerprint128 const f = fingerprint128_bytes(data, n);
  return {f.low, f.high};
}

/// The key of a value's canonical encoding (with 64 bits, its weft::fingerprint).
template <class T>
Key key_of(T const& value, bool wide) {
  ByteBuffer& buf = scratch_buffer();
  buf.clear();
  encode(buf, value);
  return key_of_bytes(buf.data(), buf.size(), wide);
}

}  // namespace weft::checker
