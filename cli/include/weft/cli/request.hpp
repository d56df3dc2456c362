// What each `weft` subcommand was asked to do, independent of the protocol it runs on.
#pragma once

#include <weft/checker/checkpoint.hpp>
#include <weft/checker/options.hpp>
#include <weft/document.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace weft::cli {

/// Exit codes shared by every subcommand.
enum Exit : int {
  ok = 0,          ///< every property holds (check), the trace replays faithfully (replay)
  violation = 1,   ///< a property fails; with --expect: the recorded expectation is not met
  usage = 2,       ///< bad usage or input, one error line
  incomplete = 3,  ///< bounded, sampled or stopped early
  diverged = 4,    ///< a replay parted from its recording
};

/// A parsed `weft check`.
struct CheckRequest {
  std::string tool = "weft";                   ///< the command's name, for its output
  std::string protocol;                        ///< the protocol's name
  std::map<std::string, std::string> config;   ///< effective configuration, for reports and traces
  std::map<std::string, std::string> defaults; ///< the protocol's defaults (trace names list what differs)
  checker::Options options;                    ///< search options
  std::string report_path;                     ///< --report FILE.json ("" for none)
  bool coverage = false;                       ///< --coverage: print every action class's counts
  std::string dump_graph;                      ///< --dump-graph FILE.dot: draw the state graph ("" for none)
  std::string trace_dir;                       ///< --save-trace DIR ("" for none)
  checker::Checkpointing checkpoints;          ///< --checkpoint, --checkpoint-every, --resume
  std::string from;                            ///< --from SNAPSHOT: explore from its state ("" for none)
  std::vector<std::string> from_logs;          ///< --from-logs: explore from the state live logs leave
};

/// A parsed `weft replay`.
struct ReplayRequest {
  std::string trace;                     ///< the trace file
  bool print = false;                    ///< --print: show each state
  std::optional<std::size_t> until;      ///< --until STEP
  std::string from;                      ///< --from SNAPSHOT: start there instead
  bool expect = false;                   ///< --expect: hold the trace to its recorded expectation
  bool regression = false;               ///< --regression: hold the verdict; state drift is information
  std::string rerecord;                  ///< --rerecord OUT: write the events' run on this build
  bool config_changed = false;           ///< --set was given: the recording is not held to
};

/// A parsed `weft snapshot`.
struct SnapshotRequest {
  std::string trace;      ///< the trace to take it from
  std::size_t step = 0;   ///< the state after this step (0: initial)
  std::string out;        ///< where to write it
};

/// A parsed `weft convert`.
struct ConvertRequest {
  std::string in, out;        ///< trace or snapshot, and where to write it
  std::optional<Format> to;   ///< --to json|binary (default: by OUT's extension)
};

/// A parsed `weft shrink`.
struct ShrinkRequest {
  std::string trace, out;  ///< a failing trace, and where the shrunk one goes
};

/// A parsed `weft diff`.
struct DiffRequest {
  std::string a, b;                                  ///< two traces; b may be empty
  std::optional<std::size_t> without;                ///< --without STEP: compare with a's events minus one
  std::optional<std::map<std::string, std::string>>  other_config;  ///< --set: a's events under this configuration
};

/// A parsed `weft show`.
struct ShowRequest {
  std::string trace, html;  ///< the trace and the page to write
};

/// A parsed `weft transplant`.
struct TransplantRequest {
  std::string source, target, out;  ///< snapshots: take from source, put into target, write out
  std::uint32_t node = 0, as = 0;   ///< which node, and where it goes
};

/// A parsed `weft run`.
struct RunRequest {
  std::uint32_t node = 0;       ///< which node this process is
  std::string peers;            ///< the peers file
  std::string log;              ///< the node's log
  std::string input;            ///< "-": stdin; a path: a local socket to listen on; "": none
  std::string key;              ///< --key FILE: the cluster key (default: the peers file's `key` line)
  std::chrono::milliseconds snapshot_every = std::chrono::seconds(5);  ///< --snapshot-every
};

/// A parsed `weft replay --log`.
struct LogReplayRequest {
  std::string log;              ///< the node's log
  std::size_t snapshot = 0;     ///< --snapshot K: start from the K-th snapshot (0: the first)
  bool print = false;           ///< --print: each input and the record after it
  std::string to_trace;         ///< --to-trace OUT: write the log as a trace instead
};

/// A parsed `weft fuzz`.
struct FuzzRequest {
  std::string file;           ///< a trace or snapshot to make hostile copies of
  double seconds = 5;         ///< for how long
  std::uint64_t seed = 1;     ///< the copies' random stream
};

/// A parsed `weft explore`.
struct ExploreRequest {
  std::string tool = "weft";        ///< the command's name, for its output
  std::string host = "127.0.0.1";   ///< --host: where to listen (local only, unless asked)
  unsigned short port = 8080;       ///< --port (0: any free port, printed)
};

/// Any command that runs on a protocol.
using Command = std::variant<CheckRequest, ReplayRequest, SnapshotRequest, ConvertRequest, ShrinkRequest, DiffRequest,
                             ShowRequest, TransplantRequest, RunRequest, LogReplayRequest, FuzzRequest, ExploreRequest>;

}  // namespace weft::cli
