// `weft check ping_pong`: a client asks a server to echo values, retrying on a timer.
#include "dispatch.hpp"

#include <ping_pong/ping_pong.hpp>

namespace weft::cli {

Protocol ping_pong_protocol() {
  return entry("ping_pong", "a client asks a server to echo values, retrying on a timer",
               world_keys({{"requests", "2", "values the client asks for, one at a time"},
                           {"max_retries", "1", "retries per request before the client gives up"},
                           {"accept_stale_pong", "0", "bug: take any reply as the answer to the current request"}}),
               [](Config const& c) {
                 ping_pong::Client client;
                 client.max_retries = static_cast<std::uint32_t>(c.number("max_retries"));
                 client.accept_stale_pong = c.flag("accept_stale_pong");
                 std::vector<std::uint32_t> values;
                 for (std::uint32_t i = 1; i <= c.number("requests"); ++i) values.push_back(i * 10);
                 auto w = ping_pong::make_world(values, client);
                 return apply_world_keys(w, c);
               });
}

}  // namespace weft::cli
