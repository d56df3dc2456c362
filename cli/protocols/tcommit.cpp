// `weft check tcommit`: Lamport's TCommit.tla, the abstract transaction commit spec.
#include <weft/cli/registry.hpp>

#include <tcommit/tcommit.hpp>

namespace {
weft::cli::Registration const tcommit_registration(tcommit::protocol);
}  // namespace
