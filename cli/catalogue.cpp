// The bundled protocols (cli/protocols/, listed by the build), in `weft list` order.
#include "catalogue.hpp"

#include "catalogue_list.hpp"

namespace weft::cli {

std::vector<Protocol> const& catalogue() {
  static std::vector<Protocol> const protocols = bundled_protocols();
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
