// `weft check abd`: the ABD atomic register, majority quorums, scripted clients, checked for linearizability.
#include <weft/cli/registry.hpp>

#include <abd/abd_properties.hpp>

namespace {
weft::cli::Registration const abd_registration(abd::protocol);
}  // namespace
