// What `weft check` was asked to do, independent of the protocol.
#pragma once

#include <weft/checker/checkpoint.hpp>
#include <weft/checker/options.hpp>

#include <map>
#include <string>

namespace weft::cli {

/// Exit codes shared by every subcommand.
enum Exit : int { ok = 0, violation = 1, usage = 2, incomplete = 3 };

/// A parsed `weft check` command line.
struct CheckRequest {
  std::string protocol;                        ///< the protocol's name
  std::map<std::string, std::string> config;   ///< effective configuration, for reports
  checker::Options options;                    ///< search options
  std::string report_path;                     ///< --report FILE.json ("" for none)
  std::string trace_dir;                       ///< --save-trace DIR ("" for none)
  checker::Checkpointing checkpoints;          ///< --checkpoint, --checkpoint-every, --resume
};

}  // namespace weft::cli
