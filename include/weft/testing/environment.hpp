// Where tests leave the traces of their counterexamples, and which command replays them. The environment
// decides when it says (WEFT_TRACE_DIR, WEFT_TOOL); otherwise what weft_add_test (cmake/weft_tools.cmake)
// compiled into the test: its build folder's weft-traces/, and the tool named by its TOOL argument.
// Without either: weft-traces/ in the working directory, and `weft`, the bundled tool.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace weft::testing {

/// The folder where tests write counterexample traces.
inline std::filesystem::path trace_dir() {
  char const* dir = std::getenv("WEFT_TRACE_DIR");
  if (dir && *dir) return dir;
#ifdef WEFT_DEFAULT_TRACE_DIR
  return WEFT_DEFAULT_TRACE_DIR;
#else
  return "weft-traces";
#endif
}

/// The command that replays the traces of the protocols under test.
inline std::string tool() {
  char const* tool = std::getenv("WEFT_TOOL");
  if (tool && *tool) return tool;
#ifdef WEFT_DEFAULT_TOOL
  return WEFT_DEFAULT_TOOL;
#else
  return "weft";
#endif
}

/// `TOOL replay FILE`, with FILE made absolute so that the line works from anywhere.
inline std::string replay_command(std::filesystem::path const& file) {
  std::error_code ec;
  auto const absolute = std::filesystem::absolute(file, ec);
  return tool() + " replay " + (ec ? file : absolute).string();
}

}  // namespace weft::testing
