// The one exception type weft throws for bad input and misuse: its message is a single readable line.
#pragma once

#include <stdexcept>
#include <string>

namespace weft {

/// Bad input or misuse: an unknown node, an event that is not enabled, a malformed file.
class Error : public std::runtime_error {
 public:
  explicit Error(std::string const& what) : std::runtime_error("weft: " + what) {}
};

}  // namespace weft
