// Bringing a node back from its log: its last snapshot, with the inputs logged after it run again (the
// handlers are deterministic, so this is the record it had when it stopped). A torn tail is cut off the
// file first, so that new records follow whole ones; a damaged log (load_log) stops the node instead, and
// its file is left as it was.
#pragma once

#include <weft/runtime/log.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace weft::runtime {

/// A record recovered from a log, and a note for the operator ("" when there is nothing to say).
template <class W>
struct Recovered {
  typename W::Node node;
  std::string note;
};

/// Holds log `log` (read from `path`) to `world`: its node and cluster size, every snapshot a valid record
/// of its node, every input a valid event of it. A log is outside input like any file: nothing runs on
/// it before this.
template <class W>
void check_log(W const& world, LogFile<W> const& log, std::string const& path) {
  NodeId const id = log.header.node;
  if (log.header.nodes != world.node_count() || id >= world.node_count())
    throw Error(path + ": the log is of node " + std::to_string(id.value) + " of " + std::to_string(log.header.nodes) +
                ", the configuration has " + std::to_string(world.node_count()) + " nodes");
  for (std::size_t i = 0; i < log.records.size(); ++i) {
    std::string why;
    if (auto const* s = std::get_if<LogSnapshot<W>>(&log.records[i])) why = world.validate_node(s->node, id);
    else if (auto const* in = std::get_if<LogInput<W>>(&log.records[i])) why = world.validate_local(in->event, id);
    if (!why.empty()) throw Error(path + ": record " + std::to_string(i + 1) + ": " + why);
  }
}

/// Reads a log of world W, held to `world` (check_log).
template <class W>
LogFile<W> load_checked_log(W const& world, std::string const& path) {
  LogFile<W> log = load_log<W>(path);
  check_log(world, log, path);
  return log;
}

/// The record a node had at the end of its log: its last snapshot with the inputs after it run again.
template <class W>
typename W::Node end_record(W const& world, LogFile<W> const& log) {
  std::optional<typename W::Node> node;
  for (auto const& record : log.records) {
    if (auto const* s = std::get_if<LogSnapshot<W>>(&record)) node = s->node;
    else if (auto const* in = std::get_if<LogInput<W>>(&record); in && node)
      world.run_local(*node, log.header.node, in->event, [](auto&&) {});
  }
  if (!node) throw Error("the log of node " + std::to_string(log.header.node.value) + " has no snapshot to start from");
  return *node;
}

/// The record node `id` of `world` had at the end of its log at `path`, for a restart.
template <class W>
Recovered<W> recover(W const& world, std::string const& path, NodeId id) {
  LogFile<W> log = load_checked_log(world, path);
  if (log.header.node != id)
    throw Error(path + " is the log of node " + std::to_string(log.header.node.value) + ", not of node " +
                std::to_string(id.value));
  Recovered<W> out{};
  if (log.torn_at) {
    std::filesystem::resize_file(path, log.torn_at);
    out.note = path + ": a torn record at byte " + std::to_string(log.torn_at) + " (a kill mid-write) was cut off";
  }
  out.node = end_record(world, log);
  return out;
}

}  // namespace weft::runtime
