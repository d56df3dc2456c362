// Holding what comes from outside to the model before anything runs on it: a trace's stored initial state
// must be a valid state of the model (validate_state) with its recorded fingerprint, its events valid
// events; a snapshot's state likewise. A file that fails is one
// error naming it and what is wrong, never undefined behaviour further on.
//
//   auto const t = weft::load_trace<World>(path);
//   weft::check_trace(world, t, path);        // throws: "t.json: step 3's state: node 1 names node 7, ..."
#pragma once

#include <weft/fingerprint.hpp>
#include <weft/model.hpp>
#include <weft/snapshot.hpp>
#include <weft/trace.hpp>

#include <string>

namespace weft {

/// Throws weft::Error "WHAT: why" when `s` is not a valid state of `m`.
template <Model M>
void expect_valid(M const& m, typename M::State const& s, std::string const& what) {
  if (std::string why = validate_state(m, s); !why.empty()) throw Error(what + ": " + why);
}

/// Holds trace `t` (read from `what`) to model `m`: a stored initial state valid and with its recorded
/// fingerprint, every event valid, a loop start within the trace. (The states after each step are not
/// stored: replay holds them to their fingerprints.)
template <Model M>
void check_trace(M const& m, Trace<M> const& t, std::string const& what) {
  if (t.initial) {
    if (to_hex(fingerprint(*t.initial)) != t.initial_fingerprint)
      throw Error(what + ": the initial state does not have its recorded fingerprint (edited or corrupt)");
    expect_valid(m, *t.initial, what + ": the initial state");
  }
  for (std::size_t i = 0; i < t.steps.size(); ++i)
    if (std::string why = validate_action(m, t.steps[i].event); !why.empty())
      throw Error(what + ": step " + std::to_string(i + 1) + "'s event: " + why);
  if (t.header.loop_start && *t.header.loop_start > t.steps.size())
    throw Error(what + ": its loop starts at step " + std::to_string(*t.header.loop_start) + ", past its end");
}

/// Holds snapshot `s` (read from `what`) to model `m`.
template <Model M>
void check_snapshot(M const& m, Snapshot<M> const& s, std::string const& what) {
  expect_valid(m, s.state, what + ": its state");
}

}  // namespace weft
