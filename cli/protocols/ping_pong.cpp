// `weft check ping_pong`: a client asks a server to echo values, retrying on a timer.
#include <weft/cli/registry.hpp>

#include <ping_pong/ping_pong.hpp>

namespace {
weft::cli::Registration const ping_pong_registration(ping_pong::protocol);
}  // namespace
