// `weft check two_phase_commit`: two-phase commit between a coordinator and 1-4 participants, as processes.
#include <weft/cli/registry.hpp>

#include <two_phase_commit/two_phase_commit_properties.hpp>

namespace {
weft::cli::Registration const two_phase_commit_registration(two_phase_commit::protocol);
}  // namespace
