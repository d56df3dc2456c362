// A protocol as the command line sees it, its model type erased: name, summary, `--set` keys, and a
// function that runs any subcommand on the model a configuration builds. Made from a weft::protocol
// definition by weft::cli::entry (entry.hpp), which compiles every subcommand for that model type.
#pragma once

#include <weft/cli/request.hpp>
#include <weft/settings.hpp>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace weft::cli {

/// Where a subcommand's configuration comes from: a file's recorded values, then `--set` assignments.
struct Configuration {
  std::map<std::string, std::string> recorded;  ///< from a trace, snapshot, checkpoint or log header
  std::string source;                           ///< the file they came from ("" for none)
  std::vector<std::string> sets;                ///< `key=value` from the command line, applied last
};

/// One protocol of a tool.
struct Protocol {
  std::string name;                ///< as typed: `TOOL check NAME`
  std::string summary;             ///< one line for `list`
  std::vector<SettingKey> keys;    ///< what --set accepts, from the protocol's Settings
  /// The properties of the model a configuration builds: (expectation, name).
  std::function<std::vector<std::pair<std::string, std::string>>(Configuration const&)> properties;
  /// Runs a subcommand on the model a configuration builds; returns the process exit code.
  std::function<int(Configuration const&, Command const&)> run;
};

/// What the registrations of a tool left: its protocols, and the errors of those that could not register.
struct Registry {
  std::vector<Protocol> protocols;  ///< in registration order (main sorts them by name)
  std::vector<std::string> errors;  ///< "raft: the settings field ..." (main reports them and stops)
};

/// The registry every Registration (registry.hpp) adds to, constructed on first use so that
/// registrations in any translation unit may run first.
Registry& registry();

}  // namespace weft::cli
