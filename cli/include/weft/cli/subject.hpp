// What every subcommand of one protocol is given: the model its configuration builds, that
// configuration, and how to build the model again under other settings (`diff --set`, `replay --log
// --to-trace`). Files are read through it, so that a trace or snapshot of another protocol is refused as
// such ("x.json is a trace of raft, not of ping_pong") before its contents are parsed as this one's, and
// what is read is held to the model (validate.hpp) before anything runs on it.
#pragma once

#include <weft/error.hpp>
#include <weft/snapshot.hpp>
#include <weft/trace.hpp>
#include <weft/trace_v1.hpp>
#include <weft/validate.hpp>

#include <functional>
#include <map>
#include <string>

namespace weft::cli {

/// A protocol's model and configuration, as one subcommand sees them.
template <class M>
struct Subject {
  M const& model;                                  ///< the model the configuration builds
  std::string protocol;                            ///< its name
  std::map<std::string, std::string> config;       ///< every settings key's value
  std::map<std::string, std::string> defaults;     ///< the protocol's defaults
  std::function<M(std::map<std::string, std::string> const&)> remake;  ///< the model with some keys changed

  /// Reads a trace of this protocol, held to the model (validate.hpp).
  Trace<M> load_trace(std::string const& path) const {
    expect_protocol(path, "trace", load_trace_header(path).protocol);
    auto t = load_any_trace(model, path);  // an older format is upgraded in memory
    check_trace(model, t, path);
    return t;
  }
  /// Reads a snapshot of this protocol, held to the model.
  Snapshot<M> load_snapshot(std::string const& path) const {
    expect_protocol(path, "snapshot", load_snapshot_header(path).protocol);
    auto s = weft::load_snapshot<M>(path);
    check_snapshot(model, s, path);
    return s;
  }

 private:
  void expect_protocol(std::string const& path, char const* kind, std::string const& theirs) const {
    if (theirs != protocol)
      throw Error(path + " is a " + kind + " of " + (theirs.empty() ? std::string("a model no tool knows") : theirs) +
                  ", not of " + protocol);
  }
};

}  // namespace weft::cli
