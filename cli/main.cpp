// The `weft` command: list the bundled protocols; check one (exhaustively or by random walks); replay,
// snapshot, convert, shrink, diff and draw traces; run a node live and replay its log. Every error is one
// line on stderr and exit code 2.
#include "catalogue.hpp"
#include "request.hpp"

#include <weft/runtime/log.hpp>
#include <weft/snapshot.hpp>
#include <weft/trace.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

namespace {

using namespace weft::cli;

// "90", "90s", "15m", "2h", "500ms" -> milliseconds.
std::chrono::milliseconds parse_duration(std::string const& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    throw weft::Error("bad duration '" + text + "' (try 90s, 15m, 2h)");
  }
  std::string const unit = text.substr(used);
  double const scale = unit == "ms" ? 1 : unit.empty() || unit == "s" ? 1e3 : unit == "m" ? 6e4 : unit == "h" ? 3.6e6 : -1;
  if (scale < 0 || value < 0) throw weft::Error("bad duration '" + text + "' (try 90s, 15m, 2h)");
  return std::chrono::milliseconds(static_cast<long long>(value * scale));
}

// "512M", "2G", "1000000" -> bytes.
std::uint64_t parse_size(std::string const& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    throw weft::Error("bad size '" + text + "' (try 512M or 4G)");
  }
  std::string const unit = text.substr(used);
  double const scale = unit.empty() ? 1 : unit == "K" ? 1024.0 : unit == "M" ? 1048576.0 : unit == "G" ? 1073741824.0 : -1;
  if (scale < 0 || value < 0) throw weft::Error("bad size '" + text + "' (try 512M or 4G)");
  return static_cast<std::uint64_t>(value * scale);
}

// "constant:10", "lognormal:3,0.5", "weibull:1.5,20".
weft::checker::Latency parse_latency(std::string const& text) {
  using weft::checker::Latency;
  std::string const bad = "bad latency '" + text + "' (try constant:10, lognormal:3,0.5 or weibull:1.5,20)";
  auto colon = text.find(':');
  if (colon == std::string::npos) throw weft::Error(bad);
  std::string const kind = text.substr(0, colon), args = text.substr(colon + 1);
  Latency l;
  try {
    std::size_t used = 0;
    l.a = std::stod(args, &used);
    if (used < args.size()) {
      if (args[used] != ',') throw weft::Error(bad);
      std::string const rest = args.substr(used + 1);
      l.b = std::stod(rest, &used);
      if (used != rest.size()) throw weft::Error(bad);
    }
  } catch (weft::Error const&) {
    throw;
  } catch (...) {
    throw weft::Error(bad);
  }
  if (kind == "constant") l.kind = Latency::constant;
  else if (kind == "lognormal") l.kind = Latency::lognormal;
  else if (kind == "weibull" && l.a > 0 && l.b > 0) l.kind = Latency::weibull;
  else throw weft::Error(bad);
  return l;
}

// The configuration `protocol` gets from a document's recorded settings, then `--set` overrides.
weft::Config configure(Protocol const& p, std::map<std::string, std::string> const& recorded,
                       std::vector<std::string> const& sets, std::string const& file) {
  weft::Config config(p.keys);
  for (auto const& [k, v] : recorded) {
    try {
      config.set(k, v);
    } catch (weft::Error const& e) {
      throw weft::Error(file + ": " + e.what() + ": it was written for another version of " + p.name);
    }
  }
  for (auto const& s : sets) config.set(s);
  return config;
}

// Runs `command` on the protocol a trace, snapshot or live log names.
int on_document(std::string const& file, std::vector<std::string> const& sets, Command const& command) {
  std::string protocol;
  std::map<std::string, std::string> recorded;
  if (std::holds_alternative<LogReplayRequest>(command)) {
    auto const h = weft::runtime::load_log_header(file);
    protocol = h.protocol, recorded = h.config;
  } else if (weft::document_kind(file) == "weft-snapshot") {
    auto const h = weft::load_snapshot_header(file);
    protocol = h.protocol, recorded = h.config;
  } else {
    auto const h = weft::load_trace_header(file);
    protocol = h.protocol, recorded = h.config;
  }
  if (protocol.empty()) throw weft::Error(file + " names no protocol: it was written by a test of a model outside the catalogue");
  Protocol const& p = find_protocol(protocol);
  return p.run(configure(p, recorded, sets, file), command);
}

int list() {
  for (auto const& p : catalogue()) {
    std::printf("%s: %s\n", p.name.c_str(), p.summary.c_str());
    for (auto const& k : p.keys)
      std::printf("    --set %s=%s\t%s\n", k.name.c_str(), k.fallback.c_str(), k.description.c_str());
    weft::Config defaults(p.keys);
    for (auto const& [expectation, name] : p.properties(defaults))
      std::printf("    property %s \"%s\"\n", expectation.c_str(), name.c_str());
  }
  return ok;
}

