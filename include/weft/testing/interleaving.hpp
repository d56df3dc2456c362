// Property tests of a model with RapidCheck: RapidCheck generates the interleaving (which delivery, drop,
// duplicate, timer, input, crash or partition comes next) as a list of choices, and shrinks that list with
// its own integrated shrinking when an invariant fails. On every failing run the trace is written (so the
// file left behind is the shrunk one) and the failure message gives the `weft replay` command.
//
//   RC_GTEST_PROP(PingPong, AnswersMatchQuestions, ()) {
//     weft::testing::check_interleavings(ping_pong::make_world({10, 20}), {.protocol = "ping_pong"});
//   }
#pragma once

#include <weft/trace.hpp>

#include <rapidcheck.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace weft::testing {

/// Where failing interleavings go, and how they are named for `weft replay`.
struct InterleavingOptions {
  std::string protocol;                        ///< the catalogue name (`weft list`), for `weft replay`
  std::map<std::string, std::string> config;   ///< its configuration, for `weft replay`
  std::size_t max_steps = 60;                  ///< the longest interleaving generated
  std::filesystem::path trace_dir = "weft-traces";  ///< failing traces are written here
};

namespace detail {
inline std::string file_name(std::string const& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}
}  // namespace detail

/// Runs one RapidCheck-generated interleaving of `model` from its first initial state and fails the
/// property (RC_FAIL) at the first invariant that breaks, after writing the trace.
template <Model M>
void check_interleavings(M const& model, InterleavingOptions const& o = {}) {
  // Each choice picks among the events enabled at its step; shrinking removes choices and lowers them.
  auto const choices = *rc::gen::container<std::vector<std::uint16_t>>(rc::gen::inRange<std::uint16_t>(0, 1000));
  auto const properties = model.properties();
  typename M::State const initial = model.init_states().at(0);
  typename M::State s = initial;
  std::vector<typename M::Action> events, enabled;
  for (std::size_t step = 0; step <= choices.size() && step <= o.max_steps; ++step) {
    for (auto const& p : properties) {
      if (p.expectation != Expectation::always || p.predicate(model, s)) continue;
      auto trace = record_trace(model, initial, events, trace_header(o.protocol, o.config, p.name, expect::violates, "rapidcheck"));
      std::filesystem::create_directories(o.trace_dir);
      auto const file = o.trace_dir / (detail::file_name(o.protocol.empty() ? "model" : o.protocol) + "." +
                                       detail::file_name(p.name) + ".json");
      save_trace(file, trace);
      RC_FAIL("\"" + p.name + "\" fails after " + std::to_string(events.size()) + " events; the trace is in " +
              file.string() + "; replay it with: weft replay " + file.string());
    }
    if (step == choices.size() || step == o.max_steps) break;
    enabled.clear();
    model.actions(s, enabled);
    std::erase_if(enabled, [&](auto const& a) { return !model.next_state(s, a); });
    if (enabled.empty()) break;
    auto const& a = enabled[choices[step] % enabled.size()];
    s = *model.next_state(s, a);
    events.push_back(a);
  }
}

}  // namespace weft::testing
