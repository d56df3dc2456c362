// Bringing a node back from its log: its last snapshot, with the inputs logged after it run again (the
// handlers are deterministic, so this is the record it had when it stopped). A torn tail is cut off the
// file first, so that new records follow whole ones.
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
  LogFile<W> log = load_log<W>(path);
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
