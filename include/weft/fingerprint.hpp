// Fingerprints: XXH3 over a value's canonical encoding, stable across runs, processes and machines.
#pragma once

#include <weft/encode.hpp>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace weft {

/// The fixed XXH3 seed: changing it changes every fingerprint (and invalidates saved traces).
inline constexpr std::uint64_t fingerprint_seed = 0x7765667400000001ULL;

/// A 64-bit state fingerprint (the default).
using Fingerprint = std::uint64_t;

/// A 128-bit fingerprint, for state spaces where 64-bit collisions are a worry.
struct Fingerprint128 {
  std::uint64_t low = 0;   ///< low 64 bits
  std::uint64_t high = 0;  ///< high 64 bits
  friend bool operator==(Fingerprint128 const&, Fingerprint128 const&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cereal::make_nvp("low", low), cereal::make_nvp("high", high));
  }
};

/// Hashes raw bytes with the fixed seed.
/// (flatten: XXH3's small-input path is a few multiplies, cheaper inline than as a call per state.)
[[gnu::flatten]] inline Fingerprint fingerprint_bytes(void const* data, std::size_t n) {
  return XXH3_64bits_withSeed(data, n, fingerprint_seed);
}

/// Hashes raw bytes to 128 bits with the fixed seed.
inline Fingerprint128 fingerprint128_bytes(void const* data, std::size_t n) {
  XXH128_hash_t h = XXH3_128bits_withSeed(data, n, fingerprint_seed);
  return {h.low64, h.high64};
}

/// A per-thread scratch buffer: the per-state path reuses it and allocates nothing once warm.
inline ByteBuffer& scratch_buffer() {
  thread_local ByteBuffer buffer;
  return buffer;
}

/// The 64-bit fingerprint of a value's canonical encoding.
template <class T>
Fingerprint fingerprint(T const& value) {
  ByteBuffer& buf = scratch_buffer();
  buf.clear();
  encode(buf, value);
  return fingerprint_bytes(buf.data(), buf.size());
}

/// The 128-bit fingerprint of a value's canonical encoding.
template <class T>
Fingerprint128 fingerprint128(T const& value) {
  ByteBuffer& buf = scratch_buffer();
  buf.clear();
  encode(buf, value);
  return fingerprint128_bytes(buf.data(), buf.size());
}

/// The canonical encoding of a value as a string of bytes (for tests and diagnostics, not the hot path).
template <class T>
std::string canonical_bytes(T const& value) {
  ByteBuffer buf;
  encode(buf, value);
  return buf.str();
}

/// A fingerprint as 16 lower-case hex digits.
inline std::string to_hex(Fingerprint fp) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fp));
  return text;
}

}  // namespace weft
