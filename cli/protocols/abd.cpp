// `weft check abd`: the ABD atomic register, majority quorums, scripted clients, checked for linearizability.
#include "dispatch.hpp"

#include <abd/abd.hpp>
#include <abd/abd_properties.hpp>

#include <string>

namespace weft::cli {

Protocol abd_protocol() {
  return entry("abd", "the ABD atomic register: majority quorums, reads write back; checked for linearizability",
               world_keys({{"servers", "3", "replicas (2 to 5), interchangeable under --symmetry"},
                           {"clients", "2", "clients (1 to 3), each running its script"},
                           {"client0", "w1", "client 0's operations: r a read, wN a write of N"},
                           {"client1", "r", "client 1's operations (bug_skip_write_back needs two reads: r,r)"},
                           {"client2", "r", "client 2's operations (when clients=3)"},
                           {"bug_skip_write_back", "0", "bug: a read returns without writing back what it read"},
                           {"bug_volatile_storage", "0", "bug: a server forgets its value when it crashes (needs crashes and restarts)"}}),
               [](Config const& c) {
                 abd::Settings s;
                 s.servers = static_cast<std::uint32_t>(c.number("servers"));
                 std::uint64_t const clients = c.number("clients");
                 if (clients < 1 || clients > 3) throw Error("abd: clients must be 1 to 3, got " + std::to_string(clients));
                 s.scripts.clear();
                 for (std::uint64_t i = 0; i < clients; ++i) s.scripts.push_back(abd::parse_script(c.text("client" + std::to_string(i))));
                 s.bug_skip_write_back = c.flag("bug_skip_write_back");
                 s.bug_volatile_storage = c.flag("bug_volatile_storage");
                 auto w = abd::make_world(s);
                 abd::add_properties(w, s);
                 return apply_world_keys(w, c);
               });
}

}  // namespace weft::cli
