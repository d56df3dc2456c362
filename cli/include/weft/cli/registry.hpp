// The protocols a tool is built with, each registered by one line in a file of its own (each entry
// compiles every subcommand for its model type, so separate files build in parallel; weft_add_tool's
// BATCH n compiles them n to a unit, so that what they share is compiled once):
//
//   // lock_registration.cpp
//   #include <weft/cli/registry.hpp>
//   #include <lock/lock_properties.hpp>
//   static weft::cli::Registration const lock_protocol(lock::protocol);
//
// In CMake, `weft_add_tool(lockcheck PROTOCOLS lock_registration.cpp)` links such files with a main()
// that runs weft::cli::main over every registered protocol (cmake/weft_tools.cmake).
#pragma once

#include <weft/cli/entry.hpp>
#include <weft/cli/protocol.hpp>

#include <exception>
#include <string>
#include <vector>

namespace weft::cli {

/// Registers a protocol definition with the tool (a static object of this type, one per protocol).
struct Registration {
  /// Adds `def`'s entry; an error (an undescribed settings field, say) is kept for main to report.
  template <class Def>
  explicit Registration(Def const& def) {
    try {
      registry().protocols.push_back(entry(def));
    } catch (std::exception const& e) {
      registry().errors.push_back(def.name() + ": " + e.what());
    }
  }
};

}  // namespace weft::cli
