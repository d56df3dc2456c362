// `weft check tcommit`: Lamport's TCommit.tla, the abstract transaction commit spec.
#include "dispatch.hpp"

#include <tcommit/tcommit.hpp>

namespace weft::cli {

Protocol tcommit_protocol() {
  return entry("tcommit", "Lamport's TCommit.tla: the abstract transaction commit spec",
               {{"rms", "3", "resource managers (1 to 12)"}},
               [](Config const& c) { return tcommit::Model{static_cast<unsigned>(c.number("rms"))}; });
}

}  // namespace weft::cli
