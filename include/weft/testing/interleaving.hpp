// Property tests of a model with RapidCheck: RapidCheck generates the interleaving (which delivery, drop,
// duplicate, timer, input, crash or partition comes next) as a list of choices, and shrinks that list with
// its own integrated shrinking when an invariant fails. On every failing run the trace is written (so the
// file left behind is the shrunk one) and the failure message gives the command that replays it.
//
//   RC_GTEST_PROP(PingPong, AnswersMatchQuestions, ()) {
//     weft::testing::check_interleavings(ping_pong::protocol({.requests = 2}));
//   }
#pragma once

#include <weft/protocol.hpp>
#include <weft/testing/environment.hpp>
#include <weft/trace.hpp>

#include <rapidcheck.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace weft::testing {

/// How long the generated interleavings are, and how their traces are labelled.
struct InterleavingOptions {
  std::string protocol;                        ///< the protocol's name, for its tool's `replay`
  std::map<std::string, std::string> config;   ///< its configuration, for its tool's `replay`
  std::map<std::string, std::string> defaults; ///< the defaults (the trace's name lists what differs)
  std::size_t max_steps = 60;                  ///< the longest interleaving generated
  std::filesystem::path trace_dir = testing::trace_dir();  ///< failing traces are written under here
};

/// Runs one RapidCheck-generated interleaving of `model` from its first initial state and fails the
/// property (RC_FAIL) at the first invariant that breaks, after writing the trace.
template <Model M>
void check_interleavings(M const& model, InterleavingOptions const& o = {}) {
  // Each choice picks among the events enabled at its step; shrinking removes choices and lowers them.
  auto const choices = *rc::gen::container<std::vector<std::uint16_t>>(rc::gen::inRange<std::uint16_t>(0, 1000));
  auto const properties = model.properties();
  typename M::State const initial = model.init_states().at(0);
  typename M::State s = initial, next;
  std::vector<typename M::Action> events, enabled;
  for (std::size_t step = 0; step <= choices.size() && step <= o.max_steps; ++step) {
    for (auto const& p : properties) {
      if (p.expectation != Expectation::always || p.predicate(model, s)) continue;
      auto trace = record_trace(model, initial, events, trace_header(o.protocol, o.config, p.name, expect::violates, "rapidcheck"));
      auto const dir = o.trace_dir / (o.protocol.empty() ? std::string("model") : o.protocol);
      std::filesystem::create_directories(dir);
      auto const file = dir / trace_file_name(p.name, o.config, o.defaults);
      save_trace(file, trace);
      RC_FAIL("\"" + p.name + "\" fails after " + std::to_string(events.size()) + " events; the trace is in " +
              file.string() + "; replay it with: " + replay_command(file));
    }
    if (step == choices.size() || step == o.max_steps) break;
    enabled.clear();
    model.actions(s, enabled);
    std::erase_if(enabled, [&](auto const& a) { return !successor(model, s, a, next); });
    if (enabled.empty()) break;
    auto const& a = enabled[choices[step] % enabled.size()];
    successor(model, s, a, next);
    std::swap(s, next);
    events.push_back(a);
  }
}

/// The same for a model built from its protocol definition: traces are labelled so that its tool replays
/// them (`weft::testing::check_interleavings(lock::protocol({.clients = 3}))`).
template <Model M>
void check_interleavings(Configured<M> const& c, InterleavingOptions o = {}) {
  o.protocol = c.protocol;
  o.config = c.config;
  o.defaults = c.defaults;
  check_interleavings(c.model, o);
}

}  // namespace weft::testing
