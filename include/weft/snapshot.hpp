// Snapshots: one state of a model, suspended to a file (hs-p4p's suspend/resume). A snapshot names its
// protocol and configuration and carries its state's fingerprint, so that it loads on another machine
// (the binary form is explicitly little-endian), is checked on load, and can be explored, replayed from,
// forked, or have one node's state taken out and put into another world.
#pragma once

#include <weft/document.hpp>
#include <weft/fingerprint.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace weft {

/// The snapshot format version: bump it when the layout changes.
inline constexpr std::uint32_t snapshot_version = 1;

/// What a snapshot is of.
struct SnapshotHeader {
  BOOST_HANA_DEFINE_STRUCT(SnapshotHeader,
    (std::string, format),                         ///< "weft-snapshot"
    (std::uint32_t, version),                      ///< snapshot_version when written
    (std::string, protocol),                       ///< as `weft list` names it
    (std::map<std::string, std::string>, config),  ///< every configuration key's value
    (std::string, source),                         ///< where it was taken: `trace.json, step 4`
    (std::string, fingerprint));                   ///< of the state, 16 hex digits
};

/// A state of model M, with its header.
template <class M>
struct Snapshot {
  BOOST_HANA_DEFINE_STRUCT(Snapshot,
    (SnapshotHeader, header),
    (typename M::State, state));
};

/// A snapshot of `state`.
template <class M>
Snapshot<M> make_snapshot(std::string protocol, std::map<std::string, std::string> config, std::string source,
                          typename M::State state) {
  SnapshotHeader h{"weft-snapshot", snapshot_version, std::move(protocol), std::move(config), std::move(source),
                   to_hex(fingerprint(state))};
  return {std::move(h), std::move(state)};
}

/// Checks that a header is a snapshot this build reads; `what` names the file.
inline void check_snapshot_header(SnapshotHeader const& h, std::string const& what) {
  if (h.format != "weft-snapshot") throw Error(what + ": not a weft snapshot");
  if (h.version != snapshot_version)
    throw Error(what + ": snapshot format " + std::to_string(h.version) + ", this build reads " +
                std::to_string(snapshot_version));
}

/// Reads a snapshot's header alone.
inline SnapshotHeader load_snapshot_header(std::filesystem::path const& path) {
  SnapshotHeader h = load_document_header<SnapshotHeader>(path);
  check_snapshot_header(h, path.string());
  return h;
}

/// Reads a snapshot of model M; its state must have the fingerprint recorded with it.
template <class M>
Snapshot<M> load_snapshot(std::filesystem::path const& path) {
  auto snap = load_document<Snapshot<M>>(path, [&](SnapshotHeader const& h) { check_snapshot_header(h, path.string()); });
  if (to_hex(fingerprint(snap.state)) != snap.header.fingerprint)
    throw Error(path.string() + ": the state does not have its recorded fingerprint (edited, corrupt, or written by "
                                "a build that encodes this protocol's state differently)");
  return snap;
}

/// Writes a snapshot atomically: JSON, or binary for `.bin` files unless `format` says otherwise.
template <class M>
void save_snapshot(std::filesystem::path const& path, Snapshot<M> const& snap, std::optional<Format> format = std::nullopt) {
  save_document(path, snap, format.value_or(format_for(path)));
}

}  // namespace weft
