// Little-endian loads and stores of fixed-width values: the byte order of every binary format weft writes
// (the canonical encoding, checkpoints, logs, the wire), whatever the host's.
//
//   unsigned char head[12];
//   weft::store_le(head, std::uint32_t{7});             // 07 00 00 00 on any host
//   auto n = weft::load_le<std::uint32_t>(head);        // 7
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>

namespace weft {

/// Writes `value` at `at` (sizeof(T) bytes), least significant byte first.
template <class T>
void store_le(unsigned char* at, T value) {
  if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
    std::memcpy(at, &value, sizeof(T));
  } else {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    std::reverse_copy(bytes, bytes + sizeof(T), at);
  }
}

/// Reads a T written by store_le at `at`.
template <class T>
T load_le(unsigned char const* at) {
  T value;
  if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
    std::memcpy(&value, at, sizeof(T));
  } else {
    unsigned char bytes[sizeof(T)];
    std::reverse_copy(at, at + sizeof(T), bytes);
    std::memcpy(&value, bytes, sizeof(T));
  }
  return value;
}

/// Copies `n` bytes of elements `element_size` wide from host order to little-endian (or back): one
/// copy on a little-endian host, each element reversed on a big-endian one.
inline void copy_le_block(unsigned char* to, unsigned char const* from, std::size_t n, std::size_t element_size) {
  if (std::endian::native == std::endian::little || element_size == 1) {
    if (n) std::memcpy(to, from, n);
    return;
  }
  for (std::size_t i = 0; i < n; i += element_size) std::reverse_copy(from + i, from + i + element_size, to + i);
}

}  // namespace weft
