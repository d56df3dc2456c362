// The one exception type weft throws for bad input and misuse: its message is a single readable line.
// It carries no program name: the command that reports it prefixes its own (`weft: `, `lockcheck: `), so
// messages nest (`trace.json: step 3: ...`) without repeating it.
#pragma once

#include <stdexcept>
#include <string>

namespace weft {

/// Bad input or misuse: an unknown node, an event that is not enabled, a malformed file.
class Error : public std::runtime_error {
 public:
  explicit Error(std::string const& what) : std::runtime_error(what) {}
};

}  // namespace weft
