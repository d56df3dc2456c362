// `weft check two_phase`: Lamport's TwoPhase.tla as a weft model.
#include <weft/cli/registry.hpp>

#include <two_phase/two_phase.hpp>

namespace {
weft::cli::Registration const two_phase_registration(two_phase::protocol);
}  // namespace