struct CheckArgs {
  std::string protocol;
  std::vector<std::string> sets;
  std::string strategy = "bfs";
  unsigned threads = 1;
  std::uint64_t max_depth = 0, max_states = 0;
  std::string time_limit, memory_limit;
  bool symmetry = false, keep_going = false;
  std::string report, save_trace;
  std::string checkpoint, checkpoint_every = "10m", resume;
  std::uint64_t seed = 0, walks = 1000;
  std::string network = "untimed", latency, from;
  std::vector<std::string> from_logs;
};

int check(CheckArgs a) {
  CheckRequest req;
  std::map<std::string, std::string> recorded;
  std::string source;
  if (!a.resume.empty()) {
    // The protocol and its configuration come from the checkpoint; search options from this command line.
    auto header = weft::checker::read_checkpoint_header(a.resume);
    if (!a.protocol.empty() && a.protocol != header.protocol)
      throw weft::Error(a.resume + " is a checkpoint of " + header.protocol + ", not " + a.protocol);
    if (!a.sets.empty()) throw weft::Error("--resume takes the configuration from the checkpoint: drop --set");
    a.protocol = header.protocol, recorded = header.config, source = a.resume;
    req.checkpoints.resume_from = a.resume;
    if (a.checkpoint.empty()) a.checkpoint = a.resume;  // keep checkpointing where it was
  }
  if (!a.from.empty()) {
    auto header = weft::load_snapshot_header(a.from);
    if (!a.protocol.empty() && a.protocol != header.protocol)
      throw weft::Error(a.from + " is a snapshot of " + header.protocol + ", not " + a.protocol);
    if (!a.sets.empty()) throw weft::Error("--from takes the configuration from the snapshot: drop --set");
    a.protocol = header.protocol, recorded = header.config, source = a.from;
    req.from = a.from;
  }
  if (!a.from_logs.empty()) {
    auto header = weft::runtime::load_log_header(a.from_logs.at(0));
    if (!a.protocol.empty() && a.protocol != header.protocol)
      throw weft::Error(a.from_logs[0] + " is a log of " + header.protocol + ", not " + a.protocol);
    for (auto const& log : a.from_logs)
      if (weft::runtime::load_log_header(log).config != header.config)
        throw weft::Error(log + " was written with another configuration than " + a.from_logs[0]);
    if (!a.sets.empty()) throw weft::Error("--from-logs takes the configuration from the logs: drop --set");
    a.protocol = header.protocol, recorded = header.config, source = a.from_logs[0];
    req.from_logs = a.from_logs;
  }
  if (a.protocol.empty()) throw weft::Error("check needs a protocol name (see weft list), --resume, --from or --from-logs");
  Protocol const& p = find_protocol(a.protocol);
  weft::Config const config = configure(p, recorded, a.sets, source);
  req.protocol = a.protocol;
  req.config = config.values();
  req.defaults = weft::Config(p.keys).values();
  req.checkpoints.path = a.checkpoint;
  req.checkpoints.every = parse_duration(a.checkpoint_every);
  req.checkpoints.header = {"", 0, req.protocol, req.config, ""};
  auto& o = req.options;
  if (a.strategy == "bfs") o.strategy = weft::checker::Strategy::bfs;
  else if (a.strategy == "dfs") o.strategy = weft::checker::Strategy::dfs;
  else if (a.strategy == "random") o.strategy = weft::checker::Strategy::random;
  else throw weft::Error("--strategy must be bfs, dfs or random");
  o.threads = a.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : a.threads;
  if (a.max_depth) o.max_depth = a.max_depth;
  if (a.max_states) o.max_states = a.max_states;
  if (!a.time_limit.empty()) o.time_limit = parse_duration(a.time_limit);
  if (!a.memory_limit.empty()) o.max_memory_bytes = parse_size(a.memory_limit);
  o.symmetry = a.symmetry;
  o.keep_going = a.keep_going;
  o.seed = a.seed;
  o.walks = a.walks;
  if (a.network != "timed" && a.network != "untimed") throw weft::Error("--network must be timed or untimed");
  o.timed = a.network == "timed";
  if (!a.latency.empty()) o.latency = parse_latency(a.latency);
  if ((o.timed || !a.latency.empty()) && o.strategy != weft::checker::Strategy::random)
    throw weft::Error("--network timed and --latency shape random walks: add --strategy random");
  req.report_path = a.report;
  req.trace_dir = a.save_trace;
  return p.run(config, req);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"weft: explore every interleaving of a distributed protocol"};
  app.require_subcommand(1);
  auto* list_cmd = app.add_subcommand("list", "the bundled protocols, their --set keys and properties");

  CheckArgs a;
  auto* check_cmd = app.add_subcommand("check", "explore a protocol's states and judge its properties");
  check_cmd->add_option("protocol", a.protocol, "protocol name (see `weft list`)");
  check_cmd->add_option("--set", a.sets, "configuration key=value (repeatable)");
  check_cmd->add_option("--strategy", a.strategy, "bfs (shortest counterexamples), dfs (lean memory) or random (walks)");
  check_cmd->add_option("--threads", a.threads, "worker threads (0: one per core)");
  check_cmd->add_option("--max-depth", a.max_depth, "stop below this depth (initial state: depth 1); walk length");
  check_cmd->add_option("--max-states", a.max_states, "stop after this many distinct states");
  check_cmd->add_option("--time-limit", a.time_limit, "stop after this long: 90s, 15m, 2h");
  check_cmd->add_option("--memory-limit", a.memory_limit, "stop above this resident memory: 512M, 4G");
  check_cmd->add_flag("--symmetry", a.symmetry, "reduce by the model's declared symmetry");
  check_cmd->add_flag("--keep-going", a.keep_going, "collect one counterexample per property");
  check_cmd->add_option("--report", a.report, "write a JSON report here");
  check_cmd->add_option("--save-trace", a.save_trace, "write (shrunk) counterexamples and witnesses as traces into DIR");
  check_cmd->add_option("--checkpoint", a.checkpoint, "save the search here between levels (bfs)");
  check_cmd->add_option("--checkpoint-every", a.checkpoint_every, "at most this often: 30s, 10m (default 10m)");
  check_cmd->add_option("--resume", a.resume, "continue a checkpointed run (protocol and --set come from it)");
  check_cmd->add_option("--seed", a.seed, "random walks: the seed (walk i uses stream i)");
  check_cmd->add_option("--walks", a.walks, "random walks: how many (default 1000)");
  check_cmd->add_option("--network", a.network, "random walks: untimed (uniform choices) or timed (latencies, deadlines)");
  check_cmd->add_option("--latency", a.latency, "timed walks: constant:T, lognormal:MU,SIGMA or weibull:K,LAMBDA (default: swarm)");
  check_cmd->add_option("--from", a.from, "explore from a snapshot's state (protocol and --set come from it)");
  check_cmd->add_option("--from-logs", a.from_logs, "explore from the state live nodes' logs leave (all their logs)");

  ReplayRequest replay;
  LogReplayRequest log_replay;
  std::vector<std::string> replay_sets;
  std::size_t until = 0;
  auto* replay_cmd = app.add_subcommand("replay", "re-run a trace (or a live node's --log) on this build, checking every step");
  replay_cmd->add_option("trace", replay.trace, "the trace file");
  replay_cmd->add_option("--log", log_replay.log, "a live node's log instead of a trace");
  replay_cmd->add_option("--snapshot", log_replay.snapshot, "with --log: start from this snapshot (0: the first)");
  replay_cmd->add_option("--to-trace", log_replay.to_trace, "with --log: write the log as a trace file instead");
  replay_cmd->add_flag("--print", replay.print, "show each state");
  auto* until_opt = replay_cmd->add_option("--until", until, "stop after this step");
  replay_cmd->add_option("--from", replay.from, "start from a snapshot's state instead");
  replay_cmd->add_flag("--expect", replay.expect, "exit 0 exactly when the trace's recorded expectation is met");
  replay_cmd->add_option("--rerecord", replay.rerecord, "write the events' run on this build as a new trace");
  replay_cmd->add_option("--set", replay_sets, "run under another configuration key=value");

  SnapshotRequest snapshot;
  auto* snapshot_cmd = app.add_subcommand("snapshot", "write the state after a trace's step to a file");
  snapshot_cmd->add_option("trace", snapshot.trace, "the trace file")->required();
  snapshot_cmd->add_option("--step", snapshot.step, "after this step (0: the initial state)")->required();
  snapshot_cmd->add_option("--out", snapshot.out, "the snapshot file (.json, or .bin for binary)")->required();

  TransplantRequest transplant;
  auto* transplant_cmd = app.add_subcommand("transplant", "put one node's state from a snapshot into another snapshot");
  transplant_cmd->add_option("source", transplant.source, "the snapshot to take the node from")->required();
  transplant_cmd->add_option("target", transplant.target, "the snapshot to put it into")->required();
  transplant_cmd->add_option("--node", transplant.node, "the node to take")->required();
  auto* as_opt = transplant_cmd->add_option("--as", transplant.as, "the node it replaces (default: the same id)");
  transplant_cmd->add_option("--out", transplant.out, "the new snapshot")->required();

  ConvertRequest convert;
  std::string to;
  auto* convert_cmd = app.add_subcommand("convert", "rewrite a trace or snapshot as JSON or binary");
  convert_cmd->add_option("in", convert.in, "a trace or snapshot")->required();
  convert_cmd->add_option("out", convert.out, "where to write it (.bin: binary, else JSON)")->required();
  convert_cmd->add_option("--to", to, "json or binary, whatever OUT's extension");

  ShrinkRequest shrink;
  auto* shrink_cmd = app.add_subcommand("shrink", "shrink a failing trace to a 1-minimal one");
  shrink_cmd->add_option("trace", shrink.trace, "a trace that violates an invariant")->required();
  shrink_cmd->add_option("--out", shrink.out, "the shrunk trace")->required();

  DiffRequest diff;
  std::vector<std::string> diff_sets;
  std::size_t without = 0;
  auto* diff_cmd = app.add_subcommand("diff", "where two executions part: two traces, or one under --set or --without");
  diff_cmd->add_option("a", diff.a, "a trace")->required();
  diff_cmd->add_option("b", diff.b, "another trace");
  diff_cmd->add_option("--set", diff_sets, "compare with A's events under this configuration key=value");
  auto* without_opt = diff_cmd->add_option("--without", without, "compare with A's events minus this step");

  std::string run_protocol, snapshot_every = "5s";
  std::vector<std::string> run_sets;
  RunRequest run;
  auto* run_cmd = app.add_subcommand("run", "run one node of a protocol on real UDP sockets and clocks, logging everything");
  run_cmd->add_option("protocol", run_protocol, "protocol name (see `weft list`)")->required();
  run_cmd->add_option("--node", run.node, "which node this process is")->required();
  run_cmd->add_option("--peers", run.peers, "the peers file: `ID HOST:PORT` a line")->required();
  run_cmd->add_option("--log", run.log, "the node's log (recovered from, when it exists)")->required();
  run_cmd->add_option("--input", run.input, "user inputs as JSON lines: - for stdin, or a local socket path to listen on");
  run_cmd->add_option("--snapshot-every", snapshot_every, "log a snapshot of the node at least this often (default 5s)");
  run_cmd->add_option("--set", run_sets, "configuration key=value (repeatable; the same on every node)");

  ShowRequest show;
  auto* show_cmd = app.add_subcommand("show", "draw a trace as a message sequence diagram");
  show_cmd->add_option("trace", show.trace, "the trace file")->required();
  show_cmd->add_option("--html", show.html, "the page to write")->required();

  try {
    app.parse(argc, argv);
  } catch (CLI::CallForHelp const& e) {
    return app.exit(e);
  } catch (CLI::ParseError const& e) {
    std::fprintf(stderr, "weft: %s (see weft --help)\n", e.what());
    return usage;
  }
  try {
    if (*list_cmd) return list();
    if (*check_cmd) return check(a);
    if (*run_cmd) {
      run.snapshot_every = parse_duration(snapshot_every);
      Protocol const& p = find_protocol(run_protocol);
      return p.run(configure(p, {}, run_sets, ""), run);
    }
    if (*replay_cmd && !log_replay.log.empty()) {
      if (!replay.trace.empty()) throw weft::Error("replay takes a trace or --log, not both");
      log_replay.print = replay.print;
      return on_document(log_replay.log, {}, log_replay);
    }
    if (*replay_cmd) {
      if (replay.trace.empty()) throw weft::Error("replay needs a trace file or --log FILE");
      if (*until_opt) replay.until = until;
      replay.config_changed = !replay_sets.empty();
      return on_document(replay.trace, replay_sets, replay);
    }
    if (*snapshot_cmd) return on_document(snapshot.trace, {}, snapshot);
    if (*transplant_cmd) {
      if (!*as_opt) transplant.as = transplant.node;
      return on_document(transplant.target, {}, transplant);
    }
    if (*convert_cmd) {
      if (!to.empty() && to != "json" && to != "binary") throw weft::Error("--to must be json or binary");
      if (!to.empty()) convert.to = to == "json" ? weft::Format::json : weft::Format::binary;
      return on_document(convert.in, {}, convert);
    }
    if (*shrink_cmd) return on_document(shrink.trace, {}, shrink);
    if (*diff_cmd) {
      if (*without_opt) diff.without = without;
      if (!diff_sets.empty()) {
        diff.other_config.emplace();
        for (auto const& s : diff_sets) {
          auto eq = s.find('=');
          if (eq == std::string::npos || eq == 0) throw weft::Error("--set expects key=value, got '" + s + "'");
          (*diff.other_config)[s.substr(0, eq)] = s.substr(eq + 1);
        }
      }
      return on_document(diff.a, {}, diff);
    }
    if (*show_cmd) return on_document(show.trace, {}, show);
  } catch (weft::Error const& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return usage;
  } catch (std::exception const& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return usage;
  }
  return usage;
}
