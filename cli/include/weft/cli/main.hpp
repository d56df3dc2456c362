// The command line of a weft tool: `list`, `check`, `replay`, `shrink`, `diff`, `show`, `snapshot`,
// `transplant`, `convert`, `run`, `replay --log` and `nightly`, over the protocols it was built with.
// The bundled `weft` command and a user's own tool (weft_add_tool) are this same function.
//
//   int main(int argc, char** argv) { return weft::cli::main(argc, argv, {weft::cli::entry(lock::protocol)}); }
#pragma once

#include <weft/cli/protocol.hpp>

#include <vector>

namespace weft::cli {

/// Runs the subcommand `argv` names over `protocols`; returns the exit code (see request.hpp's Exit).
/// Every error is one line on stderr, prefixed with the tool's name (argv[0]'s last component).
int main(int argc, char** argv, std::vector<Protocol> protocols);

/// The same over the protocols registered with Registration (registry.hpp).
int main(int argc, char** argv);

}  // namespace weft::cli
