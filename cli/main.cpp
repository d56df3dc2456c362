// The `weft` command: list the bundled protocols, and check one of them exhaustively.
#include "catalogue.hpp"
#include "request.hpp"

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
};

int check(CheckArgs a) {
  CheckRequest req;
  if (!a.resume.empty()) {
    // The protocol and its configuration come from the checkpoint; search options from this command line.
    auto header = weft::checker::read_checkpoint_header(a.resume);
    if (!a.protocol.empty() && a.protocol != header.protocol)
      throw weft::Error(a.resume + " is a checkpoint of " + header.protocol + ", not " + a.protocol);
    if (!a.sets.empty()) throw weft::Error("--resume takes the configuration from the checkpoint: drop --set");
    a.protocol = header.protocol;
    for (auto const& [k, v] : header.config) a.sets.push_back(k + "=" + v);
    req.checkpoints.resume_from = a.resume;
    if (a.checkpoint.empty()) a.checkpoint = a.resume;  // keep checkpointing where it was
  }
  if (a.protocol.empty()) throw weft::Error("check needs a protocol name (see weft list) or --resume FILE");
  Protocol const& p = find_protocol(a.protocol);
  weft::Config config(p.keys);
  for (auto const& s : a.sets) config.set(s);
  req.protocol = a.protocol;
  req.config = config.values();
  req.checkpoints.path = a.checkpoint;
  req.checkpoints.every = parse_duration(a.checkpoint_every);
  req.checkpoints.header = {"", 0, req.protocol, req.config, ""};
  auto& o = req.options;
  if (a.strategy != "bfs" && a.strategy != "dfs") throw weft::Error("--strategy must be bfs or dfs");
  o.strategy = a.strategy == "bfs" ? weft::checker::Strategy::bfs : weft::checker::Strategy::dfs;
  o.threads = a.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : a.threads;
  if (a.max_depth) o.max_depth = a.max_depth;
  if (a.max_states) o.max_states = a.max_states;
  if (!a.time_limit.empty()) o.time_limit = parse_duration(a.time_limit);
  if (!a.memory_limit.empty()) o.max_memory_bytes = parse_size(a.memory_limit);
  o.symmetry = a.symmetry;
  o.keep_going = a.keep_going;
  req.report_path = a.report;
  req.trace_dir = a.save_trace;
  return p.check(config, req);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"weft: explore every interleaving of a distributed protocol"};
  app.require_subcommand(1);
  auto* list_cmd = app.add_subcommand("list", "the bundled protocols, their --set keys and properties");
  CheckArgs a;
  auto* check_cmd = app.add_subcommand("check", "explore a protocol's state space and judge its properties");
  check_cmd->add_option("protocol", a.protocol, "protocol name (see `weft list`)");
  check_cmd->add_option("--set", a.sets, "configuration key=value (repeatable)");
  check_cmd->add_option("--strategy", a.strategy, "bfs (shortest counterexamples) or dfs (lean memory)");
  check_cmd->add_option("--threads", a.threads, "worker threads for bfs (0: one per core)");
  check_cmd->add_option("--max-depth", a.max_depth, "stop below this depth (initial state: depth 1)");
  check_cmd->add_option("--max-states", a.max_states, "stop after this many distinct states");
  check_cmd->add_option("--time-limit", a.time_limit, "stop after this long: 90s, 15m, 2h");
  check_cmd->add_option("--memory-limit", a.memory_limit, "stop above this resident memory: 512M, 4G");
  check_cmd->add_flag("--symmetry", a.symmetry, "reduce by the model's declared symmetry");
  check_cmd->add_flag("--keep-going", a.keep_going, "collect one counterexample per property");
  check_cmd->add_option("--report", a.report, "write a JSON report here");
  check_cmd->add_option("--save-trace", a.save_trace, "write counterexamples and witnesses into this directory");
  check_cmd->add_option("--checkpoint", a.checkpoint, "save the search here between levels (bfs)");
  check_cmd->add_option("--checkpoint-every", a.checkpoint_every, "at most this often: 30s, 10m (default 10m)");
  check_cmd->add_option("--resume", a.resume, "continue a checkpointed run (protocol and --set come from it)");
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
  } catch (weft::Error const& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return usage;
  } catch (std::exception const& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return usage;
  }
  return usage;
}
