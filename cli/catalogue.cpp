// The bundled protocols, in `weft list` order.
#include "catalogue.hpp"

namespace weft::cli {

std::vector<Protocol> const& catalogue() {
  static std::vector<Protocol> const protocols{two_phase_protocol(), tcommit_protocol(), ping_pong_protocol()};
  return protocols;
}

Protocol const& find_protocol(std::string const& name) {
  std::string known;
  for (auto const& p : catalogue()) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw Error("unknown protocol '" + name + "' (known: " + known + ")");
}

}  // namespace weft::cli
