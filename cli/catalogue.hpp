// The protocols the `weft` command knows: name, configuration keys, and how to run any command on each.
#pragma once

#include "request.hpp"

#include <weft/config.hpp>

#include <functional>
#include <string>
#include <vector>

namespace weft::cli {

/// One protocol as the command line sees it.
struct Protocol {
  std::string name;                ///< as typed: `weft check NAME`
  std::string summary;             ///< one line for `weft list`
  std::vector<ConfigKey> keys;     ///< what --set accepts
  /// The properties of the model built from a configuration: (expectation, name).
  std::function<std::vector<std::pair<std::string, std::string>>(Config const&)> properties;
  /// Runs a command on the model built from a configuration; returns the process exit code.
  std::function<int(Config const&, Command const&)> run;
};

/// Every bundled protocol, in `weft list` order.
std::vector<Protocol> const& catalogue();

/// The protocol called `name`; throws weft::Error listing the known names otherwise.
Protocol const& find_protocol(std::string const& name);

}  // namespace weft::cli
