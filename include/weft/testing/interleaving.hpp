// Property tests of a model with RapidCheck: RapidCheck generates the interleaving (which delivery, drop,
// duplicate, timer, input, crash or partition comes next) as a list of choices, a chooser for weft::drive,
// and shrinks that list with its own integrated shrinking when an invariant fails. On every failing run the trace is written (so the
// file left behind is the shrunk one) and the failure message gives the command that replays it.
//
//   RC_GTEST_PROP(PingPong, AnswersMatchQuestions, ()) {
//     weft::testing::check_interleavings(ping_pong::protocol({.requests = 2}));
//   }
#pragma once

#include <weft/protocol.hpp>
#include <weft/testing/environment.hpp>
#include <weft/drive.hpp>
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

/// The chooser of a RapidCheck-generated interleaving: choice k picks, among the events the model lists
/// at step k, the one at position choice % count (an event that turns out not to be enabled is dropped and
/// the choice applies to the rest). Shrinking the choices toward 0 prefers the first-listed events.
template <Model M>
class RapidCheckChoices {
 public:
  /// Follows `choices` (which must outlive the chooser).
  RapidCheckChoices(M const& m, std::vector<std::uint16_t> const& choices) : m_(m), choices_(choices) {}
  std::optional<typename M::Action> propose(typename M::State const& s) {
    if (step_ >= choices_.size()) return std::nullopt;
    if (fresh_) {
      listed_.clear();
      m_.actions(s, listed_);
      fresh_ = false;
    }
    if (listed_.empty()) return std::nullopt;
    pick_ = choices_[step_] % listed_.size();
    return listed_[pick_];
  }
  OnRefusal refused(typename M::Action const&, Step) {
    listed_.erase(listed_.begin() + static_cast<std::ptrdiff_t>(pick_));
    return OnRefusal::retry;
  }
  void taken(typename M::Action const&, typename M::State const&, Effects<M> const&) {
    ++step_;
    fresh_ = true;
  }

 private:
  M const& m_;
  std::vector<std::uint16_t> const& choices_;
  std::vector<typename M::Action> listed_;
  std::size_t step_ = 0, pick_ = 0;
  bool fresh_ = true;
};

/// Runs one RapidCheck-generated interleaving of `model` from its first initial state and fails the
/// property (RC_FAIL) at the first invariant that breaks, after writing the trace.
template <Model M>
void check_interleavings(M const& model, InterleavingOptions const& o = {}) {
  // Each choice picks among the events enabled at its step; shrinking removes choices and lowers them.
  auto const choices = *rc::gen::container<std::vector<std::uint16_t>>(rc::gen::inRange<std::uint16_t>(0, 1000));
  auto const properties = model.properties();
  Run<M> run = start_run<M>(model.init_states().at(0));
  RapidCheckChoices<M> chooser(model, choices);
  Property<M> const* broken = nullptr;
  drive(model, run, chooser, [&](Run<M> const& now) {
    for (auto const& p : properties)
      if (p.expectation == Expectation::always && !p.predicate(model, now.last())) return broken = &p, Observe::stop;
    return Observe::go_on;
  }, {.effects = true, .max_steps = o.max_steps});
  if (!broken) return;
  auto trace = to_trace(model, run, trace_header(o.protocol, o.config, broken->name, expect::violates, "rapidcheck"));
  auto const dir = o.trace_dir / (o.protocol.empty() ? std::string("model") : o.protocol);
  std::filesystem::create_directories(dir);
  auto const file = dir / trace_file_name(broken->name, o.config, o.defaults);
  save_trace(file, trace);
  RC_FAIL("\"" + broken->name + "\" fails after " + std::to_string(run.length()) + " events; the trace is in " +
          file.string() + "; replay it with: " + replay_command(file));
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
