// The registry that a tool's Registration objects fill before main() runs.
#include <weft/cli/protocol.hpp>

namespace weft::cli {

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace weft::cli
