// `weft check two_phase`: Lamport's TwoPhase.tla as a weft model.
#include "dispatch.hpp"

#include <two_phase/two_phase.hpp>

namespace weft::cli {

Protocol two_phase_protocol() {
  return entry("two_phase", "Lamport's TwoPhase.tla: a transaction manager and N resource managers",
               {{"rms", "3", "resource managers (1 to 12)"},
                {"bug_commit", "0", "bug: the TM commits without waiting for every RM to prepare"},
                {"bug_abort", "0", "bug: an RM may abort after preparing"}},
               [](Config const& c) {
                 return two_phase::Model{static_cast<unsigned>(c.number("rms")), c.flag("bug_commit"), c.flag("bug_abort")};
               });
}

}  // namespace weft::cli
