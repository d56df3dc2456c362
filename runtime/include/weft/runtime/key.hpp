// A live cluster's key: 32 random bytes, kept in a file as 64 hex digits that only its owner may read.
// Every node of the cluster is given the same file (`key FILE` in the peers file, or `weft run --key`),
// and tags its datagrams with it; a node drops a datagram whose tag is wrong (datagram.hpp).
//
//   weft keygen cluster.key                 # once; copy it to every node
//   printf 'key cluster.key\n0 10.0.0.1:7000\n1 10.0.0.2:7000\n' > peers
#pragma once

#include <weft/runtime/datagram.hpp>

#include <weft/error.hpp>
#include <weft/file.hpp>
#include <weft/rng.hpp>

#include <sodium.h>
#include <sys/stat.h>

#include <cctype>
#include <string>

namespace weft::runtime {

/// A fresh random key, from the operating system's entropy.
inline ClusterKey make_key() {
  weft::detail::ensure_sodium();
  ClusterKey key{};
  crypto_auth_keygen(key.data());
  return key;
}

/// Writes `key` to `path` as 64 hex digits (atomically; readable by its owner only).
inline void save_key(std::string const& path, ClusterKey const& key) {
  char hex[2 * sizeof(ClusterKey) + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  write_file_atomic(path, std::string(hex) + "\n");
  ::chmod(path.c_str(), 0600);
}

/// Reads a key written by save_key; throws weft::Error naming the file when it is not one.
inline ClusterKey load_key(std::string const& path) {
  std::string text = read_file(path, 4096);
  std::erase_if(text, [](unsigned char c) { return std::isspace(c); });
  ClusterKey key{};
  std::size_t length = 0;
  if (text.size() != 2 * key.size() ||
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &length, nullptr) != 0 || length != key.size())
    throw Error(path + ": not a cluster key (expected 64 hex digits, as `weft keygen` writes)");
  return key;
}

}  // namespace weft::runtime
