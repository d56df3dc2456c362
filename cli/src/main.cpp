// The command line of every weft tool (the bundled `weft`, and each tool weft_add_tool makes): list the
// protocols; check one (exhaustively or by random walks); replay, snapshot, convert, shrink, diff and draw
// traces; run a node live and replay its log; run a nightly plan. Every error is one line on stderr,
// prefixed with the tool's name, and exit code 2.
#include <weft/cli/main.hpp>
#include <weft/cli/nightly.hpp>
#include <weft/cli/parse.hpp>

#include <weft/checker/checkpoint.hpp>
#include <weft/checker/cluster.hpp>
#ifdef WEFT_HAVE_MPI
#include <weft/checker/mpi_cluster.hpp>
#endif
#include <weft/runtime/key.hpp>
#include <weft/runtime/log.hpp>
#include <weft/snapshot.hpp>
#include <weft/trace.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace weft::cli {

namespace {

// The protocols of this tool, by name.
class Catalogue {
 public:
  explicit Catalogue(std::vector<Protocol> protocols) : protocols_(std::move(protocols)) {
    std::sort(protocols_.begin(), protocols_.end(), [](auto const& a, auto const& b) { return a.name < b.name; });
  }
  std::vector<Protocol> const& all() const { return protocols_; }
  std::string names() const {
    std::string known;
    for (auto const& p : protocols_) known += (known.empty() ? "" : ", ") + p.name;
    return known.empty() ? "none" : known;
  }
  Protocol const& find(std::string const& name) const {
    for (auto const& p : protocols_)
      if (p.name == name) return p;
    throw Error("unknown protocol '" + name + "' (this tool knows: " + names() + ")");
  }
  // The protocol a file names; a file of a protocol this tool does not know says so.
  Protocol const& of_file(std::string const& file, std::string const& kind, std::string const& name) const {
    if (name.empty()) throw Error(file + " names no protocol: it was written from a model no tool knows");
    for (auto const& p : protocols_)
      if (p.name == name) return p;
    throw Error(file + " is a " + kind + " of " + name + ", which this tool does not know (it knows: " + names() + ")");
  }

