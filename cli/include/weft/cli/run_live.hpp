// The live commands: `weft run` (one node of a world on real sockets and clocks), `weft replay --log`
// (a node's log against this build, or turned into a trace), and the logs behind `weft check --from-logs`.
#pragma once

#include <weft/cli/request.hpp>
#include <weft/cli/subject.hpp>

#include <weft/runtime/from_logs.hpp>
#include <weft/runtime/key.hpp>
#include <weft/runtime/live_node.hpp>
#include <weft/runtime/log_replay.hpp>
#include <weft/runtime/peers.hpp>

#include <cstdio>
#include <functional>
#include <string>

namespace weft::cli {

/// True for models that can run live: worlds of processes (hand-written models cannot).
template <class M>
concept LiveWorld = requires(M const& m, typename M::Node& node, typename M::Local const& e) {
  m.fresh_node(NodeId{}, Rng{});
  m.run_local(node, NodeId{}, e, [](typename M::WorldEffect&&) {});
};

/// Runs node `req.node` of `model` until it is stopped.
template <class M>
int run_live(Subject<M> const& subject, RunRequest const& req) {
  M const& model = subject.model;
  std::string const& protocol = subject.protocol;
  auto const& config = subject.config;
  if constexpr (LiveWorld<M>) {
    runtime::LiveOptions o;
    o.id = req.node;
    auto const peers = runtime::load_peers(req.peers);
    o.peers = peers.nodes;
    std::string const key_file = req.key.empty() ? peers.key_file : req.key;
    if (!key_file.empty()) o.key = runtime::load_key(key_file);
    o.log_path = req.log;
    o.input = req.input;
    o.snapshot_every = req.snapshot_every;
    if (req.node >= o.peers.size()) throw Error("node " + std::to_string(req.node) + " is not in the peers file " + req.peers);
    o.header = {"weft-log", runtime::log_version, protocol, config, req.node, static_cast<std::uint32_t>(o.peers.size())};
    if (std::filesystem::exists(req.log) && std::filesystem::file_size(req.log) > 0) {
      auto const h = runtime::load_log_header(req.log);
      if (h.protocol != protocol || h.config != config)
        throw Error(req.log + " was written by " + h.protocol + " with another configuration: use a new log file");
    }
    std::fprintf(stderr, "weft run: %s node %u on %s, log %s\n", protocol.c_str(), req.node,
                 o.peers[req.node].address().to_string().c_str(), req.log.c_str());
    return runtime::LiveNode<M>(model, std::move(o)).run();
  } else {
    (void)model, (void)config, (void)req;
    throw Error(protocol + " is a hand-written model, not a world of processes: it cannot run live");
  }
}

/// Loads logs of `model`'s protocol (for --from-logs).
template <class M>
std::vector<runtime::LogFile<M>> load_logs(M const& model, std::vector<std::string> const& paths) {
  std::vector<runtime::LogFile<M>> logs;
  for (auto const& p : paths) {
    logs.push_back(runtime::load_checked_log(model, p));
    if (logs.back().torn_at) std::printf("  %s: a torn record at byte %zu is ignored\n", p.c_str(), logs.back().torn_at);
  }
  return logs;
}

/// `weft replay --log`: holds the log to this build, or writes it as a trace.
template <class M>
int run_log_replay(Subject<M> const& subject, LogReplayRequest const& req) {
  M const& model = subject.model;
  if constexpr (LiveWorld<M>) {
    auto const log = runtime::load_checked_log(model, req.log);
    std::printf("weft replay --log %s: %s node %u, %zu records%s\n", req.log.c_str(), log.header.protocol.c_str(),
                log.header.node.value, log.records.size(), log.torn_at ? " (a torn last record is ignored)" : "");
    if (!req.to_trace.empty()) {
      // The trace's world takes the node's live inputs and allows its restarts; its header says so.
      std::map<std::string, std::string> traced = subject.config, changes;
      for (char const* key : {"free_inputs", "crashes", "restarts"})
        if (!traced.count(key))
          throw Error("--to-trace: " + subject.protocol + "'s settings have no key '" + key +
                      "': give its Settings a weft::WorldSettings field");
      changes["free_inputs"] = "1";
      changes["crashes"] = changes["restarts"] = std::to_string(runtime::restarts_in(log));
      for (auto const& [k, v] : changes) traced[k] = v;
      auto header = trace_header(log.header.protocol, traced, "", expect::holds, "live log " + req.log);
      auto const trace = runtime::log_to_trace(subject.remake(changes), log, header);
      save_trace(req.to_trace, trace);
      std::printf("  written as a trace of %zu steps: %s\n", trace.steps.size(), req.to_trace.c_str());
      return ok;
    }
    std::function<void(std::size_t, typename M::Local const&, typename M::Node const&)> print;
    if (req.print)
      print = [](std::size_t k, auto const& e, auto const& node) {
        std::printf("  %4zu  %s\n        %s\n", k, to_text(e).c_str(), to_text(node).c_str());
      };
    auto const r = runtime::replay_log(model, log, req.snapshot, print);
    if (r.divergence) {
      std::printf("  diverged after %zu inputs: %s\n", r.inputs, r.divergence->c_str());
      return diverged;
    }
    std::printf("  replayed %zu inputs from snapshot %zu: all %zu outputs and %zu snapshots match the log\n", r.inputs,
                req.snapshot, r.outputs, r.snapshots);
    return ok;
  } else {
    (void)model, (void)req;
    throw Error("a log of a hand-written model cannot exist: only worlds run live");
  }
}

}  // namespace weft::cli
