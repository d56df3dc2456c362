// `lockcheck check lock ...`: the lock service in this project's own weft tool.
#include <weft/cli/registry.hpp>

#include <lock/lock_properties.hpp>

namespace {
weft::cli::Registration const registration(lock::protocol);
}  // namespace
