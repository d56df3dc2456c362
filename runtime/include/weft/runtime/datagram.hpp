// Messages on the wire: a 14-byte header (the magic "WEFT", a format version, the sender's node id, the
// payload's length, all little-endian), the message in weft's canonical encoding, and, in a cluster that
// has a key, a 32-byte authentication tag (libsodium's crypto_auth, HMAC-SHA-512-256) over both. The
// payload is read by weft's strict decoder (every size checked against the bytes left, bools 0 or 1,
// enums among their named values, nothing left over) and its node ids must be of the cluster, so what a
// node accepts, and logs as received, is exactly what it can read back. Anything else (another
// program's traffic, a truncated or forged datagram, another version, a wrong key) is refused with a
// reason, never a crash.
#pragma once

#include <weft/byte_order.hpp>
#include <weft/local_events.hpp>

#include <weft/byte_buffer.hpp>
#include <weft/canonical_archive.hpp>
#include <weft/decode.hpp>
#include <weft/encode.hpp>
#include <weft/node_id.hpp>
#include <weft/rewrite.hpp>
#include <weft/rng.hpp>

#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::runtime {

/// The wire format version: bump it when the header or the payload encoding changes.
inline constexpr std::uint16_t wire_version = 2;
/// The header's size in bytes.
inline constexpr std::size_t wire_header = 14;
/// The authentication tag's size in bytes (a cluster with a key).
inline constexpr std::size_t wire_tag = crypto_auth_BYTES;
/// The largest datagram sent (UDP's limit, less room for headers).
inline constexpr std::size_t max_datagram = 65000;

/// A cluster's shared key: datagrams carry a tag made with it, and a node drops those whose tag is wrong.
using ClusterKey = std::array<unsigned char, crypto_auth_KEYBYTES>;

/// The datagram that carries `msg` from node `from`, tagged with `key` when there is one.
template <class Msg>
std::string encode_datagram(NodeId from, Msg const& msg, ClusterKey const* key = nullptr) {
  ByteBuffer payload;
  encode(payload, msg);
  std::string out(wire_header + payload.size() + (key ? wire_tag : 0), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  std::memcpy(p, "WEFT", 4);
  weft::store_le(p + 4, wire_version);
  weft::store_le(p + 6, from.value);
  weft::store_le(p + 10, static_cast<std::uint32_t>(payload.size()));
  if (payload.size()) std::memcpy(p + wire_header, payload.data(), payload.size());
  if (key) {
    weft::detail::ensure_sodium();
    crypto_auth(p + wire_header + payload.size(), p, wire_header + payload.size(), key->data());
  }
  return out;
}

/// A datagram taken apart: who sent it and the message's bytes, or why it is not a weft message.
struct Datagram {
  NodeId from;                ///< the sender named in the header
  std::string_view payload;   ///< the message's bytes
  std::string refused;        ///< non-empty: why the datagram is not a message of this cluster
};

/// Reads a datagram's header (and checks its tag when the cluster has a key); `nodes` is the cluster's
/// size (a sender beyond it is refused).
inline Datagram parse_datagram(std::string_view bytes, std::size_t nodes, ClusterKey const* key = nullptr) {
  Datagram d{};
  auto const* p = reinterpret_cast<unsigned char const*>(bytes.data());
  if (bytes.size() < wire_header) return d.refused = "shorter than a header", d;
  if (std::memcmp(p, "WEFT", 4) != 0) return d.refused = "not a weft datagram (bad magic)", d;
  std::uint16_t const version = weft::load_le<std::uint16_t>(p + 4);
  if (version != wire_version)
    return d.refused = "wire format " + std::to_string(version) + ", this build speaks " + std::to_string(wire_version), d;
  d.from = NodeId(weft::load_le<std::uint32_t>(p + 6));
  std::uint64_t const length = weft::load_le<std::uint32_t>(p + 10);
  std::size_t const tag = key ? wire_tag : 0;
  if (d.from >= nodes) return d.refused = "from node " + std::to_string(d.from.value) + ", not of this cluster", d;
  if (length + tag != bytes.size() - wire_header) {
    if (key && length == bytes.size() - wire_header) return d.refused = "not authenticated (a sender without the cluster key)", d;
    return d.refused = "truncated or padded (" + std::to_string(bytes.size() - wire_header) + " bytes after the header, " +
                       std::to_string(length) + " declared" + (key ? " and a tag" : "") + ")", d;
  }
  if (key) weft::detail::ensure_sodium();
  if (key && crypto_auth_verify(p + wire_header + length, p, wire_header + length, key->data()) != 0)
    return d.refused = "its authentication tag is wrong (a forgery, or another cluster's key)", d;
  d.payload = bytes.substr(wire_header, length);
  return d;
}

/// The message in `payload`, read strictly and with every node id in it below `nodes`; or nothing, with
/// `why` set.
template <class Msg>
std::optional<Msg> decode_message(std::string_view payload, std::size_t nodes, std::string& why) {
  try {
    Msg msg = decode_bytes<Msg>(payload, "the message");
    for_each_node_id(msg, [&](NodeId id) {
      if (id >= nodes && why.empty()) why = "the message names node " + std::to_string(id.value) + ", not of this cluster";
    });
    if (!why.empty()) return std::nullopt;
    return msg;
  } catch (std::exception const& e) {  // weft::Error from the strict decoder; bad_alloc cannot happen (sizes are checked)
    why = std::string("malformed message: ") + e.what();
    return std::nullopt;
  }
}

/// What a datagram brings to a node: a message, or why it was dropped.
template <class Msg>
struct Arrival {
  std::optional<Received<Msg>> message;  ///< the message and its sender
  std::string refused;                   ///< otherwise: why it is not a message of this cluster
};

/// Takes a datagram apart and decodes its message. A Msg with Malformed among its alternatives receives a
/// payload that does not decode as a value (a process testing its own parsing); others drop it.
template <class Msg>
Arrival<Msg> arrival(std::string_view bytes, std::size_t nodes, ClusterKey const* key = nullptr) {
  Datagram d = parse_datagram(bytes, nodes, key);
  if (!d.refused.empty()) return {std::nullopt, std::move(d.refused)};
  std::string why;
  if (auto msg = decode_message<Msg>(d.payload, nodes, why)) return {Received<Msg>{d.from, std::move(*msg)}, ""};
  if constexpr (std::is_constructible_v<Msg, Malformed>)
    return {Received<Msg>{d.from, Msg(Malformed{std::string(d.payload), why})}, ""};
  return {std::nullopt, std::move(why)};
}

}  // namespace weft::runtime
