// Messages on the wire: a 14-byte header (the magic "WEFT", a format version, the sender's node id, the
// payload's length, all little-endian) and the message in cereal's portable binary. Anything else that
// arrives (another program's traffic, a truncated or corrupt datagram, another version) is refused with a
// reason, never a crash.
#pragma once

#include <weft/local_events.hpp>

#include <weft/canonical_archive.hpp>
#include <weft/node_id.hpp>
#include <weft/serialize.hpp>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace weft::runtime {

/// The wire format version: bump it when the header or the payload encoding changes.
inline constexpr std::uint16_t wire_version = 1;
/// The header's size in bytes.
inline constexpr std::size_t wire_header = 14;
/// The largest datagram sent (UDP's limit, less room for headers).
inline constexpr std::size_t max_datagram = 65000;

/// The datagram that carries `msg` from node `from`.
template <class Msg>
std::string encode_datagram(NodeId from, Msg const& msg) {
  std::string const payload = to_portable_binary(msg);
  std::string out(wire_header, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  std::memcpy(p, "WEFT", 4);
  weft::detail::store_le(p + 4, wire_version);
  weft::detail::store_le(p + 6, from.value);
  weft::detail::store_le(p + 10, static_cast<std::uint32_t>(payload.size()));
  return out + payload;
}

/// A datagram taken apart: who sent it and the message's bytes, or why it is not a weft message.
struct Datagram {
  NodeId from;                ///< the sender named in the header
  std::string_view payload;   ///< the message's bytes
  std::string refused;        ///< non-empty: why the datagram is not a message of this cluster
};

/// Reads a datagram's header; `nodes` is the cluster's size (a sender beyond it is refused).
inline Datagram parse_datagram(std::string_view bytes, std::size_t nodes) {
  Datagram d{};
  auto const* p = reinterpret_cast<unsigned char const*>(bytes.data());
  if (bytes.size() < wire_header) return d.refused = "shorter than a header", d;
  if (std::memcmp(p, "WEFT", 4) != 0) return d.refused = "not a weft datagram (bad magic)", d;
  std::uint16_t const version = weft::detail::load_le<std::uint16_t>(p + 4);
  if (version != wire_version)
    return d.refused = "wire format " + std::to_string(version) + ", this build speaks " + std::to_string(wire_version), d;
  d.from = NodeId(weft::detail::load_le<std::uint32_t>(p + 6));
  std::uint32_t const length = weft::detail::load_le<std::uint32_t>(p + 10);
  if (d.from >= nodes) return d.refused = "from node " + std::to_string(d.from.value) + ", not of this cluster", d;
  if (length != bytes.size() - wire_header)
    return d.refused = "truncated or padded (" + std::to_string(bytes.size() - wire_header) + " payload bytes, " +
                       std::to_string(length) + " declared)", d;
  d.payload = bytes.substr(wire_header);
  return d;
}

/// The message in `payload`, or nothing with `why` set.
template <class Msg>
std::optional<Msg> decode_message(std::string_view payload, std::string& why) {
  try {
    return from_portable_binary<Msg>(std::string(payload));
  } catch (std::exception const& e) {  // weft::Error, and bad_alloc or length_error from a corrupt size
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
Arrival<Msg> arrival(std::string_view bytes, std::size_t nodes) {
  Datagram d = parse_datagram(bytes, nodes);
  if (!d.refused.empty()) return {std::nullopt, std::move(d.refused)};
  std::string why;
  if (auto msg = decode_message<Msg>(d.payload, why)) return {Received<Msg>{d.from, std::move(*msg)}, ""};
  if constexpr (std::is_constructible_v<Msg, Malformed>)
    return {Received<Msg>{d.from, Msg(Malformed{std::string(d.payload), why})}, ""};
  return {std::nullopt, std::move(why)};
}

}  // namespace weft::runtime
