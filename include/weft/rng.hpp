// The process RNG: a ChaCha20 stream (libsodium's randombytes_buf_deterministic) whose key and counter are
// plain data, so it serialises, resumes and forks with the process that owns it.
#pragma once

#include <weft/error.hpp>
#include <weft/reflect.hpp>

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>

namespace weft {

namespace detail {
inline void ensure_sodium() {
  static int const status = sodium_init();
  if (status < 0) throw Error("libsodium failed to initialise");
}
}  // namespace detail

/// A deterministic random stream: draw k is ChaCha20 keyed by `key` with the draw index folded into it.
struct Rng {
  BOOST_HANA_DEFINE_STRUCT(Rng,
    (std::array<std::uint8_t, 32>, key),
    (std::uint64_t, counter)
  );

  /// A stream derived from a 64-bit seed and a stream number (a node id, say): distinct streams per pair.
  static Rng from_seed(std::uint64_t seed, std::uint64_t stream = 0) {
    std::array<std::uint8_t, 32> material{};
    for (int i = 0; i < 8; ++i) {
      material[i] = static_cast<std::uint8_t>(seed >> (8 * i));
      material[8 + i] = static_cast<std::uint8_t>(stream >> (8 * i));
    }
    material[16] = 'w';  // domain separation from keys a user might pass directly
    Rng rng{};
    detail::ensure_sodium();
    randombytes_buf_deterministic(rng.key.data(), rng.key.size(), material.data());
    rng.counter = 0;
    return rng;
  }

  /// The next 64 random bits.
  std::uint64_t next_u64() {
    std::array<std::uint8_t, 32> block_key = key;
    for (int i = 0; i < 8; ++i) block_key[24 + i] ^= static_cast<std::uint8_t>(counter >> (8 * i));
    ++counter;
    std::uint8_t bytes[8];
    detail::ensure_sodium();
    randombytes_buf_deterministic(bytes, sizeof bytes, block_key.data());
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(bytes[i]) << (8 * i);  // little-endian
    return value;
  }

  /// A uniform value in [0, bound), without modulo bias; bound must be positive.
  std::uint64_t below(std::uint64_t bound) {
    if (bound == 0) throw Error("Rng::below(0): the bound must be positive");
    std::uint64_t const limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x;
    do x = next_u64();
    while (x >= limit);
    return x % bound;
  }

  /// A uniform double in [0, 1).
  double unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// True with probability p.
  bool chance(double p) { return unit() < p; }
};

/// The key is noise to a reader: print how far the stream has been drawn.
inline void weft_print(std::string& out, Rng const& r) { out += "Rng{drawn: " + std::to_string(r.counter) + "}"; }

}  // namespace weft