 private:
  std::vector<Protocol> protocols_;
};

// Runs `command` on the protocol a trace, snapshot or live log names, with its recorded configuration.
int on_document(Catalogue const& catalogue, std::string const& file, std::vector<std::string> const& sets,
                Command const& command) {
  std::string protocol, kind;
  std::map<std::string, std::string> recorded;
  if (std::holds_alternative<LogReplayRequest>(command)) {
    auto const h = runtime::load_log_header(file);
    protocol = h.protocol, recorded = h.config, kind = "live log";
  } else if (document_kind(file) == "weft-snapshot") {
    auto const h = load_snapshot_header(file);
    protocol = h.protocol, recorded = h.config, kind = "snapshot";
  } else {
    auto const h = load_trace_header(file);
    protocol = h.protocol, recorded = h.config, kind = "trace";
  }
  return catalogue.of_file(file, kind, protocol).run({recorded, file, sets}, command);
}

int list(Catalogue const& catalogue, std::string const& only) {
  if (!only.empty()) catalogue.find(only);
  for (auto const& p : catalogue.all()) {
    if (!only.empty() && p.name != only) continue;
    std::printf("%s: %s\n", p.name.c_str(), p.summary.c_str());
    for (auto const& k : p.keys)
      std::printf("    --set %s=%s\t%s%s\n", k.name.c_str(), k.fallback.c_str(), k.description.c_str(),
                  k.values.empty() ? "" : (" (" + k.values + ")").c_str());
    for (auto const& [expectation, name] : p.properties({}))
      std::printf("    property %s \"%s\"\n", expectation.c_str(), name.c_str());
  }
  return ok;
}

struct CheckArgs {
  std::string protocol;
  std::vector<std::string> sets;
  std::string strategy = "bfs";
  unsigned threads = 1, fingerprint_bits = 64;
  std::uint64_t max_depth = 0, max_states = 0;
  std::string time_limit, memory_limit;
  bool symmetry = false, keep_going = false, deadlock = false, no_deadlock = false, no_constraints = false,
       no_liveness = false, coverage = false;
  std::string report, save_trace, dump_graph;
  std::string checkpoint, checkpoint_every = "10m", resume;
  std::uint64_t seed = 0, walks = 1000;
  std::string network = "untimed", latency, from, work_dir;
  std::string frontier_memory, bitstate, hash_compaction;
  unsigned bitstate_hashes = 3;
  std::vector<std::string> from_logs;
};

// Where `check` takes its protocol and configuration from: the command line, or a file it continues from.
Configuration check_source(CheckArgs& a, CheckRequest& req) {
  auto adopt = [&](std::string const& file, std::string const& kind, std::string const& protocol,
                   std::map<std::string, std::string> const& config, char const* option) {
    if (!a.protocol.empty() && a.protocol != protocol)
      throw Error(file + " is a " + kind + " of " + protocol + ", not of " + a.protocol);
    if (!a.sets.empty()) throw Error(std::string(option) + " takes the configuration from the " + kind + ": drop --set");
    a.protocol = protocol;
    return Configuration{config, file, {}};
  };
  if (!a.resume.empty()) {
    auto const h = checker::read_checkpoint_header(checker::checkpoint_file(a.resume, req.options.cluster));
    req.checkpoints.resume_from = a.resume;
    if (a.checkpoint.empty()) a.checkpoint = a.resume;  // keep checkpointing where it was
    return adopt(a.resume, "checkpoint", h.protocol, h.config, "--resume");
  }
  if (!a.from.empty()) {
    auto const h = load_snapshot_header(a.from);
    req.from = a.from;
    return adopt(a.from, "snapshot", h.protocol, h.config, "--from");
  }
  if (!a.from_logs.empty()) {
    auto const h = runtime::load_log_header(a.from_logs.at(0));
    for (auto const& log : a.from_logs)
      if (runtime::load_log_header(log).config != h.config)
        throw Error(log + " was written with another configuration than " + a.from_logs[0]);
    req.from_logs = a.from_logs;
    return adopt(a.from_logs[0], "live log", h.protocol, h.config, "--from-logs");
  }
  return Configuration{{}, "", a.sets};
}

// The rank an MPI launcher gave this process (0 when none did), read before MPI starts.
int rank_from_launcher() {
  for (char const* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"})
    if (char const* v = std::getenv(name)) return std::atoi(v);
  return 0;
}

// A rank other than 0 that ends on an error every rank meets alike waits first: mpirun stops the whole
// job at the first rank that ends with an error, and rank 0 must have told the error by then.
void let_rank_zero_speak() { std::this_thread::sleep_for(std::chrono::seconds(2)); }

// This process's place in a distributed search when mpirun started it, else nullptr.
std::unique_ptr<checker::Cluster> join_cluster() {
#ifdef WEFT_HAVE_MPI
  if (checker::launched_by_mpirun()) return checker::start_mpi();
#else
  if (std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE"))
    throw Error("mpirun started this tool, but it was built without MPI: install libopenmpi-dev and rebuild (scripts/setup does)");
#endif
  return nullptr;
}

// One rank's part of a distributed `check`: rank 0 speaks for the cluster (the summary, progress, the
// report and traces); every rank computes the same report, so all exit with the same code. A rank that
// fails ends the whole job, so that no rank waits for it at the next level end; an error every rank meets
// alike (a refused option, an unknown protocol) is told once, by rank 0, whose end stops the others
// before they speak.
// When another rank dies, mpirun ends the survivors with SIGTERM: rank 0 says so, in one line that names
// the checkpoint to resume from (`ended`, written before the run, since a handler may not allocate).
std::string ended_line;
extern "C" void on_terminate(int) {
  ssize_t const n = ::write(2, ended_line.data(), ended_line.size());
  (void)n;
  std::_Exit(143);
}

template <class Run>
int as_rank(checker::Cluster const& cluster, std::string const& tool, std::string const& checkpoint, Run&& run) {
  unsigned const rank = cluster.rank();
  if (rank != 0 && !std::freopen("/dev/null", "w", stdout)) throw Error("cannot silence rank " + std::to_string(rank));
  if (rank == 0) {
    ended_line = tool + ": the run ended before it finished (a rank died, or mpirun was stopped)";
    ended_line += checkpoint.empty() ? "\n" : "; resume from its last checkpoint: mpirun -n " + std::to_string(cluster.size()) + " " +
                                                   tool + " check --resume " + checkpoint + "\n";
    std::signal(SIGTERM, on_terminate);
  }
  try {
    int const code = run();
    std::fflush(stdout);
    return code;
  } catch (std::exception const& e) {
    if (rank != 0) let_rank_zero_speak();
    if (rank == 0) std::fprintf(stderr, "%s: %s\n", tool.c_str(), e.what());
    else std::fprintf(stderr, "%s: rank %u: %s\n", tool.c_str(), rank, e.what());
    std::fflush(stderr);
#ifdef WEFT_HAVE_MPI
    checker::abort_mpi(usage);
#endif
    return usage;
  }
}

checker::Options search_options(CheckArgs const& a, checker::Cluster* cluster) {
  checker::Options o;
  o.cluster = cluster;
  if (a.strategy == "bfs") o.strategy = checker::Strategy::bfs;
  else if (a.strategy == "dfs") o.strategy = checker::Strategy::dfs;
  else if (a.strategy == "random") o.strategy = checker::Strategy::random;
  else throw Error("--strategy must be bfs, dfs or random, got '" + a.strategy + "'");
  o.threads = a.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : a.threads;
  if (a.max_depth) o.max_depth = a.max_depth;
  if (a.max_states) o.max_states = a.max_states;
  if (!a.time_limit.empty()) o.time_limit = parse_duration(a.time_limit);
  if (!a.memory_limit.empty()) o.max_memory_bytes = parse_size(a.memory_limit);
  o.symmetry = a.symmetry;
  o.fingerprint_bits = a.fingerprint_bits;
  o.keep_going = a.keep_going;
  if (a.deadlock && a.no_deadlock) throw Error("--deadlock and --no-deadlock contradict each other");
  if (a.deadlock || a.no_deadlock) o.deadlock = a.deadlock;
  o.constraints = !a.no_constraints;
  o.liveness = !a.no_liveness;
  o.work_dir = a.work_dir;
  if (!a.frontier_memory.empty()) o.frontier_memory_bytes = parse_size(a.frontier_memory);
  if (!a.bitstate.empty()) o.bitstate_bytes = parse_size(a.bitstate);
  if (!a.hash_compaction.empty()) o.compaction_bytes = parse_size(a.hash_compaction);
  o.bitstate_hashes = a.bitstate_hashes;
  o.seed = a.seed;
  o.walks = a.walks;
  if (a.network != "timed" && a.network != "untimed") throw Error("--network must be timed or untimed");
  o.timed = a.network == "timed";
  if (!a.latency.empty()) o.latency = parse_latency(a.latency);
  if ((o.timed || !a.latency.empty()) && o.strategy != checker::Strategy::random)
    throw Error("--network timed and --latency shape random walks: add --strategy random");
  return o;
}

int check_here(Catalogue const& catalogue, CheckArgs a, std::string const& tool, checker::Cluster* cluster) {
  CheckRequest req;
  req.tool = tool;
  req.options.cluster = cluster;
  Configuration const config = check_source(a, req);
  if (a.protocol.empty()) throw Error("check needs a protocol name (see " + tool + " list), --resume, --from or --from-logs");
  Protocol const& p = catalogue.find(a.protocol);
  req.options = search_options(a, cluster);
  req.checkpoints.path = a.checkpoint;
  req.checkpoints.every = parse_duration(a.checkpoint_every);
  req.report_path = a.report;
  req.coverage = a.coverage;
  req.dump_graph = a.dump_graph;
  req.trace_dir = a.save_trace;
  return p.run(config, req);
}

int check(Catalogue const& catalogue, CheckArgs const& a, std::string const& tool) {
  auto const cluster = join_cluster();
  if (!checker::distributed(cluster.get())) return check_here(catalogue, a, tool, nullptr);
  std::string const checkpoint = !a.checkpoint.empty() ? a.checkpoint : a.resume;
  return as_rank(*cluster, tool, checkpoint, [&] { return check_here(catalogue, a, tool, cluster.get()); });
}

// An option that must not be 0: absent means unbounded.
CLI::Validator at_least_one() {
  return CLI::Validator([](std::string& v) { return v == "0" ? std::string("must be at least 1 (leave it out for no bound)") : std::string(); },
                        "N>0");
}

struct Commands {
  CLI::App* list;
  CLI::App* check;
  CLI::App* replay;
  CLI::App* snapshot;
  CLI::App* transplant;
  CLI::App* convert;
  CLI::App* shrink;
  CLI::App* diff;
  CLI::App* run;
  CLI::App* show;
  CLI::App* nightly;
  CLI::App* keygen;
  CLI::App* salvage;
  CLI::App* fuzz;
  CLI::App* explore;
};

int salvage(std::string const& log, std::string const& out) {
  auto const s = runtime::salvage_log(log, out);
  std::printf("%s: %zu readable records copied to %s\n", log.c_str(), s.records, out.c_str());
  for (auto const& [from, to] : s.skipped) std::printf("  skipped bytes %zu to %zu (%zu bytes that do not read)\n", from, to, to - from);
  return s.skipped.empty() ? ok : violation;
}

}  // namespace

int main(int argc, char** argv, std::vector<Protocol> protocols) {
  std::string const tool = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "weft";
  Catalogue const catalogue(std::move(protocols));
  CLI::App app{tool + ": explore every interleaving of a distributed protocol (" + catalogue.names() + ")"};
  app.require_subcommand(1);
  Commands c{};

  std::string list_only;
  c.list = app.add_subcommand("list", "the protocols, their --set keys and properties");
  c.list->add_option("protocol", list_only, "only this protocol");

  CheckArgs a;
  c.check = app.add_subcommand("check", "explore a protocol's states and judge its properties");
  c.check->add_option("protocol", a.protocol, "protocol name (see `list`)");
  c.check->add_option("--set", a.sets, "configuration key=value (repeatable)");
  c.check->add_option("--strategy", a.strategy, "bfs (shortest counterexamples), dfs (lean memory) or random (walks)");
  c.check->add_option("--threads", a.threads, "worker threads (0: one per core)");
  c.check->add_option("--max-depth", a.max_depth, "stop below this depth (initial state: depth 1); walk length")->check(at_least_one());
  c.check->add_option("--max-states", a.max_states, "stop after this many distinct states")->check(at_least_one());
  c.check->add_option("--time-limit", a.time_limit, "stop after this long: 90s, 15m, 2h");
  c.check->add_option("--memory-limit", a.memory_limit, "stop above this resident memory: 512M, 4G");
  c.check->add_flag("--symmetry", a.symmetry, "reduce by the model's declared symmetry");
  c.check->add_option("--fingerprint-bits", a.fingerprint_bits, "64 (default) or 128: tell states apart by 128-bit keys (16 bytes a state)")
      ->check(CLI::IsMember({64u, 128u}));
  c.check->add_flag("--keep-going", a.keep_going, "collect one counterexample per property");
  c.check->add_flag("--deadlock", a.deadlock, "report a reachable state that enables nothing (default for models)");
  c.check->add_flag("--no-deadlock", a.no_deadlock, "do not (default for worlds, whose runs may finish)");
  c.check->add_flag("--no-constraints", a.no_constraints, "explore past the model's state constraints");
  c.check->add_flag("--no-liveness", a.no_liveness, "safety only: leave liveness properties unchecked (no state graph)");
  c.check->add_option("--report", a.report, "write a JSON report here");
  c.check->add_flag("--coverage", a.coverage, "print each action class: how often enabled and taken, new states found");
  c.check->add_option("--dump-graph", a.dump_graph, "write the state graph as Graphviz DOT here (small models: at most 10000 states)");
  c.check->add_option("--save-trace", a.save_trace, "write (shrunk) counterexamples and witnesses as traces into DIR");
  c.check->add_option("--checkpoint", a.checkpoint, "save the search here between levels (bfs)");
  c.check->add_option("--checkpoint-every", a.checkpoint_every, "at most this often: 30s, 10m (default 10m)");
  c.check->add_option("--resume", a.resume, "continue a checkpointed run (protocol and --set come from it)");
  c.check->add_option("--seed", a.seed, "random walks: the seed (walk i uses stream i)");
  c.check->add_option("--walks", a.walks, "random walks: how many (default 1000)")->check(at_least_one());
  c.check->add_option("--network", a.network, "random walks: untimed (uniform choices) or timed (latencies, deadlines)");
  c.check->add_option("--latency", a.latency, "timed walks: constant:T, lognormal:MU,SIGMA or weibull:K,LAMBDA (default: swarm)");
  c.check->add_option("--from", a.from, "explore from a snapshot's state (protocol and --set come from it)");
  c.check->add_option("--from-logs", a.from_logs, "explore from the state live nodes' logs leave (all their logs)");
  c.check->add_option("--work-dir", a.work_dir, "scratch files (the parent log, a spilled frontier) go here (default: $TMPDIR, else /tmp)");
  c.check->add_option("--frontier-memory", a.frontier_memory, "bfs: keep at most this much frontier in memory, the rest on disk: 512M, 4G");
  c.check->add_option("--bitstate", a.bitstate, "lossy: bitstate hashing in a bit array this big (1G = 2^33 bits); reports its coverage");
  c.check->add_option("--bitstate-hashes", a.bitstate_hashes, "bitstate: bits set per state (default 3)")->check(CLI::Range(1u, 32u));
  c.check->add_option("--hash-compaction", a.hash_compaction, "lossy: hash compaction, 4 bytes a slot in a table this big; reports its omission estimate");

  ReplayRequest replay;
  LogReplayRequest log_replay;
  std::vector<std::string> replay_sets;
  std::size_t until = 0;
  c.replay = app.add_subcommand("replay", "re-run a trace (or a live node's --log) on this build, checking every step");
  c.replay->add_option("trace", replay.trace, "the trace file");
  c.replay->add_option("--log", log_replay.log, "a live node's log instead of a trace");
  c.replay->add_option("--snapshot", log_replay.snapshot, "with --log: start from this snapshot (0: the first)");
  c.replay->add_option("--to-trace", log_replay.to_trace, "with --log: write the log as a trace file instead");
  c.replay->add_flag("--print", replay.print, "show each state");
  auto* until_opt = c.replay->add_option("--until", until, "stop after this step");
  c.replay->add_option("--from", replay.from, "start from a snapshot's state instead");
  c.replay->add_flag("--expect", replay.expect, "exit 0 exactly when the trace's recorded expectation is met");
  c.replay->add_flag("--regression", replay.regression,
                     "hold the verdict, not every state: a state that differs from the recording is reported as drift");
  c.replay->add_option("--rerecord", replay.rerecord, "write the events' run on this build as a new trace");
  c.replay->add_option("--set", replay_sets, "run under another configuration key=value");

  SnapshotRequest snapshot;
  c.snapshot = app.add_subcommand("snapshot", "write the state after a trace's step to a file");
  c.snapshot->add_option("trace", snapshot.trace, "the trace file")->required();
  c.snapshot->add_option("--step", snapshot.step, "after this step (0: the initial state)")->required();
  c.snapshot->add_option("--out", snapshot.out, "the snapshot file (.json, or .bin for binary)")->required();

  TransplantRequest transplant;
  c.transplant = app.add_subcommand("transplant", "put one node's state from a snapshot into another snapshot");
  c.transplant->add_option("source", transplant.source, "the snapshot to take the node from")->required();
  c.transplant->add_option("target", transplant.target, "the snapshot to put it into")->required();
  c.transplant->add_option("--node", transplant.node, "the node to take")->required();
  auto* as_opt = c.transplant->add_option("--as", transplant.as, "the node it replaces (default: the same id)");
  c.transplant->add_option("--out", transplant.out, "the new snapshot")->required();

  ConvertRequest convert;
  std::string to;
  c.convert = app.add_subcommand("convert", "rewrite a trace or snapshot as JSON or binary");
  c.convert->add_option("in", convert.in, "a trace or snapshot")->required();
  c.convert->add_option("out", convert.out, "where to write it (.bin: binary, else JSON)")->required();
  c.convert->add_option("--to", to, "json or binary, whatever OUT's extension");

  ShrinkRequest shrink;
  c.shrink = app.add_subcommand("shrink", "shrink a failing trace to a 1-minimal one");
  c.shrink->add_option("trace", shrink.trace, "a trace that violates an invariant")->required();
  c.shrink->add_option("--out", shrink.out, "the shrunk trace")->required();

  DiffRequest diff;
  std::vector<std::string> diff_sets;
  std::size_t without = 0;
  c.diff = app.add_subcommand("diff", "where two executions part: two traces, or one under --set or --without");
  c.diff->add_option("a", diff.a, "a trace")->required();
  c.diff->add_option("b", diff.b, "another trace");
  c.diff->add_option("--set", diff_sets, "compare with A's events under this configuration key=value");
  auto* without_opt = c.diff->add_option("--without", without, "compare with A's events minus this step");

  std::string run_protocol, snapshot_every = "5s";
  std::vector<std::string> run_sets;
  RunRequest run;
  c.run = app.add_subcommand("run", "run one node of a protocol on real UDP sockets and clocks, logging everything");
  c.run->add_option("protocol", run_protocol, "protocol name (see `list`)")->required();
  c.run->add_option("--node", run.node, "which node this process is")->required();
  c.run->add_option("--peers", run.peers, "the peers file: `ID HOST:PORT` a line")->required();
  c.run->add_option("--log", run.log, "the node's log (recovered from, when it exists)")->required();
  c.run->add_option("--input", run.input, "user inputs as JSON lines: - for stdin, or a local socket path to listen on");
  c.run->add_option("--snapshot-every", snapshot_every, "log a snapshot of the node at least this often (default 5s)");
  c.run->add_option("--set", run_sets, "configuration key=value (repeatable; the same on every node)");

  ShowRequest show;
  c.show = app.add_subcommand("show", "draw a trace as a message sequence diagram (text, or --html)");
  c.show->add_option("trace", show.trace, "the trace file")->required();
  c.show->add_option("--html", show.html, "write a self-contained page instead");

  NightlyRequest nightly;
  c.nightly = app.add_subcommand("nightly", "run a nightly plan: one check per line, reports, traces and a summary");
  c.nightly->add_option("plan", nightly.plan, "the plan file")->required();
  c.nightly->add_option("--out", nightly.out, "where reports go (default: nightly-YYYYMMDD)");
  c.nightly->add_option("--only", nightly.only, "run only these names (repeatable)");
  std::string night_time, night_memory, night_threads;
  c.nightly->add_option("--time-limit", night_time, "every run's time budget, over the plan's");
  c.nightly->add_option("--memory-limit", night_memory, "every run's memory budget, over the plan's");
  c.nightly->add_option("--threads", night_threads, "every run's threads, over the plan's");

  std::string key_file, salvage_log, salvage_out;
  c.keygen = app.add_subcommand("keygen", "write a new cluster key (for `key FILE` in a peers file, or run --key)");
  c.keygen->add_option("file", key_file, "where to write it (readable by its owner only)")->required();
  c.salvage = app.add_subcommand("salvage", "copy every readable record of a damaged live log to a new file");
  c.salvage->add_option("log", salvage_log, "the damaged log")->required();
  c.salvage->add_option("--out", salvage_out, "the copy")->required();
  c.run->add_option("--key", run.key, "the cluster key file (default: the peers file's `key` line)");
  ExploreRequest explore;
  std::string explore_protocol;
  std::vector<std::string> explore_sets;
  c.explore = app.add_subcommand("explore", "walk a protocol by hand in the browser: a local page, its events, properties, checks");
  c.explore->add_option("protocol", explore_protocol, "protocol name (see `list`)")->required();
  c.explore->add_option("--set", explore_sets, "configuration key=value (repeatable)");
  c.explore->add_option("--port", explore.port, "listen on this port (default 8080; 0: any free port)");
  c.explore->add_option("--host", explore.host, "listen on this address (default 127.0.0.1: this machine only)");

  FuzzRequest fuzz;
  c.fuzz = app.add_subcommand("fuzz", "hold the file loaders to hostile copies of a trace or snapshot for a while");
  c.fuzz->add_option("file", fuzz.file, "a trace or snapshot of one of this tool's protocols")->required();
  c.fuzz->add_option("--seconds", fuzz.seconds, "for how long (default 5)")->check(CLI::PositiveNumber);
  c.fuzz->add_option("--seed", fuzz.seed, "the copies' random stream (default 1)");

  try {
    app.parse(argc, argv);
  } catch (CLI::CallForHelp const& e) {
    return app.exit(e);
  } catch (CLI::ParseError const& e) {
    if (rank_from_launcher() > 0) {  // every rank meets a bad flag alike: rank 0 tells it
      let_rank_zero_speak();
      return usage;
    }
    std::fprintf(stderr, "%s: %s (see %s --help)\n", tool.c_str(), e.what(), tool.c_str());
    return usage;
  }
  try {
    if (*c.list) return list(catalogue, list_only);
    if (*c.keygen) {
      if (std::filesystem::exists(key_file)) throw Error(key_file + " exists: a cluster key is not overwritten");
      runtime::save_key(key_file, runtime::make_key());
      std::printf("a new cluster key is in %s: give every node of the cluster a copy\n", key_file.c_str());
      return ok;
    }
    if (*c.salvage) {
      if (salvage_out == salvage_log) throw Error("salvage writes a copy: --out must name another file");
      return salvage(salvage_log, salvage_out);
    }
    if (*c.check) return check(catalogue, a, tool);
    if (*c.nightly) {
      if (!night_time.empty()) parse_duration(night_time), nightly.overrides.insert(nightly.overrides.end(), {"--time-limit", night_time});
      if (!night_memory.empty()) parse_size(night_memory), nightly.overrides.insert(nightly.overrides.end(), {"--memory-limit", night_memory});
      if (!night_threads.empty()) nightly.overrides.insert(nightly.overrides.end(), {"--threads", night_threads});
      return run_nightly(nightly, tool);
    }
    if (*c.run) {
      run.snapshot_every = parse_duration(snapshot_every);
      return catalogue.find(run_protocol).run({{}, "", run_sets}, run);
    }
    if (*c.replay && !log_replay.log.empty()) {
      if (!replay.trace.empty()) throw Error("replay takes a trace or --log, not both");
      log_replay.print = replay.print;
      return on_document(catalogue, log_replay.log, {}, log_replay);
    }
    if (*c.replay) {
      if (replay.trace.empty()) throw Error("replay needs a trace file or --log FILE");
      if (*until_opt) replay.until = until;
      replay.config_changed = !replay_sets.empty();
      return on_document(catalogue, replay.trace, replay_sets, replay);
    }
    if (*c.snapshot) return on_document(catalogue, snapshot.trace, {}, snapshot);
    if (*c.transplant) {
      if (!*as_opt) transplant.as = transplant.node;
      return on_document(catalogue, transplant.target, {}, transplant);
    }
    if (*c.convert) {
      if (!to.empty() && to != "json" && to != "binary") throw Error("--to must be json or binary");
      if (!to.empty()) convert.to = to == "json" ? Format::json : Format::binary;
      return on_document(catalogue, convert.in, {}, convert);
    }
    if (*c.shrink) return on_document(catalogue, shrink.trace, {}, shrink);
    if (*c.diff) {
      if (*without_opt) diff.without = without;
      if (!diff_sets.empty()) {
        diff.other_config.emplace();
        for (auto const& s : diff_sets) {
          auto eq = s.find('=');
          if (eq == std::string::npos || eq == 0) throw Error("--set expects key=value, got '" + s + "'");
          (*diff.other_config)[s.substr(0, eq)] = s.substr(eq + 1);
        }
      }
      return on_document(catalogue, diff.a, {}, diff);
    }
    if (*c.show) return on_document(catalogue, show.trace, {}, show);
    if (*c.fuzz) return on_document(catalogue, fuzz.file, {}, fuzz);
    if (*c.explore) {
      explore.tool = tool;
      return catalogue.find(explore_protocol).run({{}, "", explore_sets}, explore);
    }
  } catch (std::exception const& e) {
    std::fprintf(stderr, "%s: %s\n", tool.c_str(), e.what());
    return usage;
  }
  return usage;
}

int main(int argc, char** argv) {
  Registry const& r = registry();
  if (!r.errors.empty()) {
    std::fprintf(stderr, "%s: a protocol could not be registered: %s\n",
                 argc > 0 ? std::filesystem::path(argv[0]).filename().c_str() : "weft", r.errors.front().c_str());
    return usage;
  }
  return main(argc, argv, r.protocols);
}

}  // namespace weft::cli
