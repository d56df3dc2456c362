// `TOOL nightly PLAN`: the nightly exhaustive runs of a project, one `check` per line of a plan file, each
// in a process of its own (so each gets its own memory budget, and one crash stops one run), with
// checkpoints, a JSON report and its counterexamples' traces per run, and a summary of the night.
//
//   # nightly.plan: NAME: the arguments of `check`; `defaults:` apply to every run (a run's own win)
//   defaults: --threads 0 --time-limit 20m --memory-limit 8G --keep-going
//   raft-t2: raft --set max_term=2 --set requests=1
//   raft-walks: raft --set live=1 --strategy random --network timed --walks 100000 --max-depth 2000
//
// OUT/NAME.json is each run's report, OUT/NAME/ its traces, OUT/NAME.log its output, OUT/NAME.checkpoint
// its last checkpoint (breadth-first runs): a night that was stopped resumes where it was when the same
// command runs again. OUT/summary.md tables the night, and OUT/summary.html shows it as one page (each run's
// coverage, links to its traces and, beside each counterexample, its sequence diagram TRACE.json.html). The exit code is the worst run's: 2 a run could
// not start or failed, 1 a property fails, 3 a run was bounded by its budget, 0 every property holds.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace weft::cli {

/// One run of a plan: its name and the arguments of `check`.
struct PlannedRun {
  std::string name;               ///< names its files in OUT/
  std::vector<std::string> args;  ///< protocol, --set ..., search options
  std::size_t line = 0;           ///< where the plan says it
};

/// A nightly plan.
struct Plan {
  std::vector<std::string> defaults;  ///< options for every run (a run's own options win)
  std::vector<PlannedRun> runs;       ///< in the plan's order
};

/// Reads a plan file; throws weft::Error naming the file and line of what is wrong.
Plan load_plan(std::string const& path);

/// The arguments of `check` for one run: its own, then the defaults it does not set, then `overrides`
/// (which win over both).
std::vector<std::string> merge_options(std::vector<std::string> const& run, std::vector<std::string> const& defaults,
                                       std::vector<std::string> const& overrides);

/// A parsed `nightly`.
struct NightlyRequest {
  std::string plan;                    ///< the plan file
  std::string out;                     ///< where reports go (default: nightly-YYYYMMDD)
  std::vector<std::string> only;       ///< run only these names
  std::vector<std::string> overrides;  ///< options for every run, over the plan's (--time-limit 1m, say)
};

/// Runs a plan; `tool` names the command in messages. Returns the worst run's exit code.
int run_nightly(NightlyRequest const& req, std::string const& tool);

}  // namespace weft::cli
